namespace Sovereign.Web.Models;

/// <summary>A period the user chose to skip (ill, travelling, a day off agreed with a sponsor): it neither counts nor breaks a streak.</summary>
[ExportedAs(typeof(ExportedHabit), Renamed = ["PeriodStart:SkippedPeriods"],
    LeftOut = [nameof(Id), nameof(UserId), nameof(HabitId), nameof(CreatedAt)])] // a day in its habit's list
public class HabitSkip
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid HabitId { get; set; }
    public Guid UserId { get; set; }

    /// <summary>The first local day of the skipped period.</summary>
    public DateOnly PeriodStart { get; set; }

    public DateTime CreatedAt { get; set; }
}

using System.ComponentModel.DataAnnotations;
using Sovereign.Web.Data;
using System.Linq.Expressions;
using Sovereign.Web.Pages.Habits;

namespace Sovereign.Web.Models;

[ExportedAs(typeof(ExportedHabit), LeftOut = [nameof(UserId), nameof(Version),
    // The streak as of the last completion: worked out again from the completions on import, by this server's rules.
    nameof(LastDoneOn), nameof(StreakPeriodStart), nameof(StreakPeriodCount), nameof(StreakRun), nameof(LongestStreak),
    // A reminder reaches this server's devices: set again with them where the account lives.
    nameof(RemindAt)])]
public class Habit
{
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 2000;
    /// <summary>Habits one account may hold, archived ones included: far above any real routine, low enough that no account can make pages slow.</summary>
    public const int MaxPerUser = 200;
    public const string TooMany = "You have 200 habits, the most one account can hold. Delete one you no longer need to add another.";

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }
    [MaxLength(Habit.MaxNameLength)]
    public required string Name { get; set; }
    public string? Description { get; set; }
    public HabitFrequency Frequency { get; set; } = HabitFrequency.Daily;

    /// <summary>Days to be done in each period: "3 days a week". Always 1 for a daily habit.</summary>
    public int TargetPerPeriod { get; set; } = 1;

    public bool IsActive { get; set; } = true;
    /// <summary>Local time of a reminder on each day the habit is still open (not done today, its period neither met nor skipped); null: none.</summary>
    public TimeOnly? RemindAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    // The streak as of the latest completion (derived from the logs and skips, kept here so a card costs one row).
    public DateOnly? LastDoneOn { get; set; }
    public DateOnly? StreakPeriodStart { get; set; }
    public int StreakPeriodCount { get; set; }
    public int StreakRun { get; set; }
    public int LongestStreak { get; set; }

    /// <summary>Optimistic concurrency: two writes to one habit's streak at once cannot both win.</summary>
    public int Version { get; set; }

    public List<HabitLog> Logs { get; } = [];
    public List<HabitSkip> Skips { get; } = [];

    public StreakState Streak
    {
        get => new(LastDoneOn, StreakPeriodStart, StreakPeriodCount, StreakRun, LongestStreak);
        set => (LastDoneOn, StreakPeriodStart, StreakPeriodCount, StreakRun, LongestStreak) = value;
    }
}

public enum HabitFrequency { Daily, Weekly, Monthly }

/// <summary>A habit in the export, with its completions and the periods it was skipped (a skip is its period's first day).</summary>
public sealed record ExportedHabit(Guid Id, string Name, string? Description, string Frequency, int TargetPerPeriod, bool IsActive,
    DateTime CreatedAt, DateTime UpdatedAt, List<ExportedLog> Logs, List<DateOnly> SkippedPeriods)
{
    public static readonly Expression<Func<Habit, ExportedHabit>> From = h => new ExportedHabit(h.Id, h.Name, h.Description,
        SnakeCaseEnum<HabitFrequency>.Name(h.Frequency), h.TargetPerPeriod, h.IsActive, h.CreatedAt, h.UpdatedAt,
        h.Logs.OrderBy(l => l.LocalDate).Select(l => new ExportedLog(l.LocalDate, l.CompletedAt, l.StreakCount, l.Notes, l.CreatedAt)).ToList(),
        h.Skips.OrderBy(s => s.PeriodStart).Select(s => s.PeriodStart).ToList());

    public Habit ToEntity(Guid userId) => new()
    {
        UserId = userId, Name = Name.Trim(), Description = Description, Frequency = SnakeCaseEnum<HabitFrequency>.Parse(Frequency),
        TargetPerPeriod = TargetPerPeriod, IsActive = IsActive, CreatedAt = ImportCheck.Utc(CreatedAt), UpdatedAt = ImportCheck.Utc(UpdatedAt),
    };

    public void Check(ImportCheck check, string what)
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Trim().Length > Habit.MaxNameLength) check.Add($"{what}: the name must be 1 to 100 characters.");
        if (!SnakeCaseEnum<HabitFrequency>.TryParse(Frequency, out var frequency)) check.Add($"{what}: unknown frequency \"{Frequency}\".");
        else if (TargetPerPeriod < 1 || TargetPerPeriod > Periods.MaxTarget(frequency)) check.Add($"{what}: the target per period is out of range.");
        if (Description?.Length > Habit.MaxDescriptionLength) check.Add($"{what}: the description is longer than {Habit.MaxDescriptionLength} characters.");
        check.Instant(CreatedAt, what);
        check.Instant(UpdatedAt, what);
        if (Logs is null) check.Add($"{what}: logs are missing.");
        else if (Logs.Any(l => l is null)) check.Add($"{what}: a completion is empty.");
        else
        {
            if (Logs.GroupBy(l => l.LocalDate).Any(g => g.Count() > 1)) check.Add($"{what}: a day is logged twice.");
            foreach (var log in Logs) log.Check(check, what);
        }
        if (SkippedPeriods is null) check.Add($"{what}: skippedPeriods are missing.");
        else foreach (var skipped in SkippedPeriods) check.Day(skipped, what);
    }
}

namespace Sovereign.Web.Models;

[ExportedAs(typeof(ExportedLog), LeftOut = [nameof(Id), nameof(UserId), nameof(HabitId)])] // in its habit's list
public class HabitLog
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid HabitId { get; set; }

    /// <summary>Always the habit's owner: a composite foreign key (habit_id, user_id) makes the database check it.</summary>
    public Guid UserId { get; set; }

    public DateTime CompletedAt { get; set; }

    /// <summary>The user's local day this completion counts for, fixed when written: travel or a new time zone never rewrites history.</summary>
    public DateOnly LocalDate { get; set; }

    public int StreakCount { get; set; }
    public string? Notes { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A completion in the export, in its habit's list; its streak count is worked out again on import.</summary>
public sealed record ExportedLog(DateOnly LocalDate, DateTime CompletedAt, int StreakCount, string? Notes, DateTime CreatedAt)
{
    public HabitLog ToEntity(Guid userId, Guid habitId) => new()
    {
        HabitId = habitId, UserId = userId, LocalDate = LocalDate, CompletedAt = ImportCheck.Utc(CompletedAt), Notes = Notes, CreatedAt = ImportCheck.Utc(CreatedAt),
    };

    public void Check(ImportCheck check, string what)
    {
        check.Day(LocalDate, what);
        check.Instant(CompletedAt, what);
        check.Instant(CreatedAt, what);
        if (Notes?.Length > Habit.MaxDescriptionLength) check.Add($"{what}: a completion's notes are longer than {Habit.MaxDescriptionLength} characters.");
    }
}

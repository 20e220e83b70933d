namespace Sovereign.Web.Models;

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

using Sovereign.Web.Pages.Habits;

namespace Sovereign.Web.Models;

public class Habit
{
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 2000;
    /// <summary>Habits one account may hold, archived ones included: far above any real routine, low enough that no account can make pages slow.</summary>
    public const int MaxPerUser = 200;
    public const string TooMany = "You have 200 habits, the most one account can hold. Delete one you no longer need to add another.";

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public HabitFrequency Frequency { get; set; } = HabitFrequency.Daily;

    /// <summary>Days to be done in each period: "3 days a week". Always 1 for a daily habit.</summary>
    public int TargetPerPeriod { get; set; } = 1;

    public bool IsActive { get; set; } = true;
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

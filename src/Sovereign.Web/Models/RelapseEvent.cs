namespace Sovereign.Web.Models;

public class RelapseEvent : ITimedEvent
{
    public const int MinSeverity = 1;
    public const int MaxSeverity = 10;
    public const int MaxNotesLength = 5000;
    /// <summary>Relapses one account may hold (far above any real record; it bounds the work a page does).</summary>
    public const int MaxPerUser = 10_000;
    public const string TooMany = "This account holds 10,000 relapse entries, the most it can keep. Export your data, then delete old entries to log new ones.";

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }
    /// <summary>The recovery track this belongs to (the user's own: a composite key holds it to the same user).</summary>
    public Guid TrackId { get; set; }
    public DateTime OccurredAt { get; set; }
    public TriggerType TriggerType { get; set; }
    public int Severity { get; set; }
    public string? Notes { get; set; }

    // HALT — hungry, angry, lonely, tired — the state at the time: a standard relapse-prevention aid.
    public bool Hungry { get; set; }
    public bool Angry { get; set; }
    public bool Lonely { get; set; }
    public bool Tired { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>A mis-tap can be taken back without a confirmation for this long after logging.</summary>
    public static readonly TimeSpan UndoWindow = TimeSpan.FromMinutes(15);
}

public static class TriggerTypes
{
    public static string Label(TriggerType trigger) => trigger switch
    {
        TriggerType.EmotionalDistress => "Emotional distress",
        TriggerType.SocialSituation => "A social situation",
        TriggerType.EnvironmentalCue => "A place, thing or cue",
        TriggerType.Stress => "Stress",
        TriggerType.PeerPressure => "Pressure from others",
        _ => "Something else",
    };
}

/// <summary>Stored as the design's snake_case names (emotional_distress, …).</summary>
public enum TriggerType { EmotionalDistress, SocialSituation, EnvironmentalCue, Stress, PeerPressure, Other }

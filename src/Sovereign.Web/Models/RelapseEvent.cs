namespace Sovereign.Web.Models;

public class RelapseEvent
{
    public const int MinSeverity = 1;
    public const int MaxSeverity = 10;
    public const int MaxNotesLength = 5000;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }
    public DateTime OccurredAt { get; set; }
    public TriggerType TriggerType { get; set; }
    public int Severity { get; set; }
    public string? Notes { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>Stored as the design's snake_case names (emotional_distress, …).</summary>
public enum TriggerType { EmotionalDistress, SocialSituation, EnvironmentalCue, Stress, PeerPressure, Other }

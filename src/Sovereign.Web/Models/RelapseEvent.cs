using Sovereign.Web.Data;
using System.Linq.Expressions;
namespace Sovereign.Web.Models;

[ExportedAs(typeof(ExportedRelapse), LeftOut = [nameof(Id), nameof(UserId)])]
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

    /// <summary>Every trigger as a form choice: its stored name and its label.</summary>
    public static readonly (string Value, string Text)[] Choices =
        Enum.GetValues<TriggerType>().Select(t => (SnakeCaseEnum<TriggerType>.Name(t), Label(t))).ToArray();
}

/// <summary>Stored as the design's snake_case names (emotional_distress, …).</summary>
public enum TriggerType { EmotionalDistress, SocialSituation, EnvironmentalCue, Stress, PeerPressure, Other }

public sealed record ExportedRelapse(DateTime OccurredAt, string TriggerType, int Severity, string? Notes,
    bool Hungry, bool Angry, bool Lonely, bool Tired, DateTime CreatedAt, Guid? TrackId = null)
{
    public static readonly Expression<Func<RelapseEvent, ExportedRelapse>> From = r => new ExportedRelapse(r.OccurredAt,
        SnakeCaseEnum<TriggerType>.Name(r.TriggerType), r.Severity, r.Notes, r.Hungry, r.Angry, r.Lonely, r.Tired, r.CreatedAt, r.TrackId);

    public RelapseEvent ToEntity(Guid userId, Guid trackId) => new()
    {
        UserId = userId, TrackId = trackId, OccurredAt = ImportCheck.Utc(OccurredAt), TriggerType = SnakeCaseEnum<TriggerType>.Parse(TriggerType),
        Severity = Severity, Notes = Notes, CreatedAt = ImportCheck.Utc(CreatedAt), Hungry = Hungry, Angry = Angry, Lonely = Lonely, Tired = Tired,
    };

    public void Check(ImportCheck check, string what)
    {
        if (!SnakeCaseEnum<TriggerType>.TryParse(TriggerType, out _)) check.Add($"{what}: unknown trigger type \"{TriggerType}\".");
        if (Severity is < RelapseEvent.MinSeverity or > RelapseEvent.MaxSeverity) check.Add($"{what}: severity must be 1 to 10.");
        if (Notes?.Length > RelapseEvent.MaxNotesLength) check.Add($"{what}: notes are longer than {RelapseEvent.MaxNotesLength} characters.");
        check.Track(TrackId, what);
        check.Instant(OccurredAt, what);
        check.Instant(CreatedAt, what);
    }
}

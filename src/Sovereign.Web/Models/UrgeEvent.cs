using System.ComponentModel.DataAnnotations;
using Sovereign.Web.Data;
using System.Linq.Expressions;
namespace Sovereign.Web.Models;

/// <summary>A craving that passed without a relapse: each one is a success, and counted as such.</summary>
[ExportedAs(typeof(ExportedUrge), LeftOut = [nameof(Id), nameof(UserId)])]
public class UrgeEvent : ITimedEvent
{
    public const int MaxIntensity = 10;
    public const int MaxNotesLength = 2000;
    /// <summary>Urges one account may hold (far above any real record; it bounds the work a page does).</summary>
    public const int MaxPerUser = 10_000;
    public const string TooMany = "This account holds 10,000 urges, the most it can keep. Export your data, then delete old entries to log new ones.";

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }
    /// <summary>The recovery track this belongs to (the user's own: a composite key holds it to the same user).</summary>
    public Guid TrackId { get; set; }
    public DateTime OccurredAt { get; set; }

    /// <summary>0–10, the standard craving scale (kept apart from relapse severity).</summary>
    public int Intensity { get; set; }

    /// <summary>After a guided urge surf: how strong it was at the end.</summary>
    public int? IntensityAfter { get; set; }

    public TriggerType TriggerType { get; set; }
    public bool Hungry { get; set; }
    public bool Angry { get; set; }
    public bool Lonely { get; set; }
    public bool Tired { get; set; }

    /// <summary>Quick picks of what helped, as snake_case names joined by commas (see <see cref="Coping"/>).</summary>
    [MaxLength(200)]
    public string? HelpedWith { get; set; }

    public string? Notes { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum Coping { CalledSomeone, WentForAWalk, UrgeSurfing, WentToAMeeting, Breathing, AteOrRested, DistractedMyself }

public static class Copings
{
    public static string Label(Coping coping) => coping switch
    {
        Coping.CalledSomeone => "Called someone",
        Coping.WentForAWalk => "Went for a walk",
        Coping.UrgeSurfing => "Urge surfing",
        Coping.WentToAMeeting => "Went to a meeting",
        Coping.Breathing => "Breathing",
        Coping.AteOrRested => "Ate or rested",
        _ => "Distracted myself",
    };

    /// <summary>Every way of coping as a form choice: its stored name and its label.</summary>
    public static readonly (string Value, string Text)[] Choices =
        Enum.GetValues<Coping>().Select(c => (Data.SnakeCaseEnum<Coping>.Name(c), Label(c))).ToArray();

    public static IReadOnlyList<Coping> Parse(string? joined) =>
        (joined ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(n => Data.SnakeCaseEnum<Coping>.TryParse(n, out var c) ? c : (Coping?)null).OfType<Coping>().ToList();

    public static string? Join(IEnumerable<Coping> copings) =>
        string.Join(',', copings.Distinct().Order().Select(Data.SnakeCaseEnum<Coping>.Name)) is { Length: > 0 } s ? s : null;
}

public sealed record ExportedUrge(DateTime OccurredAt, int Intensity, int? IntensityAfter, string TriggerType,
    bool Hungry, bool Angry, bool Lonely, bool Tired, string? HelpedWith, string? Notes, DateTime CreatedAt, Guid? TrackId = null)
{
    public static readonly Expression<Func<UrgeEvent, ExportedUrge>> From = u => new ExportedUrge(u.OccurredAt, u.Intensity, u.IntensityAfter,
        SnakeCaseEnum<TriggerType>.Name(u.TriggerType), u.Hungry, u.Angry, u.Lonely, u.Tired, u.HelpedWith, u.Notes, u.CreatedAt, u.TrackId);

    public UrgeEvent ToEntity(Guid userId, Guid trackId) => new()
    {
        UserId = userId, TrackId = trackId, OccurredAt = ImportCheck.Utc(OccurredAt), Intensity = Intensity, IntensityAfter = IntensityAfter,
        TriggerType = SnakeCaseEnum<TriggerType>.Parse(TriggerType), Hungry = Hungry, Angry = Angry, Lonely = Lonely, Tired = Tired,
        HelpedWith = Copings.Join(Copings.Parse(HelpedWith)), Notes = Notes, CreatedAt = ImportCheck.Utc(CreatedAt),
    };

    public void Check(ImportCheck check, string what)
    {
        if (!SnakeCaseEnum<TriggerType>.TryParse(TriggerType, out _)) check.Add($"{what}: unknown trigger type \"{TriggerType}\".");
        if (Intensity is < 0 or > UrgeEvent.MaxIntensity || IntensityAfter is < 0 or > UrgeEvent.MaxIntensity) check.Add($"{what}: intensity must be 0 to 10.");
        if (Notes?.Length > UrgeEvent.MaxNotesLength) check.Add($"{what}: notes are longer than {UrgeEvent.MaxNotesLength} characters.");
        if (HelpedWith?.Length > 200) check.Add($"{what}: what helped is longer than 200 characters.");
        check.Track(TrackId, what);
        check.Instant(OccurredAt, what);
        check.Instant(CreatedAt, what);
    }
}

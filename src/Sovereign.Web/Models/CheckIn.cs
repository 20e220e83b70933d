using System.ComponentModel.DataAnnotations;
using Sovereign.Web.Data;
using System.Linq.Expressions;
namespace Sovereign.Web.Models;

/// <summary>
/// One local day's check-in: the morning commitment (one per active track, <see cref="CheckInCommitment"/>) and the
/// evening look back. Either part may be done alone; a day has one check-in (its local date is fixed when first written,
/// as a habit log's is).
/// </summary>
[ExportedAs(typeof(ExportedCheckIn), LeftOut = [nameof(Id), nameof(UserId)])]
public class CheckIn
{
    public const int MinMood = 1;
    public const int MaxMood = 5;
    public const int MaxCraving = 10;
    public const decimal MaxHoursSlept = 24;
    public const int MaxWentWellLength = 500;
    public const int MaxNoteLength = 2000;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }
    public DateOnly LocalDate { get; set; }

    /// <summary>When the evening part was saved; null while only the morning is done.</summary>
    public DateTime? EveningAt { get; set; }
    /// <summary>1 (very low) to 5 (very good).</summary>
    public int? Mood { get; set; }
    /// <summary>0–10, the craving scale urges use.</summary>
    public int? Craving { get; set; }
    public bool Hungry { get; set; }
    public bool Angry { get; set; }
    public bool Lonely { get; set; }
    public bool Tired { get; set; }
    public decimal? HoursSlept { get; set; }
    [MaxLength(CheckIn.MaxWentWellLength)]
    public string? WentWell { get; set; }
    [MaxLength(CheckIn.MaxNoteLength)]
    public string? Note { get; set; }

    /// <summary>Written after its day was over (a day filled in later).</summary>
    public bool Backfilled { get; set; }

    public List<CheckInCommitment> Commitments { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>"Today I stay away from …": one track's morning commitment on one check-in.</summary>
[ExportedAs(typeof(ExportedCheckIn), Renamed = ["TrackId:CommittedTrackIds"],
    LeftOut = [nameof(CheckInId), nameof(UserId), nameof(CreatedAt)])] // a track id in its check-in's list
public class CheckInCommitment
{
    public Guid CheckInId { get; set; }
    public Guid TrackId { get; set; }
    public Guid UserId { get; set; }
    public DateTime CreatedAt { get; set; }
}

public static class Moods
{
    /// <summary>Words and a symbol for each mood, never colour alone.</summary>
    public static string Label(int mood) => mood switch
    {
        1 => "Very low",
        2 => "Low",
        3 => "Okay",
        4 => "Good",
        _ => "Very good",
    };

    public static string Symbol(int mood) => mood switch { 1 => "☹︎☹︎", 2 => "☹︎", 3 => "😐︎", 4 => "☺︎", _ => "☺︎☺︎" };
}

public sealed record ExportedCheckIn(DateOnly LocalDate, List<Guid> CommittedTrackIds, DateTime? EveningAt, int? Mood, int? Craving,
    bool Hungry, bool Angry, bool Lonely, bool Tired, decimal? HoursSlept, string? WentWell, string? Note, bool Backfilled, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static readonly Expression<Func<CheckIn, ExportedCheckIn>> From = c => new ExportedCheckIn(c.LocalDate,
        c.Commitments.OrderBy(m => m.TrackId).Select(m => m.TrackId).ToList(), c.EveningAt, c.Mood, c.Craving,
        c.Hungry, c.Angry, c.Lonely, c.Tired, c.HoursSlept, c.WentWell, c.Note, c.Backfilled, c.CreatedAt, c.UpdatedAt);

    public CheckIn ToEntity(Guid userId) => new()
    {
        UserId = userId, LocalDate = LocalDate, EveningAt = EveningAt is { } evening ? ImportCheck.Utc(evening) : null, Mood = Mood, Craving = Craving,
        Hungry = Hungry, Angry = Angry, Lonely = Lonely, Tired = Tired, HoursSlept = HoursSlept, WentWell = WentWell, Note = Note,
        Backfilled = Backfilled, CreatedAt = ImportCheck.Utc(CreatedAt), UpdatedAt = ImportCheck.Utc(UpdatedAt),
    };

    public void Check(ImportCheck check, string what)
    {
        check.Day(LocalDate, what);
        check.Instant(CreatedAt, what);
        check.Instant(UpdatedAt, what);
        if (EveningAt is { } evening) check.Instant(evening, what);
        if (Mood is < CheckIn.MinMood or > CheckIn.MaxMood) check.Add($"{what}: mood must be 1 to 5.");
        if (Craving is < 0 or > CheckIn.MaxCraving) check.Add($"{what}: craving must be 0 to 10.");
        if (HoursSlept is < 0 or > CheckIn.MaxHoursSlept || HoursSlept is { } h && Math.Round(h, 1) != h) check.Add($"{what}: hours slept must be 0 to 24, to a tenth.");
        if (WentWell?.Length > CheckIn.MaxWentWellLength || Note?.Length > CheckIn.MaxNoteLength) check.Add($"{what}: a text is too long.");
        if (CommittedTrackIds is null || CommittedTrackIds.Any(t => !check.TrackIds.Contains(t) || t == Guid.Empty)) check.Add($"{what}: a committed track is not in the file.");
        if (EveningAt is null && (CommittedTrackIds?.Count ?? 0) == 0) check.Add($"{what}: neither part is done.");
    }
}

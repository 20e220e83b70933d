namespace Sovereign.Web.Models;

/// <summary>
/// One local day's check-in: the morning commitment (one per active track, <see cref="CheckInCommitment"/>) and the
/// evening look back. Either part may be done alone; a day has one check-in (its local date is fixed when first written,
/// as a habit log's is).
/// </summary>
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
    public string? WentWell { get; set; }
    public string? Note { get; set; }

    /// <summary>Written after its day was over (a day filled in later).</summary>
    public bool Backfilled { get; set; }

    public List<CheckInCommitment> Commitments { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>"Today I stay away from …": one track's morning commitment on one check-in.</summary>
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

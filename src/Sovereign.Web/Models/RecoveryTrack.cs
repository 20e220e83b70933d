namespace Sovereign.Web.Models;

/// <summary>
/// One thing the user is recovering from (alcohol, gambling, …): its own clock from its own relapses, what it cost a day,
/// the time it took, and the user's reasons.
/// </summary>
public class RecoveryTrack
{
    public const int MaxNameLength = 100;
    public const int MaxReasonsLength = 2000;
    public const decimal MaxCostPerDay = 100_000m;
    public const int MaxMinutesPerDay = 1440;
    /// <summary>Tracks one account may hold, archived included.</summary>
    public const int MaxPerUser = 20;
    /// <summary>The track every account made before tracks existed was given, holding its relapses and urges.</summary>
    public const string FirstTrackName = "My recovery";

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }
    public required string Name { get; set; }
    public TrackKind Kind { get; set; }

    /// <summary>The local day (and, if given, time) the user counts this recovery from; the clock starts here or at the last relapse, whichever is later.</summary>
    public DateOnly? CleanSince { get; set; }
    public TimeOnly? CleanSinceTime { get; set; }

    /// <summary>What it cost a day, in <see cref="Currency"/> (ISO 4217); both or neither.</summary>
    public decimal? CostPerDay { get; set; }
    public string? Currency { get; set; }

    /// <summary>The time it took a day: what comes back with every clean day.</summary>
    public int? MinutesPerDay { get; set; }

    /// <summary>Why I am doing this, in the user's words.</summary>
    public string? Reasons { get; set; }

    /// <summary>The user's order (0 first).</summary>
    public int Position { get; set; }
    public DateTime? ArchivedAt { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>Stored as snake_case names (alcohol, other_substance, social_media, …).</summary>
public enum TrackKind { Alcohol, Nicotine, Cannabis, Opioids, Stimulants, OtherSubstance, Gambling, Pornography, Gaming, SocialMedia, Other }

public static class TrackKinds
{
    public static string Label(TrackKind kind) => kind switch
    {
        TrackKind.OtherSubstance => "Another substance",
        TrackKind.SocialMedia => "Social media",
        TrackKind.Other => "Something else",
        _ => kind.ToString(),
    };
}

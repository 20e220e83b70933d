using System.ComponentModel.DataAnnotations;
using Sovereign.Web.Pages.Tracks;
using Sovereign.Web.Data;
using System.Linq.Expressions;
namespace Sovereign.Web.Models;

/// <summary>
/// One thing the user is recovering from (alcohol, gambling, …): its own clock from its own relapses, what it cost a day,
/// the time it took, and the user's reasons.
/// </summary>
[ExportedAs(typeof(ExportedTrack), LeftOut = [nameof(UserId)])]
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
    [MaxLength(RecoveryTrack.MaxReasonsLength)]
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

/// <summary>A track in the export (version 2 on); its id ties the file's events and check-ins to it.</summary>
public sealed record ExportedTrack(Guid Id, string Name, string Kind, DateOnly? CleanSince, TimeOnly? CleanSinceTime, decimal? CostPerDay, string? Currency,
    int? MinutesPerDay, string? Reasons, int Position, DateTime? ArchivedAt, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static readonly Expression<Func<RecoveryTrack, ExportedTrack>> From = t => new ExportedTrack(t.Id, t.Name, SnakeCaseEnum<TrackKind>.Name(t.Kind),
        t.CleanSince, t.CleanSinceTime, t.CostPerDay, t.Currency, t.MinutesPerDay, t.Reasons, t.Position, t.ArchivedAt, t.CreatedAt, t.UpdatedAt);

    public RecoveryTrack ToEntity(Guid userId) => new()
    {
        UserId = userId, Name = Name.Trim(), Kind = SnakeCaseEnum<TrackKind>.Parse(Kind), CleanSince = CleanSince, CleanSinceTime = CleanSinceTime,
        CostPerDay = CostPerDay, Currency = Currency?.ToUpperInvariant(), MinutesPerDay = MinutesPerDay, Reasons = Reasons, Position = Position,
        ArchivedAt = ArchivedAt is { } archived ? ImportCheck.Utc(archived) : null, CreatedAt = ImportCheck.Utc(CreatedAt), UpdatedAt = ImportCheck.Utc(UpdatedAt),
    };

    public void Check(ImportCheck check, string what)
    {
        if (!check.TrackIds.Add(Id)) check.Add($"{what}: the id is used twice.");
        if (string.IsNullOrWhiteSpace(Name) || Name.Trim().Length > RecoveryTrack.MaxNameLength) check.Add($"{what}: the name must be 1 to 100 characters.");
        if (!SnakeCaseEnum<TrackKind>.TryParse(Kind, out _)) check.Add($"{what}: unknown kind \"{Kind}\".");
        if (CleanSince is { } since) check.Day(since, what);
        if (CostPerDay is < 0 or > RecoveryTrack.MaxCostPerDay) check.Add($"{what}: the cost per day must be 0 to 100,000.");
        if (CostPerDay is not null && Currencies.Find(Currency) is null || Currency is not null && Currencies.Find(Currency) is null)
            check.Add($"{what}: unknown currency \"{Currency}\".");
        else if (CostPerDay is { } cost && Currencies.Round(cost, Currencies.Find(Currency)!) != cost)
            check.Add($"{what}: the cost per day has more decimal places than {Currency} has.");
        if (CleanSinceTime is not null && CleanSince is null) check.Add($"{what}: a clean-since time needs its day.");
        if (MinutesPerDay is < 0 or > RecoveryTrack.MaxMinutesPerDay) check.Add($"{what}: the minutes per day must be 0 to 1440.");
        if (Reasons?.Length > RecoveryTrack.MaxReasonsLength) check.Add($"{what}: the reasons are longer than {RecoveryTrack.MaxReasonsLength} characters.");
        check.Instant(CreatedAt, what);
        check.Instant(UpdatedAt, what);
        if (ArchivedAt is { } archived) check.Instant(archived, what);
    }
}

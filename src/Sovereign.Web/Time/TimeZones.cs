using NodaTime;

namespace Sovereign.Web.Time;

/// <summary>IANA time zones, from NodaTime's bundled tz database (the same on every OS).</summary>
public static class TimeZones
{
    public static IReadOnlyList<string> All { get; } =
        DateTimeZoneProviders.Tzdb.Ids.Where(id => id.Contains('/') || id == "UTC").Order(StringComparer.Ordinal).ToList();

    /// <summary>Every zone as a form choice, with spaces for underscores.</summary>
    public static IReadOnlyList<(string Value, string Text)> Choices { get; } = All.Select(z => (z, z.Replace('_', ' '))).ToList();

    /// <summary>Under every zone choice (timezone.js picks the browser's zone on a new form).</summary>
    public const string Hint = "Your days, weeks and streaks follow this time zone.";

    public static bool IsValid(string? id) => id is not null && DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) is not null;

    public static DateTimeZone Get(string id) => DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) ?? DateTimeZone.Utc;

    /// <summary>The calendar date it is now in the given zone.</summary>
    public static DateOnly Today(string zone, TimeProvider clock) =>
        Instant.FromDateTimeOffset(clock.GetUtcNow()).InZone(Get(zone)).Date.ToDateOnly();
}

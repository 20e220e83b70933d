using System.Globalization;

namespace Sovereign.Web.Time;

/// <summary>
/// The one window every date the app accepts must fall in — forms, routes, query strings and imports: from
/// 1 January 1900 up to today in the user's zone. It keeps every loop and every time-zone conversion far from the ends
/// of the calendar (a day at year 1 in a zone east of UTC has no UTC instant), and a century of history is more than
/// any recovery record needs.
/// </summary>
public static class DateWindow
{
    public static readonly DateOnly Earliest = new(1900, 1, 1);
    public static readonly DateTime EarliestInstant = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static string Problem(DateOnly today) =>
        $"Choose a date from 1 January 1900 up to today ({today.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}).";

    public static bool Contains(DateOnly day, DateOnly today) => day >= Earliest && day <= today;

    /// <summary>An instant is inside when it lies after 1900 began and is no later than <paramref name="now"/> (plus a day's grace for imports' clocks).</summary>
    public static bool Contains(DateTime utc, DateTime now) => utc >= EarliestInstant && utc <= now.AddDays(1);

    /// <summary>A yyyy-MM-dd date, or null when the text is not one.</summary>
    public static DateOnly? ParseDay(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}

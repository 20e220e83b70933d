using NodaTime.TimeZones;

namespace Sovereign.Web.Pages.Help;

public sealed record Helpline(string Name, string Contact, string? Href);

/// <summary>
/// Crisis and support lines: the user's own list (one per line, "Name: number or address"), or the default one with the
/// lines of the user's region first. Each number is its own line, so each is its own tel: link (sources in the README).
/// </summary>
public static class Helplines
{
    public enum Region { Anywhere, US, UK, EU }

    private static readonly (Region Region, string Line)[] Defaults =
    [
        (Region.US, "Emergency services (US): 911"),
        (Region.US, "SAMHSA National Helpline (US, free, confidential, 24/7): 1-800-662-4357"),
        (Region.US, "988 Suicide & Crisis Lifeline (US, call or text): 988"),
        (Region.UK, "Emergency services (UK): 999"),
        (Region.UK, "Drinkline, alcohol (UK, free): 0300 123 1110"),
        (Region.UK, "FRANK, drugs (UK, 24/7): 0300 123 6600"),
        (Region.UK, "Samaritans (UK and Ireland, 24/7): 116 123"),
        (Region.EU, "Emergency services (every EU country, and the UK): 112"),
        (Region.EU, "Emotional support helpline (many EU countries): 116 123"),
        (Region.Anywhere, "Narcotics Anonymous meetings: https://www.na.org/meetingsearch/"),
        (Region.Anywhere, "Alcoholics Anonymous meetings: https://www.aa.org/find-aa"),
        (Region.Anywhere, "SMART Recovery meetings: https://meetings.smartrecovery.org/"),
    ];

    // The EU's members, with the EEA and Switzerland, where 112 answers too.
    private static readonly HashSet<string> EuropeanCountries =
    [
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL",
        "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO", "CH",
    ];

    // zone.tab's country of each zone, read once (the help page and the page after a relapse ask on every request).
    private static readonly Dictionary<string, string> CountryOfZone = (TzdbDateTimeZoneSource.Default.ZoneLocations ?? [])
        .GroupBy(l => l.ZoneId).ToDictionary(g => g.Key, g => g.First().CountryCode);

    /// <summary>The region of a time zone, from the time-zone database's own country of each zone.</summary>
    public static Region RegionOf(string timeZone)
    {
        var id = TzdbDateTimeZoneSource.Default.CanonicalIdMap.TryGetValue(timeZone, out var canonical) ? canonical : timeZone;
        return CountryOfZone.GetValueOrDefault(id) switch
        {
            "US" or "PR" or "GU" or "VI" or "AS" or "MP" => Region.US,
            "GB" or "GG" or "JE" or "IM" => Region.UK,
            { } c when EuropeanCountries.Contains(c) => Region.EU,
            _ => Region.Anywhere,
        };
    }

    /// <summary>The default list as the settings page shows it: the region's lines, the meetings, then the other regions'.</summary>
    public static string DefaultText(string timeZone)
    {
        var region = RegionOf(timeZone);
        // Somewhere else, the list keeps its own order: the emergency numbers first.
        return string.Join("\n", Defaults
            .OrderBy(d => region == Region.Anywhere || d.Region == region ? 0 : d.Region == Region.Anywhere ? 1 : 2)
            .Select(d => d.Line));
    }

    /// <summary>The lines a person sees: their own list as written, or the default one for their time zone.</summary>
    public static IReadOnlyList<Helpline> For(string? own, string timeZone) =>
        (string.IsNullOrWhiteSpace(own) ? DefaultText(timeZone) : own)
            .Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(line =>
            {
                var colon = line.LastIndexOf(": ", StringComparison.Ordinal);
                var (name, contact) = colon > 0 ? (line[..colon].Trim(), line[(colon + 2)..].Trim()) : (line, "");
                return new Helpline(name, contact, Href(contact));
            })
            .ToList();

    /// <summary>A tel: link for a phone number, the address for a web page, nothing for anything else.</summary>
    private static string? Href(string contact)
    {
        if (Uri.TryCreate(contact, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http") return uri.ToString();
        var digits = new string(contact.TakeWhile(c => c != '/').Where(c => char.IsAsciiDigit(c) || c == '+').ToArray());
        return digits.Length >= 3 ? "tel:" + digits : null;
    }
}

namespace Sovereign.Web.Services;

public sealed record Helpline(string Name, string Contact, string? Href);

/// <summary>Crisis and support lines: the user's own list (one per line, "Name: number or address") or a default one.</summary>
public static class Helplines
{
    public const string Default = """
        SAMHSA National Helpline (US, free, confidential, 24/7): 1-800-662-4357
        988 Suicide & Crisis Lifeline (US, call or text): 988
        Samaritans (UK and Ireland, 24/7): 116 123
        FRANK drugs helpline (UK): 0300 123 6600
        Emergency services (US / UK / EU): 911 / 999 / 112
        Narcotics Anonymous meetings: https://www.na.org/meetingsearch/
        Alcoholics Anonymous meetings: https://www.aa.org/find-aa
        SMART Recovery meetings: https://meetings.smartrecovery.org/
        """;

    public static IReadOnlyList<Helpline> Parse(string? text) =>
        (string.IsNullOrWhiteSpace(text) ? Default : text)
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

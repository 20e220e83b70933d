using System.Globalization;

namespace Sovereign.Web.Pages.Tracks;

/// <summary>An ISO 4217 currency as .NET's culture data (ICU/CLDR) describes it: symbol and minor unit.</summary>
public sealed record Currency(string Code, string Name, string Symbol, int MinorDigits);

/// <summary>
/// The currencies the runtime's culture data knows, read once: no hand-written table. A currency's symbol is taken from a
/// culture of the country that issues it (the code's first two letters: US for USD, JP for JPY), English first.
/// </summary>
public static class Currencies
{
    private static readonly Dictionary<string, Currency> ByCode = Load();

    public static IReadOnlyList<Currency> All { get; } = ByCode.Values.OrderBy(c => c.Code, StringComparer.Ordinal).ToList();

    public static Currency? Find(string? code) => code is not null && ByCode.TryGetValue(code.ToUpperInvariant(), out var c) ? c : null;

    /// <summary>Rounds to the currency's minor unit (2 for EUR, 0 for JPY, 3 for KWD), half away from zero as money is.</summary>
    public static decimal Round(decimal amount, Currency currency) => Math.Round(amount, currency.MinorDigits, MidpointRounding.AwayFromZero);

    /// <summary>"£1,234.50": the currency's symbol and minor unit in the app's number style, whatever the server's locale.</summary>
    public static string Format(decimal amount, Currency currency)
    {
        var style = (NumberFormatInfo)CultureInfo.InvariantCulture.NumberFormat.Clone();
        style.CurrencySymbol = currency.Symbol;
        style.CurrencyDecimalDigits = currency.MinorDigits;
        return Round(amount, currency).ToString("C", style);
    }

    private static Dictionary<string, Currency> Load()
    {
        var regions = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
            .Select(culture => (Culture: culture, Region: TryRegion(culture.Name)))
            .Where(c => c.Region is { ISOCurrencySymbol.Length: 3 })
            .ToList();
        return regions.GroupBy(c => c.Region!.ISOCurrencySymbol).ToDictionary(g => g.Key, g =>
        {
            var issuer = g.Key[..2];
            var (culture, region) = g.OrderByDescending(c => c.Region!.TwoLetterISORegionName == issuer)
                .ThenByDescending(c => c.Culture.TwoLetterISOLanguageName == "en").ThenBy(c => c.Culture.Name, StringComparer.Ordinal).First();
            return new Currency(g.Key, region!.CurrencyEnglishName, culture.NumberFormat.CurrencySymbol, culture.NumberFormat.CurrencyDecimalDigits);
        });
    }

    private static RegionInfo? TryRegion(string culture)
    {
        try { return new RegionInfo(culture); }
        catch (ArgumentException) { return null; }
    }
}

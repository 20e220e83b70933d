using System.Security.Cryptography;
using System.Text;

namespace Sovereign.Web.Pages.Auth;

/// <summary>
/// One canonical form for usernames and e-mail addresses, so that every spelling of one name finds one account on both
/// databases: Unicode NFKC (full-width letters, ligatures and the Kelvin sign become plain letters), default-ignorable
/// characters removed (soft hyphens, zero-width spaces and joiners, variation selectors, tags), case-folded. Accounts are
/// found and kept unique by <see cref="Key"/>, never by the database's collation, which differs between SQLite and PostgreSQL.
/// </summary>
public static class LoginNames
{
    public static string Canonical(string name)
    {
        var composed = name.Normalize(NormalizationForm.FormKC);
        var visible = new StringBuilder(composed.Length);
        foreach (var rune in composed.EnumerateRunes())
            if (!IsDefaultIgnorable(rune.Value)) visible.Append(rune.ToString());
        // Upper then lower folds what a lowercase mapping alone keeps apart (final sigma, long s); composing again after
        // folding is what Unicode's NFKC_Casefold does too.
        return visible.ToString().ToUpperInvariant().ToLowerInvariant().Normalize(NormalizationForm.FormKC);
    }

    /// <summary>SHA-256 of the canonical form, as stored in users.email_key and users.username_key: exact on both databases, fixed in size.</summary>
    public static string Key(string name) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(name))));

    /// <summary>Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt, Unicode 15.1); .NET has no query for it.</summary>
    private static bool IsDefaultIgnorable(int c) => c switch
    {
        0x00AD or 0x034F or 0x061C or 0x115F or 0x1160 or 0x17B4 or 0x17B5 or 0x3164 or 0xFEFF or 0xFFA0 => true,
        >= 0x180B and <= 0x180F => true,
        >= 0x200B and <= 0x200F => true,
        >= 0x202A and <= 0x202E => true,
        >= 0x2060 and <= 0x206F => true,
        >= 0xFE00 and <= 0xFE0F => true,
        >= 0xFFF0 and <= 0xFFF8 => true,
        >= 0x1BCA0 and <= 0x1BCA3 => true,
        >= 0x1D173 and <= 0x1D17A => true,
        >= 0xE0000 and <= 0xE0FFF => true,
        _ => false,
    };
}

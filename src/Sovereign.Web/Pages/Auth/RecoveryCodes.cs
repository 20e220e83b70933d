using System.Security.Cryptography;
using System.Text;

namespace Sovereign.Web.Pages.Auth;

/// <summary>One-time codes that let a user set a new password without e-mail: 20 Crockford base-32 characters (100 bits).</summary>
public static class RecoveryCodes
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New()
    {
        var chars = RandomNumberGenerator.GetItems<char>(Alphabet, 20);
        return string.Join('-', Enumerable.Range(0, 5).Select(i => new string(chars, i * 4, 4)));
    }

    public static string Hash(string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(Normalize(code))));

    public static bool Matches(string? code, string? hash) =>
        code is not null && hash is { Length: 64 }
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(code)), Encoding.ASCII.GetBytes(hash));

    /// <summary>Forgiving input: any case, spaces or dashes, and the letters people confuse with digits.</summary>
    private static string Normalize(string code) => new(code.ToUpperInvariant()
        .Where(char.IsAsciiLetterOrDigit)
        .Select(c => c switch { 'O' => '0', 'I' or 'L' => '1', _ => c })
        .ToArray());
}

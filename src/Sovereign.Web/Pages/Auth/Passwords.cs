using System.Reflection;
using BCrypt.Net;

namespace Sovereign.Web.Pages.Auth;

/// <summary>
/// bcrypt, work factor 12 by default. Passwords are pre-hashed with SHA-384 (BCrypt.Net's "enhanced" mode), so every
/// character of a password longer than bcrypt's 72 bytes still counts.
/// </summary>
public sealed class Passwords(IConfiguration config)
{
    public const int MinLength = 8;
    public const int MaxLength = 128;
    private const HashType PreHash = HashType.SHA384;

    private readonly int workFactor = config.GetValue("Auth:BcryptWorkFactor", 12);
    private readonly Lazy<string> dummyHash = new(() => BCrypt.Net.BCrypt.EnhancedHashPassword("not a real password", PreHash, config.GetValue("Auth:BcryptWorkFactor", 12)));

    private static readonly HashSet<string> Common = LoadCommon();

    public string Hash(string password) => BCrypt.Net.BCrypt.EnhancedHashPassword(password, PreHash, workFactor);

    public bool Verify(string password, string hash)
    {
        try { return BCrypt.Net.BCrypt.EnhancedVerify(password, hash, PreHash); }
        catch (SaltParseException) { return false; }
    }

    /// <summary>Spends the time a real check takes, so an unknown account answers as slowly as a wrong password.</summary>
    public void VerifyNobody(string password) => Verify(password, dummyHash.Value);

    /// <summary>Why a new password is refused, or null. NIST SP 800-63B: length and a list of common passwords, no composition rules.</summary>
    public static string? Problem(string? password)
    {
        var length = password?.EnumerateRunes().Count() ?? 0;
        if (length < MinLength) return $"Use at least {MinLength} characters.";
        if (length > MaxLength) return $"Use at most {MaxLength} characters.";
        if (Common.Contains(password!)) return "That password is one of the most common ones. Choose something less guessable — a few unrelated words work well.";
        return null;
    }

    public const int MinPinLength = 4;
    public const int MaxPinLength = 12;

    /// <summary>Whether a secret typed to unlock could be a PIN at all (else only the password is checked).</summary>
    public static bool LooksLikePin(string secret) => secret is { Length: >= MinPinLength and <= MaxPinLength } && secret.All(char.IsAsciiDigit);

    /// <summary>
    /// Why a new PIN is refused, or null: 4 to 12 digits, and not the ones tried first — one digit repeated, a run
    /// (1234, 9876, 2468), a pair repeated (1212), a year (1950–2039). It opens only a locked session, and five wrong tries
    /// end that session, so a short one is enough; it is hashed as a password is.
    /// </summary>
    public static string? PinProblem(string? pin)
    {
        if (pin is null || !LooksLikePin(pin)) return $"A PIN is {MinPinLength} to {MaxPinLength} digits.";
        var steps = pin.Zip(pin.Skip(1), (a, b) => (b - a + 10) % 10).Distinct().ToList();
        var guessable = steps.Count == 1 || pin.Length % 2 == 0 && pin == string.Concat(Enumerable.Repeat(pin[..2], pin.Length / 2))
            || pin.Length == 4 && int.Parse(pin, System.Globalization.CultureInfo.InvariantCulture) is >= 1950 and <= 2039;
        return guessable ? "That PIN is among the first anyone would try (a repeated digit, a run like 1234 or 2468, a pair like 1212, a year). Choose another." : null;
    }

    private static HashSet<string> LoadCommon()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("common-passwords.txt")!;
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line) set.Add(line);
        return set;
    }
}

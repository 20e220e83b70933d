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

    /// <summary>
    /// Why a PIN is refused, or null: 4 to 12 digits. It opens only a locked session, and five wrong ones end that
    /// session, so a short one is enough; it is hashed as a password is.
    /// </summary>
    public static string? PinProblem(string? pin) =>
        pin is { Length: >= MinPinLength and <= MaxPinLength } && pin.All(char.IsAsciiDigit) ? null : $"A PIN is {MinPinLength} to {MaxPinLength} digits.";

    private static HashSet<string> LoadCommon()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("common-passwords.txt")!;
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line) set.Add(line);
        return set;
    }
}

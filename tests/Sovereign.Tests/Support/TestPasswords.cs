using Microsoft.Extensions.Configuration;
using Sovereign.Web.Pages.Auth;

namespace Sovereign.Tests.Support;

/// <summary>
/// bcrypt at cost 4 in tests (production: 12), one setting for the in-memory apps, the app processes and the accounts
/// written straight into a database, so a password set by one is accepted by the others.
/// </summary>
public static class TestPasswords
{
    public const string WorkFactor = "4";

    /// <summary>The per-user write and expensive-read limits, out of the way of tests that do a lot (their own tests set small ones).</summary>
    public const string UnlimitedWrites = "1000000";

    public static Passwords Hasher { get; } = new(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:BcryptWorkFactor"] = WorkFactor }).Build());
}

using System.Text.RegularExpressions;
using Sovereign.Tests.Support;

namespace Sovereign.Tests.Operations;

[CollectionDefinition(nameof(RunsLast), DisableParallelization = true)]
public sealed class RunsLast;

/// <summary>
/// Runs after every parallel test (xUnit runs non-parallel collections last) and reads everything the apps of the
/// whole run logged: no password, recovery code, hash, token or cookie may be in it.
/// </summary>
[Collection(nameof(RunsLast))]
public partial class LogHygieneTests
{
    [Fact]
    public async Task No_log_line_of_the_whole_run_contains_a_password_hash_token_or_code()
    {
        // Make sure this run has logged something that involves secrets, even when run alone.
        await using (var app = await SovereignApp.CreateAsync())
        {
            var user = await TestUser.RegisterAsync(app);
            await TestUser.PostFormAsync(app.NewClient(), "/auth/login", new() { ["Input.Login"] = user.Email, ["Input.Password"] = "a wrong secret guess" });
            Secrets.Add("a wrong secret guess");
        }

        var entries = CapturedLogs.All.ToList();
        Assert.NotEmpty(entries);
        var secrets = Secrets.Known.ToList();
        Assert.NotEmpty(secrets);
        foreach (var entry in entries)
        {
            var text = $"{entry.Message} {entry.Exception} {string.Join(" ", entry.Scope.Select(s => $"{s.Key}={s.Value}"))}";
            foreach (var secret in secrets) Assert.DoesNotContain(secret, text);
            Assert.DoesNotMatch(BcryptHash(), text);
            Assert.DoesNotContain("CfDJ8", text); // the prefix of every Data Protection payload: cookies, antiforgery tokens
            Assert.DoesNotContain("RequestVerificationToken=", text);
        }
    }

    [GeneratedRegex(@"\$2[aby]\$\d\d\$")]
    private static partial Regex BcryptHash();
}

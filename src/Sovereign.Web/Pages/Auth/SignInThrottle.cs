using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Models;

namespace Sovereign.Web.Pages.Auth;

/// <summary>Who is guessing: the account, the client, and whether the client is a device that signed in to it before.</summary>
public readonly record struct PasswordAttempt(string AccountKey, string ClientKey, bool KnownDevice)
{
    /// <summary>
    /// A sign-in from a device or a network address, counted against the account it found — whichever of its names and
    /// spellings was typed — or, when it found none, against the canonical form of what was typed (<see cref="LoginNames"/>).
    /// </summary>
    public static PasswordAttempt SignIn(Guid? accountId, string login, string clientKey, bool knownDevice) =>
        new(Hash(accountId is { } id ? "account:" + id : "login:" + LoginNames.Canonical(login.Trim())), clientKey, knownDevice);

    /// <summary>A current-password check of a signed-in user (settings): an allowance of its own, apart from sign-in.</summary>
    public static PasswordAttempt Confirm(Guid userId) => new(Hash("confirm:" + userId), Hash("session"), KnownDevice: true);

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary>
/// Slows password guessing without ever locking the owner out (OWASP's device-cookie pattern). Within
/// <see cref="Window"/>, one client may fail <see cref="PerClient"/> times for one account; clients that have never
/// signed in to it share <see cref="PerAccountFromNewClients"/> failures between them. A device that has signed in to
/// the account before keeps its own allowance, so someone guessing from elsewhere cannot keep its owner out, and the
/// recovery code is never throttled per account. Unknown accounts are counted exactly like known ones: a throttled
/// answer says nothing about whether an account exists.
/// </summary>
public sealed class SignInThrottle(AppDb db, TimeProvider clock)
{
    public const int PerClient = 5;
    public const int PerAccountFromNewClients = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    public const string Message = "Too many attempts for this account from here. Wait 15 minutes and try again, sign in on a device " +
        "you have used before, or set a new password with your recovery code.";

    private DateTime Now => clock.GetUtcNow().UtcDateTime.TruncateToMicroseconds();

    public async Task<bool> IsThrottledAsync(PasswordAttempt attempt)
    {
        var since = Now - Window;
        var failures = db.SignInFailures.Where(f => f.AccountKey == attempt.AccountKey && f.FailedAt > since);
        if (attempt.KnownDevice) return await failures.CountAsync(f => f.ClientKey == attempt.ClientKey) >= PerClient;
        var counts = await failures.Where(f => !f.FromKnownDevice).GroupBy(f => 1)
            .Select(g => new { All = g.Count(), Mine = g.Count(f => f.ClientKey == attempt.ClientKey) }).SingleOrDefaultAsync();
        return counts is not null && (counts.Mine >= PerClient || counts.All >= PerAccountFromNewClients);
    }

    public async Task RecordFailureAsync(PasswordAttempt attempt)
    {
        var now = Now;
        db.SignInFailures.Add(new SignInFailure
        {
            AccountKey = attempt.AccountKey, ClientKey = attempt.ClientKey, FromKnownDevice = attempt.KnownDevice, FailedAt = now,
        });
        await db.SaveChangesAsync();
    }

    /// <summary>After a success, the client's own failures are forgiven.</summary>
    public Task ForgiveAsync(PasswordAttempt attempt) =>
        db.SignInFailures.Where(f => f.AccountKey == attempt.AccountKey && f.ClientKey == attempt.ClientKey).ExecuteDeleteAsync();
}

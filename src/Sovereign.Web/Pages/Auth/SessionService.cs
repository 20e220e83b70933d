using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Sovereign.Web.Data;
using Sovereign.Web.Models;

namespace Sovereign.Web.Pages.Auth;

/// <summary>A signed-in device as the settings page lists it.</summary>
public sealed record SessionRow(Guid Id, string Device, bool Remembered, DateTime CreatedAt, DateTime LastSeenAt, DateTime ExpiresAt)
{
    /// <summary>"Firefox on Android": enough to tell one's own devices apart (the full User-Agent is in the title).</summary>
    public string DeviceName
    {
        get
        {
            string[] browsers = ["Firefox", "Edg", "OPR", "Chrome", "Safari"];
            string[] systems = ["Android", "iPhone", "iPad", "Windows", "Mac OS X", "CrOS", "Linux"];
            var browser = browsers.FirstOrDefault(b => Device.Contains(b, StringComparison.Ordinal)) switch
            {
                "Edg" => "Edge", "OPR" => "Opera", null => "A browser", var b => b,
            };
            var system = systems.FirstOrDefault(s => Device.Contains(s, StringComparison.Ordinal)) switch
            {
                "Mac OS X" => "macOS", "CrOS" => "ChromeOS", null => "an unknown system", var s => s,
            };
            return $"{browser} on {system}";
        }
    }
}

/// <summary>Where a session stands for a request: open, locked after the account's idle time (<see cref="SessionLock"/>), or over.</summary>
public enum SessionState { Open, Locked, Ended }

/// <summary>
/// Sessions kept on the server: the cookie names a row, and the row must exist, be unexpired and belong to an active
/// user. A check costs one statement at most once a <see cref="CheckInterval"/> per session and instance (it also
/// records when the device was last seen); ending a session forgets it here at once, and other instances within that
/// interval. A session the account's lock time has seen idle is locked until its PIN or password is given again.
/// </summary>
public sealed class SessionService(AppDb db, TimeProvider clock, SessionCache cache, UserSettingsCache settings)
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromMinutes(1);

    private DateTime Now => clock.GetUtcNow().UtcDateTime.TruncateToMicroseconds();

    public async Task<UserSession> StartAsync(Guid userId, bool remembered, string? userAgent)
    {
        var now = Now;
        var session = new UserSession
        {
            UserId = userId, Remembered = remembered, Device = Shorten(userAgent), CreatedAt = now, LastSeenAt = now,
            ExpiresAt = now + (remembered ? UserSession.RememberedLifetime : UserSession.Lifetime),
        };
        db.UserSessions.Add(session);
        await db.SaveChangesAsync();
        cache.Remember(session.Id, now);
        return session;
    }

    /// <summary>
    /// Whether the session is open; with <paramref name="activity"/> (a private page, not a public one such as a share
    /// page left refreshing itself) it then counts as seen now. <see cref="UserSession.LastSeenAt"/> lags the last
    /// request by up to a <see cref="CheckInterval"/>, so a session locks only when it is that much older than the lock
    /// time: never before the lock time since the last request (the page's own lock, which knows it, comes first).
    /// </summary>
    public async Task<SessionState> CheckAsync(Guid sessionId, Guid userId, bool activity = true)
    {
        var now = Now;
        if (cache.CheckedAt(sessionId) is { } checkedAt && now - checkedAt < CheckInterval) return SessionState.Open;
        var lockAfter = (await settings.GetAsync(db, userId))?.LockAfter;
        var live = Live(sessionId, userId, now);
        var idleSince = now - lockAfter - CheckInterval;
        var open = idleSince is { } since ? live.Where(s => s.LastSeenAt > since) : live;
        if (activity ? await open.ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now)) > 0 : await open.AnyAsync())
        {
            if (activity) cache.Remember(sessionId, now);
            return SessionState.Open;
        }
        cache.Forget(sessionId);
        return lockAfter is not null && await live.AnyAsync() ? SessionState.Locked : SessionState.Ended;
    }

    /// <summary>The page locked itself: so does the session, at once (a reload or a link must not open it again).</summary>
    public async Task LockNowAsync(Guid sessionId, Guid userId)
    {
        cache.Forget(sessionId);
        await db.UserSessions.Where(s => s.Id == sessionId && s.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, DateTime.UnixEpoch));
    }

    /// <summary>
    /// Spends one of the session's tries before a PIN or password is checked, so tries sent at once cannot check more
    /// than <see cref="UserSession.MaxFailedUnlocks"/> between them; false when none is left (or the session is over).
    /// </summary>
    public async Task<bool> TrySpendUnlockAsync(Guid sessionId, Guid userId) =>
        await Live(sessionId, userId, Now).Where(s => s.FailedUnlocks < UserSession.MaxFailedUnlocks)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.FailedUnlocks, x => x.FailedUnlocks + 1)) > 0;

    /// <summary>The tries the session has left after a wrong one.</summary>
    public async Task<int> UnlockTriesLeftAsync(Guid sessionId, Guid userId) =>
        UserSession.MaxFailedUnlocks - (await db.UserSessions.Where(s => s.Id == sessionId && s.UserId == userId)
            .Select(s => (int?)s.FailedUnlocks).SingleOrDefaultAsync() ?? UserSession.MaxFailedUnlocks);

    /// <summary>The PIN or password was given: the session is open again and counts as seen now; false when it is over meanwhile.</summary>
    public async Task<bool> UnlockAsync(Guid sessionId, Guid userId)
    {
        var now = Now;
        if (await Live(sessionId, userId, now).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now).SetProperty(x => x.FailedUnlocks, 0)) == 0) return false;
        cache.Remember(sessionId, now);
        return true;
    }

    /// <summary>The session, if it is unexpired and its user may still sign in.</summary>
    private IQueryable<UserSession> Live(Guid sessionId, Guid userId, DateTime now) =>
        db.UserSessions.Where(s => s.Id == sessionId && s.UserId == userId && s.ExpiresAt > now && db.Users.Any(u => u.Id == userId && u.IsActive));

    public Task<List<SessionRow>> ListAsync(Guid userId)
    {
        var now = Now;
        return db.UserSessions.AsNoTracking().Where(s => s.UserId == userId && s.ExpiresAt > now).OrderByDescending(s => s.LastSeenAt)
            .Select(s => new SessionRow(s.Id, s.Device, s.Remembered, s.CreatedAt, s.LastSeenAt, s.ExpiresAt)).ToListAsync();
    }

    /// <summary>Ends one of the user's sessions; false when there is no such session of theirs.</summary>
    public async Task<bool> EndAsync(Guid userId, Guid sessionId)
    {
        cache.Forget(sessionId);
        return await db.UserSessions.Where(s => s.Id == sessionId && s.UserId == userId).ExecuteDeleteAsync() > 0;
    }

    /// <summary>Ends every session of the user but <paramref name="keep"/> (sign out everywhere else, a new password).</summary>
    public async Task EndOthersAsync(Guid userId, Guid? keep)
    {
        var others = db.UserSessions.Where(s => s.UserId == userId && s.Id != keep);
        foreach (var id in await others.Select(s => s.Id).ToListAsync()) cache.Forget(id);
        await others.ExecuteDeleteAsync();
    }

    private static string Shorten(string? userAgent) =>
        string.IsNullOrWhiteSpace(userAgent) ? "Unknown device"
        : userAgent.Length <= UserSession.MaxDeviceLength ? userAgent : userAgent[..UserSession.MaxDeviceLength];
}

/// <summary>When each session was last found valid by this instance.</summary>
public sealed class SessionCache : IDisposable
{
    // Entries leave after a few idle minutes so memory stays bounded; validity itself is judged against the app's clock.
    private readonly MemoryCache cache = new(new MemoryCacheOptions());

    public DateTime? CheckedAt(Guid sessionId) => cache.TryGetValue(sessionId, out DateTime at) ? at : null;

    public void Remember(Guid sessionId, DateTime at) =>
        cache.Set(sessionId, at, new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(5) });

    public void Forget(Guid sessionId) => cache.Remove(sessionId);

    public void Dispose() => cache.Dispose();
}

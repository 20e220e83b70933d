using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Caching.Memory;
using Sovereign.Web.Models;
using Sovereign.Web.Time;

namespace Sovereign.Web.Data;

/// <summary>The account settings nearly every request needs: the user's clock, when their record starts, how pages look, when a session locks.</summary>
public sealed record UserSettings(string TimeZone, int DayEndsAtHour, DateTime CreatedAt, ColorMode ColorMode = ColorMode.Auto, bool Discreet = false,
    int? LockAfterMinutes = null)
{
    public UserClock Clock { get; } = new(TimeZone, DayEndsAtHour);

    public TimeSpan? LockAfter => LockAfterMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : null;
}

/// <summary>
/// Keeps each user's <see cref="UserSettings"/> for a minute, so a page does not spend a database round trip on them.
/// Saving a change to a user through this instance forgets the entry at once; other instances see the change within
/// a minute — the same bound as for "sign out everywhere".
/// </summary>
public sealed class UserSettingsCache(TimeProvider clock) : SaveChangesInterceptor, IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
    // Entries leave after a few idle minutes so memory stays bounded; freshness is judged against the app's clock.
    private readonly MemoryCache cache = new(new MemoryCacheOptions());

    public async Task<UserSettings?> GetAsync(AppDb db, Guid userId)
    {
        var now = clock.GetUtcNow();
        if (cache.TryGetValue(userId, out (UserSettings Settings, DateTimeOffset LoadedAt) entry) && now - entry.LoadedAt < Lifetime) return entry.Settings;
        var settings = await LoadAsync(db, userId);
        if (settings is not null) cache.Set(userId, (settings, now), new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(5) });
        return settings;
    }

    private static Task<UserSettings?> LoadAsync(AppDb db, Guid userId) =>
        db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new UserSettings(u.TimeZone, u.DayEndsAtHour, u.CreatedAt, u.ColorMode, u.Discreet, u.LockAfterMinutes)).SingleOrDefaultAsync();

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Forget(eventData.Context);
        return result;
    }

    private void Forget(DbContext? context)
    {
        foreach (var user in context?.ChangeTracker.Entries<User>() ?? [])
            if (user.State is EntityState.Modified or EntityState.Deleted) cache.Remove(user.Entity.Id);
    }

    public void Dispose() => cache.Dispose();
}

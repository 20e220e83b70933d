using Sovereign.Web.Data;
using Sovereign.Web.Time;

namespace Sovereign.Web.Infrastructure;

/// <summary>
/// Who is signed in for this request and what day it is for them: the user's id, their settings (time zone, day end,
/// when their record starts) from the settings cache, and their clock. The one place a page asks "what is today?".
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor http, AppDb db, UserSettingsCache cache, TimeProvider time)
{
    private UserSettings? settings;

    public Guid Id => http.HttpContext!.User.Id();

    /// <summary>The settings, or null when the account is gone (a page then sends the visitor to sign in).</summary>
    public async Task<UserSettings?> SettingsAsync() => settings ??= await cache.GetAsync(db, Id);

    public async Task<UserClock> ClockAsync() =>
        (await SettingsAsync() ?? throw new InvalidOperationException("The signed-in user is gone.")).Clock;

    public async Task<DateOnly> TodayAsync() => (await ClockAsync()).Today(time);
}

using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Pages.Auth;
using Sovereign.Web.Pages.Shares;

namespace Sovereign.Web.Operations;

/// <summary>
/// Every hour: removes what is kept only until a time — ended sessions, sign-in failures older than the throttle's window,
/// share links long expired — the record of jobs done a week ago, the keys of taps replayed more than 8 days ago, and
/// notifications due more than 3 days ago (sent or not: a reminder is then a day's past).
/// </summary>
public sealed class Housekeeping(AppDb db, TimeProvider clock) : IScheduledJob
{
    public string Kind => "housekeeping";
    public TimeSpan? Every => TimeSpan.FromHours(1);
    public static readonly TimeSpan JobsKept = TimeSpan.FromDays(7);

    public async Task RunAsync(Models.ScheduledJob job, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.UserSessions.Where(s => s.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        var failuresBefore = now - SignInThrottle.Window;
        await db.SignInFailures.Where(f => f.FailedAt <= failuresBefore).ExecuteDeleteAsync(cancellationToken);
        var sharesBefore = now - ShareService.ExpiredKept;
        await db.ShareLinks.Where(l => l.ExpiresAt < sharesBefore).ExecuteDeleteAsync(cancellationToken);
        var jobsBefore = now - JobsKept;
        await db.ScheduledJobs.Where(j => j.CompletedAt < jobsBefore).ExecuteDeleteAsync(cancellationToken);
        var tapsBefore = now - Models.ReplayedTap.Kept;
        await db.ReplayedTaps.Where(t => t.CreatedAt < tapsBefore).ExecuteDeleteAsync(cancellationToken);
        var notificationsBefore = now - Models.Notification.Kept;
        await db.Notifications.Where(n => n.DueAt < notificationsBefore).ExecuteDeleteAsync(cancellationToken);
    }
}

using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Operations;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Auth;
using Sovereign.Web.Pages.Shares;

namespace Sovereign.Tests.Operations;

public abstract class ScheduledWorkTests(DatabaseProvider provider)
{
    /// <summary>A job that notes which run of it ran where.</summary>
    private sealed class CountingJob(ConcurrentBag<(Guid Job, string Runner)> runs) : IScheduledJob
    {
        public string Kind => "test-count";
        public TimeSpan? Every => null;

        public async Task RunAsync(ScheduledJob job, CancellationToken cancellationToken)
        {
            runs.Add((job.Id, job.ClaimedBy!));
            await Task.Delay(1, cancellationToken); // work takes a moment, so both instances are at it at once
        }
    }

    private static void Busy(SovereignApp app)
    {
        app.Settings["Jobs:Enabled"] = "true";
        app.Settings["Jobs:Workers"] = "4";
        app.Settings["Jobs:PollInterval"] = "00:00:00.050";
    }

    [Fact]
    public async Task Two_instances_on_one_database_run_a_thousand_due_jobs_exactly_once_between_them()
    {
        var runs = new ConcurrentBag<(Guid Job, string Runner)>();
        void Counting(IServiceCollection services) => services.AddSingleton(runs).AddScheduledJob<CountingJob>();
        await using var first = await SovereignApp.CreateAsync(provider, services: Counting);
        await using var second = new SovereignApp(first.Database) { OwnsDatabase = false, ExtraServices = Counting };
        Busy(first);
        Busy(second);
        _ = first.Services; // both hosts started: their runners poll
        _ = second.Services;

        var due = DateTime.UtcNow.AddMinutes(-1);
        await using (var db = first.NewDbContext())
        {
            db.ScheduledJobs.AddRange(Enumerable.Range(0, 1000).Select(_ => new ScheduledJob { Kind = "test-count", DueAt = due }));
            await db.SaveChangesAsync();
        }
        await Wait.UntilAsync(async () =>
        {
            await using var db = first.NewDbContext();
            return await db.ScheduledJobs.CountAsync(j => j.Kind == "test-count" && j.CompletedAt != null) == 1000;
        }, "all thousand jobs done");

        Assert.Equal(1000, runs.Count);
        Assert.Equal(1000, runs.Select(r => r.Job).Distinct().Count());
        // Both instances took part (each runner is named instance/worker).
        Assert.Equal(2, runs.Select(r => r.Runner.Split('/')[0]).Distinct().Count());
        await using (var db = first.NewDbContext())
            Assert.True(await db.ScheduledJobs.Where(j => j.Kind == "test-count").AllAsync(j => j.Attempts == 1));
    }

    [Fact]
    public async Task Housekeeping_runs_on_start_and_removes_what_has_had_its_time_then_schedules_the_next_hour()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        Busy(app);
        var user = await app.CreateUserAsync();
        var now = DateTime.UtcNow;
        await using (var db = app.NewDbContext())
        {
            db.UserSessions.AddRange(new UserSession { UserId = user.Id, ExpiresAt = now.AddMinutes(-1), LastSeenAt = now.AddHours(-13) },
                new UserSession { UserId = user.Id, ExpiresAt = now.AddHours(1), LastSeenAt = now });
            db.SignInFailures.AddRange(new SignInFailure { AccountKey = "a", ClientKey = "old", FailedAt = now - SignInThrottle.Window - TimeSpan.FromMinutes(1) },
                new SignInFailure { AccountKey = "a", ClientKey = "recent", FailedAt = now.AddMinutes(-1) });
            db.ShareLinks.AddRange(
                new ShareLink { UserId = user.Id, Label = "long expired", DisplayName = "A", TokenHash = "1", ExpiresAt = now - ShareService.ExpiredKept - TimeSpan.FromDays(1) },
                new ShareLink { UserId = user.Id, Label = "just expired", DisplayName = "A", TokenHash = "2", ExpiresAt = now.AddDays(-1) },
                new ShareLink { UserId = user.Id, Label = "open", DisplayName = "A", TokenHash = "3" });
            var device = new PushDevice { UserId = user.Id, Endpoint = "https://push.example/a", P256dh = "BA", Auth = "AA", Name = "Phone" };
            db.PushDevices.Add(device);
            db.Notifications.AddRange(
                new Notification { DeviceId = device.Id, Key = "old", Title = "", Body = "", Url = "", DueAt = now - Notification.Kept - TimeSpan.FromMinutes(1), SentAt = now.AddDays(-4) },
                new Notification { DeviceId = device.Id, Key = "recent", Title = "", Body = "", Url = "", DueAt = now.AddDays(-1), SentAt = now.AddDays(-1) });
            await db.SaveChangesAsync();
        }

        _ = app.Services; // started: the runner schedules this hour's housekeeping, due now
        await Wait.UntilAsync(async () =>
        {
            await using var db = app.NewDbContext();
            return await db.ScheduledJobs.AnyAsync(j => j.Kind == "housekeeping" && j.CompletedAt != null);
        }, "housekeeping done");

        await using (var db = app.NewDbContext())
        {
            Assert.Equal(1, await db.UserSessions.CountAsync());
            Assert.Equal(["recent"], await db.SignInFailures.Select(f => f.ClientKey).ToListAsync());
            Assert.Equal(["just expired", "open"], (await db.ShareLinks.Select(l => l.Label).ToListAsync()).Order());
            Assert.Equal(["recent"], await db.Notifications.Select(n => n.Key).ToListAsync());
            var next = await db.ScheduledJobs.SingleAsync(j => j.Kind == "housekeeping" && j.CompletedAt == null);
            Assert.True(next.DueAt > now && next.DueAt <= now.AddHours(1), $"next run due {next.DueAt:O}");
            Assert.Equal(TimeSpan.Zero, next.DueAt.TimeOfDay - TimeSpan.FromHours(next.DueAt.Hour));
        }
    }
}

public sealed class ScheduledWorkTestsOnSqlite() : ScheduledWorkTests(DatabaseProvider.Sqlite);

public sealed class ScheduledWorkTestsOnPostgres() : ScheduledWorkTests(DatabaseProvider.Postgres);

using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sovereign.Tests.Operations;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Operations;
using Sovereign.Web.Pages.Auth;
using Sovereign.Web.Pages.Shares;

namespace Sovereign.Tests.Sweeps;

/// <summary>
/// What a request costs in memory, for the benchmark user (20 habits × a year, 300 relapses): bytes allocated in the
/// process for one warm request, each case under a budget. Allocation is counted, not timed, so it is the same on a
/// busy machine: the test runs alone (the RunsLast collection, after every parallel test), counts precisely
/// (<c>GC.GetTotalAllocatedBytes(true)</c>, the client's side included), and takes the least of seven warm requests
/// (a background timer of the app may allocate during one of them, never during all). The test project compiles every
/// method once, fully optimised (no tiering: see its csproj), so a request allocates the same however warm the process
/// is: with tiering, run alone, the shared page measured 11 % and insights 10 % more than after the rest of the suite
/// had warmed the code. A change that needs more raises the budget here on purpose, with its reason in the commit.
/// </summary>
[Collection(nameof(RunsLast))]
public abstract class AllocationBudgetTests(DatabaseProvider provider)
{
    /// <summary>
    /// Kilobytes per request, per case and database: measured, plus about a tenth. 2026-12-06, before #29's items 2 and 3:
    /// PostgreSQL 490, 208, 355, 271, 3,790; SQLite 547, 201, 365, 326, 4,563 (three runs within 2 %). After (the
    /// dashboard in one command read row by row, a write's locking read by hand, its card from the written state):
    /// PostgreSQL 401, 115, 354, 194, 3,418; SQLite 460, 118, 363, 278, 4,560. With a habit card's links made once per
    /// render: PostgreSQL 336, 114, 345, 198, 3,418; SQLite 396, 124, 361, 277, 4,559. A completion measured 114–124 KB
    /// over runs, so its budget has more room.
    /// </summary>
    private static readonly Dictionary<DatabaseProvider, Dictionary<string, int>> BudgetKb = new()
    {
        [DatabaseProvider.Postgres] = new() { ["GET /dashboard"] = 370, ["POST complete"] = 140, ["GET /relapse"] = 390, ["GET /s/{token}"] = 215, ["GET /insights"] = 3800 },
        [DatabaseProvider.Sqlite] = new() { ["GET /dashboard"] = 435, ["POST complete"] = 140, ["GET /relapse"] = 400, ["GET /s/{token}"] = 305, ["GET /insights"] = 5000 },
    };

    [Fact]
    public async Task Each_request_of_the_benchmark_user_stays_within_its_allocation_budget()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        await using (var db = app.NewDbContext())
            await new BenchmarkSeed(db, app.Services.GetRequiredService<Passwords>(), app.Services.GetRequiredService<TimeProvider>()).RunAsync();
        var client = app.NewClient();
        await TestUser.PostFormAsync(client, "/auth/login", new() { ["Input.Login"] = BenchmarkSeed.Email, ["Input.Password"] = BenchmarkSeed.Password });
        var token = Html.Parse(await client.GetStringAsync("/dashboard")).AntiforgeryToken();
        var shareToken = ShareService.NewToken();
        Guid habitId;
        await using (var db = app.NewDbContext())
        {
            var user = await db.Users.SingleAsync(u => u.Email == BenchmarkSeed.Email);
            var habits = await db.Habits.Where(h => h.UserId == user.Id).Select(h => h.Id).ToListAsync();
            var link = new ShareLink { UserId = user.Id, Label = "Sam", DisplayName = "Alex", TokenHash = ShareService.Hash(shareToken), ShowCheckIn = true, ShowRelapseDates = true };
            link.Tracks.AddRange(await db.RecoveryTracks.Where(t => t.UserId == user.Id).Select(t => new ShareLinkTrack { ShareLinkId = link.Id, TrackId = t.Id, UserId = user.Id }).ToListAsync());
            link.Habits.AddRange(habits.Select(h => new ShareLinkHabit { ShareLinkId = link.Id, HabitId = h, UserId = user.Id }));
            db.Add(link);
            await db.SaveChangesAsync();
            habitId = habits[0];
        }
        var supporter = app.NewClient();

        var measured = new Dictionary<string, long>
        {
            ["GET /dashboard"] = await LeastAsync(() => client.GetAsync("/dashboard")),
            // A completion as htmx sends it, measured alone: its undo runs between two measurements.
            ["POST complete"] = await LeastAsync(() => Htmx($"/habits/{habitId}/complete"), between: () => Htmx($"/habits/{habitId}/undo")),
            ["GET /relapse"] = await LeastAsync(() => client.GetAsync("/relapse")),
            ["GET /s/{token}"] = await LeastAsync(() => supporter.GetAsync($"/s/{shareToken}")),
            ["GET /insights"] = await LeastAsync(() => client.GetAsync("/insights")),
        };
        var budget = BudgetKb[provider];
        var report = string.Join("\n", measured.Select(m => $"{m.Key}: {m.Value / 1024} KB (budget {budget[m.Key]} KB)"));
        await File.WriteAllTextAsync(Path.Combine(Repository.Artifacts("reliability"), $"allocation-{provider}.txt"), report + "\n");
        Assert.True(measured.All(m => m.Value <= budget[m.Key] * 1024L), report);

        Task<HttpResponseMessage> Htmx(string url) =>
            client.SendAsync(new HttpRequestMessage(HttpMethod.Post, url).Htmx(token));
    }

    /// <summary>The least a request allocated over seven warm ones (three more warm it up first).</summary>
    private static async Task<long> LeastAsync(Func<Task<HttpResponseMessage>> request, Func<Task<HttpResponseMessage>>? between = null)
    {
        var least = long.MaxValue;
        for (var i = 0; i < 10; i++)
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            using var response = await request();
            await response.Content.ReadAsByteArrayAsync();
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode}");
            if (i >= 3) least = Math.Min(least, allocated);
            if (between is not null) (await between()).Dispose();
        }
        return least;
    }
}

public sealed class AllocationBudgetTestsOnSqlite() : AllocationBudgetTests(DatabaseProvider.Sqlite);

public sealed class AllocationBudgetTestsOnPostgres() : AllocationBudgetTests(DatabaseProvider.Postgres);

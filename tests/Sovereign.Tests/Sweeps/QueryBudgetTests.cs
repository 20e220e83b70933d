using System.Net;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Habits;
using Sovereign.Web.Pages.Shares;

namespace Sovereign.Tests.Sweeps;

/// <summary>
/// Every page of the route table — signed in, public (help, the landing page, sign-in) and the supporter's shared page —
/// answers within six queries for a user with a full year behind them: an N+1 shows.
/// </summary>
public abstract class QueryBudgetTests(DatabaseProvider provider)
{
    public const int Budget = 6;
    /// <summary>The export is a download, not a page: one query per kind of data (habits with their logs and skips split in three), whatever their size.</summary>
    public const int ExportBudget = 11;

    [Fact]
    public async Task The_dashboard_is_one_round_trip_once_the_session_and_settings_are_known()
    {
        var counter = new CommandCounter();
        await using var app = await SovereignApp.CreateAsync(provider, services: s => s.AddSingleton<IInterceptor>(counter));
        var user = await TestUser.RegisterAsync(app);
        await using (var db = app.NewDbContext())
        {
            var habit = new Habit { UserId = user.Id, Name = "Walk" };
            var track = new RecoveryTrack { UserId = user.Id, Name = "Drinking", CostPerDay = 12.5m, Currency = "EUR", CleanSinceTime = new TimeOnly(21, 30) };
            db.AddRange(habit, track, new HabitSkip { HabitId = habit.Id, UserId = user.Id, PeriodStart = TestDates.Today(TestUser.DefaultTimeZone).AddDays(-3) },
                new RelapseEvent { UserId = user.Id, TrackId = track.Id, OccurredAt = DateTime.UtcNow.AddDays(-2), TriggerType = TriggerType.Stress, Severity = 4 },
                new CheckIn { UserId = user.Id, LocalDate = TestDates.Today(TestUser.DefaultTimeZone), Mood = 3, Craving = 2, EveningAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }
        (await user.Client.GetAsync("/dashboard")).EnsureSuccessStatusCode(); // the session checked, the settings cached
        counter.Reset();
        var page = await (await user.Client.GetAsync("/dashboard")).EnsureSuccessStatusCode().Content.ReadAsStringAsync();
        Assert.Equal(1, counter.Count);
        Assert.Contains("Walk", page);
        Assert.Contains("Drinking", page);
    }

    [Fact]
    public async Task Completing_and_undoing_today_are_three_round_trips_each_with_a_year_behind()
    {
        var counter = new CommandCounter();
        await using var app = await SovereignApp.CreateAsync(provider, services: s => s.AddSingleton<IInterceptor>(counter));
        var user = await TestUser.RegisterAsync(app, timeZone: "UTC");
        var today = TestDates.Today("UTC");
        // Every day of the last year done: a streak of 365 up to yesterday.
        var habit = new Habit { UserId = user.Id, Name = "Walk", Streak = new StreakState(today.AddDays(-1), today.AddDays(-1), 1, 365, 365) };
        await using (var db = app.NewDbContext())
        {
            db.Add(habit);
            for (var d = 1; d <= 365; d++)
                db.Add(new HabitLog { HabitId = habit.Id, UserId = user.Id, LocalDate = today.AddDays(-d), CompletedAt = DateTime.UtcNow.AddDays(-d), StreakCount = 366 - d });
            await db.SaveChangesAsync();
        }
        var token = Html.Parse(await user.Client.GetStringAsync("/dashboard")).AntiforgeryToken();
        (await Htmx($"/habits/{habit.Id}/complete")).EnsureSuccessStatusCode();
        (await Htmx($"/habits/{habit.Id}/undo")).EnsureSuccessStatusCode();
        foreach (var action in new[] { "complete", "undo" })
        {
            counter.Reset();
            var card = await (await Htmx($"/habits/{habit.Id}/{action}")).EnsureSuccessStatusCode().Content.ReadAsStringAsync();
            // PostgreSQL: the locking read (BEGIN goes with it), the insert or delete with the habit's update in one batch, the
            // commit. SQLite runs in the process (no round trips) and takes no batches: the insert and the update are two.
            Assert.True(counter.Count + counter.Commits <= (provider == DatabaseProvider.Postgres ? 3 : 4), $"{action}: {counter.Count} commands and {counter.Commits} commit");
            Assert.Contains(action == "complete" ? "366" : "365", card); // the streak, from the written state
        }

        Task<HttpResponseMessage> Htmx(string url) => user.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, url).Htmx(token));
    }

    [Fact]
    public async Task Every_page_stays_within_six_queries_for_a_user_with_a_full_year_of_data()
    {
        var counter = new CommandCounter();
        await using var app = await SovereignApp.CreateAsync(provider, services: s => s.AddSingleton<IInterceptor>(counter));
        var user = await TestUser.RegisterAsync(app, timeZone: "UTC");
        var today = TestDates.Today("UTC");
        Guid habitId, relapseId, urgeId, trackId;
        var shareToken = ShareService.NewToken();
        await using (var db = app.NewDbContext())
        {
            var frequencies = new[] { HabitFrequency.Daily, HabitFrequency.Weekly, HabitFrequency.Monthly };
            var habits = Enumerable.Range(0, 20).Select(i => new Habit
            {
                UserId = user.Id, Name = $"Habit {i:00}", Frequency = frequencies[i % 3], TargetPerPeriod = i % 3 == 0 ? 1 : 2,
                Description = i % 2 == 0 ? "With a description" : null,
            }).ToList();
            db.AddRange(habits);
            foreach (var (habit, i) in habits.Select((h, i) => (h, i)))
                for (var d = 1; d <= 365; d++)
                    if ((d + i) % 3 != 0)
                        db.Add(new HabitLog { HabitId = habit.Id, UserId = user.Id, LocalDate = today.AddDays(-d), CompletedAt = DateTime.UtcNow.AddDays(-d) });
            // Five tracks with 500 relapses each (and 300 urges on the first), money and time on every one.
            var tracks = Enumerable.Range(0, 5).Select(t => new RecoveryTrack
            {
                UserId = user.Id, Name = $"Track {t}", Kind = (TrackKind)t, Position = t, CostPerDay = 10 + t, Currency = "EUR", MinutesPerDay = 30 * t,
            }).ToList();
            db.AddRange(tracks);
            foreach (var (track, t) in tracks.Select((track, t) => (track, t)))
                for (var i = 0; i < 500; i++)
                    db.Add(new RelapseEvent { UserId = user.Id, TrackId = track.Id, OccurredAt = DateTime.UtcNow.AddHours(-17 * i - t - 1), TriggerType = Entities.Trigger(i), Severity = 1 + i % 10, Notes = $"note {i}" });
            // A year of check-ins, each with the morning on two tracks and the evening; a plan of 30 steps and five people.
            for (var d = 0; d < 365; d++)
            {
                var checkIn = new CheckIn { UserId = user.Id, LocalDate = today.AddDays(-d), Mood = 1 + d % 5, Craving = d % 11, EveningAt = DateTime.UtcNow.AddDays(-d), Note = $"day {d}" };
                checkIn.Commitments.AddRange(tracks.Take(2).Select(t => new CheckInCommitment { CheckInId = checkIn.Id, TrackId = t.Id, UserId = user.Id }));
                db.Add(checkIn);
            }
            for (var i = 0; i < 30; i++) db.Add(new PlanStep { UserId = user.Id, TriggerType = Entities.Trigger(i), Text = $"Plan {i}" });
            for (var i = 0; i < 5; i++) db.Add(new SupportPerson { UserId = user.Id, Name = $"Person {i}", Phone = $"+1 555 010{i}" });
            for (var i = 0; i < 300; i++)
                db.Add(new UrgeEvent { UserId = user.Id, TrackId = tracks[0].Id, OccurredAt = DateTime.UtcNow.AddHours(-23 * i - 1), TriggerType = Entities.Trigger(i), Intensity = i % 11 });
            // The widest share link: every track with its relapse dates, every habit, the check-in.
            var link = new ShareLink { UserId = user.Id, Label = "Sam", DisplayName = "Alex", TokenHash = ShareService.Hash(shareToken), ShowCheckIn = true, ShowRelapseDates = true };
            link.Tracks.AddRange(tracks.Select(t => new ShareLinkTrack { ShareLinkId = link.Id, TrackId = t.Id, UserId = user.Id }));
            link.Habits.AddRange(habits.Select(h => new ShareLinkHabit { ShareLinkId = link.Id, HabitId = h.Id, UserId = user.Id }));
            db.Add(link);
            await db.SaveChangesAsync();
            (habitId, relapseId, urgeId, trackId) = (habits[0].Id, db.RelapseEvents.Local.First().Id, db.UrgeEvents.Local.First().Id, tracks[0].Id);
        }

        // Every page of the route table but the day actions, which only take posts (their GET is a 404 on purpose).
        var routes = (await Routes.AllAsync(app.Services)).Where(r => r.IsPage && r.Method == "GET").ToList();
        var pages = routes.Where(r => !r.Template.Contains("/days/")).ToList();
        var anonymous = app.NewClient();
        var measured = new List<string>();
        foreach (var route in pages)
        {
            // The shared page as its supporter opens it (no account); every other page as the signed-in user sees it.
            var client = route.Template.StartsWith("s/", StringComparison.Ordinal) ? anonymous : user.Client;
            var area = route.Template.Split('/')[0];
            var values = route.Parameters.Where(p => p != "handler").ToDictionary(p => p, p => (p, area) switch
            {
                ("id", "habits") => habitId.ToString(),
                ("id", "relapse") => relapseId.ToString(),
                ("id", "urges") => urgeId.ToString(),
                ("id", "tracks") => trackId.ToString(),
                ("format", _) => "json",
                ("date", _) => today.AddDays(-1).ToString("yyyy-MM-dd"),
                ("token", _) => shareToken,
                ("code", _) => "404",
                _ => throw new InvalidOperationException($"The query budget does not know how to fill {{{p}}} of {route}: teach it."),
            });
            var url = route.Url(values);
            // Signed in, the sign-in forms send to the dashboard; the error page answers with its own code.
            // The unlock page of a session that is open sends it on, and says so when asked (204).
            var expected = route.Template.StartsWith("error", StringComparison.Ordinal) ? HttpStatusCode.NotFound
                : route.Page == "/Auth/Unlock" ? (route.Handler is null ? HttpStatusCode.Redirect : HttpStatusCode.NoContent)
                : route.Template is "auth/login" or "auth/register" or "" ? HttpStatusCode.Redirect : HttpStatusCode.OK;
            var first = await client.GetAsync(url); // and warms the caches
            Assert.True(first.StatusCode == expected, $"{url}: {(int)first.StatusCode}");
            counter.Reset();
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == expected, $"{url}: {(int)response.StatusCode}");
            Assert.True(counter.Count <= (route.Template.StartsWith("account/export", StringComparison.Ordinal) ? ExportBudget : Budget), $"{url}: {counter.Count} queries");
            measured.Add($"{url}: {counter.Count}");
        }
        // The measured set is the route table's: nothing skipped but what only takes posts.
        Assert.Equal(routes.Count - routes.Count(r => r.Template.Contains("/days/")), measured.Count);
        Assert.Contains(measured, m => m.StartsWith("/help:", StringComparison.Ordinal));
        Assert.Contains(measured, m => m.StartsWith("/s/", StringComparison.Ordinal));
        await File.WriteAllTextAsync(Path.Combine(Repository.Artifacts("reliability"), $"query-budget-{provider}.txt"), string.Join("\n", measured) + "\n");
    }
}

public sealed class QueryBudgetTestsOnSqlite() : QueryBudgetTests(DatabaseProvider.Sqlite);

public sealed class QueryBudgetTestsOnPostgres() : QueryBudgetTests(DatabaseProvider.Postgres);

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Time;

namespace Sovereign.Tests.Sweeps;

/// <summary>
/// What keeps one account from making the server slow for everyone: one window for every date the app accepts,
/// caps on what an account holds and an import brings, and a per-user limit on writes and imports.
/// </summary>
public abstract class AbuseLimitsTests(DatabaseProvider provider)
{
    private static readonly string[] OwnPages = ["/dashboard", "/habits", "/relapse", "/urges", "/insights", "/account", "/tracks"];

    private static async Task AssertOwnPagesAnswerAsync(TestUser user, string after, params string[] more)
    {
        foreach (var page in OwnPages.Concat(more))
        {
            var response = await user.Client.GetAsync(page);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {page} answered {(int)response.StatusCode} after {after}");
        }
    }

    private static async Task<Guid> AddHabitAsync(SovereignApp app, TestUser user, HabitFrequency frequency = HabitFrequency.Daily, int target = 1)
    {
        await using var db = app.NewDbContext();
        var habit = new Habit { UserId = user.Id, Name = $"{frequency} habit", Frequency = frequency, TargetPerPeriod = target };
        db.Habits.Add(habit);
        await db.SaveChangesAsync();
        return habit.Id;
    }

    /// <summary>
    /// Every date input the app has, given the ends of the calendar and the edges of the window, for a user at UTC+14
    /// and one at UTC−12: a refusal is a 4xx with the window's message, never a 500, and after every input the app
    /// accepted the user's own pages still answer 200.
    /// </summary>
    [Theory]
    [InlineData("Pacific/Kiritimati")]
    [InlineData("Etc/GMT+12")]
    public async Task Extreme_dates_are_refused_with_a_message_and_no_accepted_date_breaks_a_page(string zone)
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app, timeZone: zone);
        var daily = await AddHabitAsync(app, user);
        var weekly = await AddHabitAsync(app, user, HabitFrequency.Weekly, 3);
        var today = TimeZones.Today(zone, TimeProvider.System);
        string[] dates = ["0001-01-01", "0001-01-02", "1899-12-31", "1900-01-01", "1900-01-02", today.ToString("yyyy-MM-dd"),
            today.AddDays(1).ToString("yyyy-MM-dd"), "9999-12-30", "9999-12-31"];
        var token = (await user.Client.GetDocumentAsync("/dashboard")).AntiforgeryToken();

        var accepted = 0;
        var refused = 0;
        foreach (var date in dates)
        {
            var inWindow = DateWindow.ParseDay(date) is { } day && DateWindow.Contains(day, today);
            var requests = new List<(string What, Func<Task<HttpResponseMessage>> Send)>();
            foreach (var habit in new[] { daily, weekly })
            foreach (var action in new[] { "complete", "skip" })
                requests.Add(($"{action} {habit} {date}", () => user.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/habits/{habit}/days/{date}/{action}").Htmx(token))));
            requests.Add(($"backdate {date}", () => user.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/habits/{daily}/mark")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["date"] = date, ["time"] = "00:30" }),
            }.Htmx(token))));
            foreach (var time in new[] { "T00:00", "T23:59" })
            {
                requests.Add(($"relapse {date}{time}", () => user.PostFormAsync("/relapse/new", new() { ["Input.OccurredAt"] = date + time, ["Input.Trigger"] = "stress", ["Input.Severity"] = "3" })));
                requests.Add(($"urge {date}{time}", () => user.PostFormAsync("/urges", new() { ["Input.OccurredAt"] = date + time, ["Input.Trigger"] = "social_situation", ["Input.Intensity"] = "4" })));
            }
            requests.Add(($"clean since {date}", () => user.PostFormAsync("/tracks/new", Pages.Tracks.TrackPagesTests.Form($"Since {date}", cleanSince: date, time: "23:59"))));
            requests.Add(($"timeline from {date}", () => user.Client.GetAsync($"/relapse?from={date}")));
            requests.Add(($"timeline to {date}", () => user.Client.GetAsync($"/relapse?to={date}")));

            foreach (var (what, send) in requests)
            {
                var response = await send();
                var status = (int)response.StatusCode;
                Assert.True(status < 500, $"{what} ({zone}) answered {status}");
                if (status >= 400)
                {
                    refused++;
                    // A date inside the window may be refused for its own reasons (a relapse time still ahead today); outside, always with the window's words.
                    if (!inWindow && !what.StartsWith("timeline", StringComparison.Ordinal))
                        AssertSaysWhy(date, await response.Content.ReadAsStringAsync(), zone);
                }
                else
                {
                    accepted++;
                    Assert.True(inWindow, $"{what} ({zone}) was accepted: {status}");
                    await AssertOwnPagesAnswerAsync(user, $"{what} ({zone})", $"/habits/{daily}", $"/habits/{weekly}");
                }
            }
        }
        Assert.True(accepted >= 20 && refused >= 40, $"{accepted} accepted, {refused} refused");
    }

    private static void AssertSaysWhy(string day, string body, string zone)
    {
        var outsideToday = DateWindow.Problem(DateOnly.MinValue)[..40]; // "Choose a date from 1 January 1900 up to"
        Assert.True(body.Contains(outsideToday, StringComparison.Ordinal) || body.Contains("Future days", StringComparison.Ordinal)
            || body.Contains("still in the future", StringComparison.Ordinal) || body.Contains("can&#x27;t be in the future", StringComparison.Ordinal)
            || body.Contains("can't be in the future", StringComparison.Ordinal),
            $"{day} ({zone}) was refused without saying why: {body[..Math.Min(300, body.Length)]}");
    }

    private static async Task<HttpResponseMessage> ImportAsync(TestUser user, string json)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent((await user.Client.GetDocumentAsync("/account/import")).AntiforgeryToken()), "__RequestVerificationToken" },
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(json)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } }, "file", "export.json" },
        };
        return await user.Client.PostAsync("/account/import", form);
    }

    private static JsonObject Export(params JsonObject[] habits) => new()
    {
        ["format"] = "sovereign-export", ["version"] = 1, ["exportedAt"] = "2026-01-01T00:00:00Z",
        ["profile"] = new JsonObject { ["email"] = "x@example.org", ["username"] = "x", ["timeZone"] = "Europe/Berlin", ["dayEndsAtHour"] = 0, ["createdAt"] = "2025-01-01T00:00:00Z" },
        ["habits"] = new JsonArray(habits), ["relapseEvents"] = new JsonArray(), ["urgeEvents"] = new JsonArray(),
    };

    private static JsonObject HabitJson(string frequency, int target, string[] days, string[] skipped) => new()
    {
        ["id"] = Guid.NewGuid(), ["name"] = $"{frequency} walk", ["frequency"] = frequency, ["targetPerPeriod"] = target, ["isActive"] = true,
        ["createdAt"] = "2025-01-01T00:00:00Z", ["updatedAt"] = "2025-01-01T00:00:00Z",
        ["logs"] = new JsonArray(days.Select(d => (JsonNode)new JsonObject
        {
            ["localDate"] = d, ["completedAt"] = d + "T10:00:00Z", ["streakCount"] = 99, ["createdAt"] = d + "T10:00:00Z",
        }).ToArray()),
        ["skippedPeriods"] = new JsonArray(skipped.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray()),
    };

    [Fact]
    public async Task An_import_with_dates_outside_the_window_or_empty_items_is_refused_and_stores_nothing()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        var cases = new (JsonObject File, string Message)[]
        {
            (Export(HabitJson("daily", 1, ["0001-01-01", "2026-01-02"], [])), "0001-01-01 is outside 1900-01-01 to today"),
            (Export(HabitJson("daily", 1, ["9999-12-31"], [])), "9999-12-31 is outside"),
            (Export(HabitJson("weekly", 2, ["2025-06-02"], ["0001-01-01"])), "0001-01-01 is outside"),
            (Export(HabitJson("daily", 1, [], [])).Also(f => f["profile"]!["cleanSince"] = "0001-01-02"), "cleanSince: 0001-01-02 is outside"),
            (Export(HabitJson("daily", 1, [], [])).Also(f => f["relapseEvents"] = new JsonArray(new JsonObject
                { ["occurredAt"] = "0001-01-01T00:00:00Z", ["triggerType"] = "stress", ["severity"] = 3, ["createdAt"] = "2026-01-01T00:00:00Z" })), "Relapse event 1: 0001-01-01 is outside"),
            (Export().Also(f => f["habits"] = new JsonArray([null, HabitJson("daily", 1, [], [])])), "Habit 1 is empty"),
            (Export(HabitJson("daily", 1, [], [])).Also(f => f["habits"]![0]!["logs"] = new JsonArray([(JsonNode?)null])), "a completion is empty"),
            (Export().Also(f => f["urgeEvents"] = new JsonArray([(JsonNode?)null])), "Urge 1 is empty"),
            (Export().Also(f => f["relapseEvents"] = new JsonArray([(JsonNode?)null])), "Relapse event 1 is empty"),
            (Export(Enumerable.Range(0, Habit.MaxPerUser * 2 + 1).Select(_ => HabitJson("daily", 1, [], [])).ToArray()), "an import takes at most 400"),
        };
        foreach (var (file, message) in cases)
        {
            var response = await ImportAsync(user, file.ToJsonString());
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Contains(message, System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        }
        await using var db = app.NewDbContext();
        Assert.Equal(0, await db.Habits.CountAsync());
        Assert.Equal("Europe/Amsterdam", (await user.LoadAsync()).TimeZone);
        await AssertOwnPagesAnswerAsync(user, "the refused imports");
    }

    [Fact]
    public async Task An_import_counts_streaks_by_the_servers_rules_and_two_skipped_days_of_one_week_are_one_skipped_week()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        // Weekly, twice a week: met in the weeks of 5 and 19 May 2025; the week of 12 May skipped (two of its days named).
        var weekly = HabitJson("weekly", 2, ["2025-05-05", "2025-05-07", "2025-05-19", "2025-05-20"], ["2025-05-13", "2025-05-15"]);
        // Daily, with a century between its first two days: the replay jumps the gap.
        var daily = HabitJson("daily", 1, ["1900-01-01", "2025-05-01", "2025-05-02"], []);
        var response = await ImportAsync(user, Export(weekly, daily).ToJsonString());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        await using var db = app.NewDbContext();
        var skips = await db.HabitSkips.Where(s => s.UserId == user.Id).Select(s => s.PeriodStart).ToListAsync();
        Assert.Equal([new DateOnly(2025, 5, 12)], skips);
        var streaks = await db.HabitLogs.Where(l => l.UserId == user.Id).OrderBy(l => l.LocalDate).Select(l => l.StreakCount).ToListAsync();
        // By date: daily 1900 → 1; daily 1 and 2 May → 1, 2 (the century between breaks the run); weekly 5 and 7 May → 0, 1;
        // 19 and 20 May → 1, 2 (the skipped week between keeps it).
        Assert.Equal([1, 1, 2, 0, 1, 1, 2], streaks);
        foreach (var habit in await db.Habits.Where(h => h.UserId == user.Id).Select(h => h.Id).ToListAsync())
            await StreakInvariants.AssertConsistentAsync(db, habit);
        await AssertOwnPagesAnswerAsync(user, "the import");
    }

    [Fact]
    public async Task An_account_holds_at_most_200_habits_and_says_so()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        await using (var db = app.NewDbContext())
        {
            db.Habits.AddRange(Enumerable.Range(1, Habit.MaxPerUser).Select(i => new Habit { UserId = user.Id, Name = $"Habit {i}", IsActive = i % 2 == 0 }));
            await db.SaveChangesAsync();
        }
        var response = await user.PostFormAsync("/habits/new", TestUser.HabitForm("One more"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("200 habits, the most one account can hold", System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        await using (var db = app.NewDbContext()) Assert.Equal(Habit.MaxPerUser, await db.Habits.CountAsync(h => h.UserId == user.Id));
    }

    [Fact]
    public async Task An_account_holds_at_most_ten_thousand_relapses_and_urges_and_says_so()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        var start = DateTime.UtcNow.AddDays(-30);
        await using (var db = app.NewDbContext())
        {
            db.Add(Entities.Track(user.Id));
            db.RelapseEvents.AddRange(Enumerable.Range(0, RelapseEvent.MaxPerUser).Select(i => new RelapseEvent
                { UserId = user.Id, TrackId = user.Id, OccurredAt = start.AddMinutes(i), TriggerType = TriggerType.Stress, Severity = 3 }));
            db.UrgeEvents.AddRange(Enumerable.Range(0, UrgeEvent.MaxPerUser).Select(i => new UrgeEvent
                { UserId = user.Id, TrackId = user.Id, OccurredAt = start.AddMinutes(i), TriggerType = TriggerType.Stress, Intensity = 3 }));
            await db.SaveChangesAsync();
        }
        var relapse = await user.PostFormAsync("/relapse/new", new() { ["Input.Trigger"] = "stress", ["Input.Severity"] = "3" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, relapse.StatusCode);
        Assert.Contains("10,000 relapse entries", System.Net.WebUtility.HtmlDecode(await relapse.Content.ReadAsStringAsync()));
        var urge = await user.PostFormAsync("/urges", new() { ["Input.Trigger"] = "stress", ["Input.Intensity"] = "3" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, urge.StatusCode);
        Assert.Contains("10,000 urges", System.Net.WebUtility.HtmlDecode(await urge.Content.ReadAsStringAsync()));
        await using (var db = app.NewDbContext())
        {
            Assert.Equal(RelapseEvent.MaxPerUser, await db.RelapseEvents.CountAsync(r => r.UserId == user.Id));
            Assert.Equal(UrgeEvent.MaxPerUser, await db.UrgeEvents.CountAsync(u => u.UserId == user.Id));
        }
        await AssertOwnPagesAnswerAsync(user, "the caps");
    }

    [Fact]
    public async Task Writes_are_limited_per_user_and_reading_or_other_users_are_not_held_up()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        app.Settings["RateLimits:WritesPerMinutePerUser"] = "5";
        var busy = await TestUser.RegisterAsync(app);
        var other = await TestUser.RegisterAsync(app);
        var habit = await AddHabitAsync(app, busy);
        var token = (await busy.Client.GetDocumentAsync("/habits")).AntiforgeryToken();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
            statuses.Add((await busy.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/habits/{habit}/{(i % 2 == 0 ? "complete" : "undo")}").Htmx(token))).StatusCode);
        // Five at once, then one more every 12 seconds: a refill may fall inside these few hundred milliseconds, never two.
        // (One of the five was spent at registration, on "I've saved it" for the recovery code.)
        Assert.InRange(statuses.Count(s => s == HttpStatusCode.OK), 4, 5);
        Assert.Equal(statuses.Count, statuses.Count(s => s is HttpStatusCode.OK or HttpStatusCode.TooManyRequests));
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 4), statuses.Take(4));
        Assert.Equal(HttpStatusCode.OK, (await busy.Client.GetAsync("/habits")).StatusCode);
        var otherHabit = await AddHabitAsync(app, other);
        var otherToken = (await other.Client.GetDocumentAsync("/habits")).AntiforgeryToken();
        Assert.Equal(HttpStatusCode.OK, (await other.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/habits/{otherHabit}/complete").Htmx(otherToken))).StatusCode);
    }

    [Fact]
    public async Task Imports_are_limited_per_user_per_hour()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        app.Settings["RateLimits:ImportsPerHourPerUser"] = "2";
        var user = await TestUser.RegisterAsync(app);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) statuses.Add((await ImportAsync(user, "{ not json")).StatusCode);
        Assert.Equal([HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity, HttpStatusCode.TooManyRequests], statuses);
    }
}

internal static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject o, Action<JsonObject> change)
    {
        change(o);
        return o;
    }
}

public sealed class AbuseLimitsTestsOnSqlite() : AbuseLimitsTests(DatabaseProvider.Sqlite);

public sealed class AbuseLimitsTestsOnPostgres() : AbuseLimitsTests(DatabaseProvider.Postgres);

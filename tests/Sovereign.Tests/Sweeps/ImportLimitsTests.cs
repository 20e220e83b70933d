using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Time;

namespace Sovereign.Tests.Sweeps;

/// <summary>An import brings only dates inside the window, counts streaks by the server's rules, and is limited per hour.</summary>
public abstract class ImportLimitsTests(DatabaseProvider provider)
{
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
            var response = await AbuseLimitsTests.ImportAsync(user, file.ToJsonString());
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Contains(message, System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        }
        await using var db = app.NewDbContext();
        Assert.Equal(0, await db.Habits.CountAsync());
        Assert.Equal("Europe/Amsterdam", (await user.LoadAsync()).TimeZone);
        await AbuseLimitsTests.AssertOwnPagesAnswerAsync(user, "the refused imports");
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
        var response = await AbuseLimitsTests.ImportAsync(user, Export(weekly, daily).ToJsonString());
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
        await AbuseLimitsTests.AssertOwnPagesAnswerAsync(user, "the import");
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

public sealed class ImportLimitsTestsOnSqlite() : ImportLimitsTests(DatabaseProvider.Sqlite);

public sealed class ImportLimitsTestsOnPostgres() : ImportLimitsTests(DatabaseProvider.Postgres);

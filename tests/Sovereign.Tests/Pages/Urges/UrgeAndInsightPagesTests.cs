using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.DependencyInjection;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Models;

namespace Sovereign.Tests.Pages.Urges;

public abstract class UrgeAndInsightPagesTests(DatabaseProvider provider)
{
    [Fact]
    public async Task An_urge_is_logged_in_seconds_and_bad_input_stores_nothing()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        var ok = await user.PostFormAsync("/urges", new()
        {
            ["Input.Intensity"] = "8", ["Input.Trigger"] = "environmental_cue", ["Input.Helped"] = "called_someone", ["Input.Lonely"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        foreach (var (field, value) in new[] { ("Input.Intensity", "11"), ("Input.Intensity", "-1"), ("Input.Trigger", "boredom"), ("Input.Helped", "drank"), ("Input.OccurredAt", "2999-01-01T00:00") })
        {
            var form = new Dictionary<string, string> { ["Input.Intensity"] = "5", ["Input.Trigger"] = "stress" };
            form[field] = value;
            var bad = await user.PostFormAsync("/urges", form);
            Assert.True(bad.StatusCode == HttpStatusCode.UnprocessableEntity, $"{field}={value}: {(int)bad.StatusCode}");
        }
        await using var db = app.NewDbContext();
        var urge = await db.UrgeEvents.SingleAsync();
        Assert.Equal((8, TriggerType.EnvironmentalCue, "called_someone", true), (urge.Intensity, urge.TriggerType, urge.HelpedWith, urge.Lonely));
        var page = await user.Client.GetDocumentAsync("/urges");
        Assert.Equal("1", page.QuerySelector("[data-urges-total]")!.GetAttribute("data-urges-total"));
    }

    [Fact]
    public async Task An_urge_is_logged_just_now_earlier_today_or_at_a_picked_time_and_a_later_time_today_is_refused()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-06-15T20:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var app = await SovereignApp.CreateAsync(provider, clock: clock);
        var user = await TestUser.RegisterAsync(app, timeZone: "Europe/London"); // 21:00 there
        Dictionary<string, string> Form(params (string Field, string Value)[] when)
        {
            var form = new Dictionary<string, string> { ["Input.Intensity"] = "6", ["Input.Trigger"] = "stress" };
            foreach (var (field, value) in when) form["Input." + field] = value;
            return form;
        }
        foreach (var form in new[] { Form(("When", "now")), Form(("When", "earlier"), ("TimeToday", "18:45")), Form(("When", "pick"), ("OccurredAt", "2026-06-14T23:10")) })
            Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync("/urges", form)).StatusCode);
        foreach (var (form, message) in new[]
        {
            (Form(("When", "earlier"), ("TimeToday", "22:30")), "later than now"),
            (Form(("When", "earlier"), ("TimeToday", "")), "Enter the time earlier today"),
            (Form(("When", "earlier"), ("TimeToday", "25:00")), "Enter the time earlier today"),
            (Form(("When", "pick"), ("OccurredAt", "")), "Pick the date and time"),
            (Form(("When", "tomorrow")), "Choose when it happened"),
        })
        {
            var bad = await user.PostFormAsync("/urges", form);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
            Assert.Contains(message, (await TestUser.ParseAsync(bad)).QuerySelector("main")!.TextContent);
        }
        await using var db = app.NewDbContext();
        var times = await db.UrgeEvents.OrderBy(u => u.OccurredAt).Select(u => u.OccurredAt).ToListAsync();
        Assert.Equal([DateTime.Parse("2026-06-14T22:10:00Z").ToUniversalTime(), DateTime.Parse("2026-06-15T17:45:00Z").ToUniversalTime(), DateTime.Parse("2026-06-15T20:00:00Z").ToUniversalTime()], times);
    }

    [Fact]
    public async Task A_surfed_urge_logs_itself_with_the_intensity_before_and_after()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        var response = await user.PostFormAsync("/urges/surf", new() { ["Input.Intensity"] = "9", ["Input.IntensityAfter"] = "4", ["Input.Trigger"] = "stress" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var db = app.NewDbContext();
        var urge = await db.UrgeEvents.SingleAsync();
        Assert.Equal((9, 4, "urge_surfing"), (urge.Intensity, urge.IntensityAfter, urge.HelpedWith));
        Assert.Contains("from 9 down to 4", (await user.Client.GetDocumentAsync("/urges")).QuerySelector(".alert-success")!.TextContent);
    }

    [Fact]
    public async Task Insights_cost_the_same_few_queries_for_a_small_and_a_benchmark_sized_history()
    {
        var counter = new CommandCounter();
        await using var app = await SovereignApp.CreateAsync(provider, services: s => s.AddSingleton<IInterceptor>(counter));
        var small = await TestUser.RegisterAsync(app);
        var large = await TestUser.RegisterAsync(app);
        await SeedAsync(app, small.Id, events: 2, habits: 1, days: 20);
        await SeedAsync(app, large.Id, events: 2000, habits: 20, days: 730);

        async Task<int> QueriesAsync(TestUser user)
        {
            await user.Client.GetAsync("/insights");
            counter.Reset();
            Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/insights")).StatusCode);
            return counter.Count;
        }
        var few = await QueriesAsync(small);
        var many = await QueriesAsync(large);
        Assert.Equal(few, many);
        Assert.InRange(many, 1, 6);

        var page = await large.Client.GetDocumentAsync("/insights");
        Assert.Null(page.QuerySelector("#too-few"));
        Assert.Equal(168, page.QuerySelectorAll("#heatmap rect[data-count]").Length);
        Assert.Equal(2000, page.QuerySelectorAll("#heatmap rect[data-count]").Sum(c => int.Parse(c.GetAttribute("data-count")!)));
        // Two thousand relapses in two years leave no week without one: nothing honest to compare habits against.
        Assert.Empty(page.QuerySelectorAll(".habit-sentences li"));
        Assert.NotNull((await small.Client.GetDocumentAsync("/insights")).QuerySelector("#too-few"));
    }

    private static async Task SeedAsync(SovereignApp app, Guid userId, int events, int habits, int days)
    {
        await using var db = app.NewDbContext();
        var start = DateTime.UtcNow.AddDays(-days);
        var user = db.Users.Attach(await db.Users.SingleAsync(u => u.Id == userId)).Entity;
        user.CreatedAt = start.AddDays(-1);
        var today = TestDates.Today(user.TimeZone);
        for (var h = 0; h < habits; h++)
        {
            var habit = new Habit { UserId = userId, Name = $"Habit {h}", CreatedAt = start.AddDays(-1) };
            db.Add(habit);
            for (var d = 1; d <= days; d++)
                if ((d + h) % 5 != 0)
                    db.Add(new HabitLog { HabitId = habit.Id, UserId = userId, LocalDate = today.AddDays(-d), CompletedAt = today.AddDays(-d).ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc) });
        }
        db.Add(Entities.Track(userId));
        for (var e = 0; e < events; e++)
        {
            var at = start.AddMinutes(e * (days * 1440.0 / Math.Max(1, events)));
            db.Add(new RelapseEvent { UserId = userId, TrackId = userId, OccurredAt = at, TriggerType = Entities.Trigger(e), Severity = 1 + e % 10 });
            db.Add(new UrgeEvent { UserId = userId, TrackId = userId, OccurredAt = at.AddHours(3), TriggerType = Entities.Trigger(e), Intensity = e % 11 });
        }
        await db.SaveChangesAsync();
    }
}

public sealed class UrgeAndInsightPagesTestsOnSqlite() : UrgeAndInsightPagesTests(DatabaseProvider.Sqlite);

public sealed class UrgeAndInsightPagesTestsOnPostgres() : UrgeAndInsightPagesTests(DatabaseProvider.Postgres);

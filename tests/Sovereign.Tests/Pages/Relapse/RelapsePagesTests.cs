using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Models;

namespace Sovereign.Tests.Pages.Relapse;

public abstract class RelapsePagesTests(DatabaseProvider provider)
{
    private static Dictionary<string, string> Form(string occurredAt = "", string trigger = "stress", string severity = "7", string notes = "") => new()
    {
        ["Input.OccurredAt"] = occurredAt, ["Input.Trigger"] = trigger, ["Input.Severity"] = severity, ["Input.Notes"] = notes,
    };

    [Theory]
    [InlineData("Input.Severity", "0", "from 1 to 10")]
    [InlineData("Input.Severity", "11", "from 1 to 10")]
    [InlineData("Input.Severity", "seven", "")]
    [InlineData("Input.Trigger", "boredom", "Choose one of the listed")]
    [InlineData("Input.Trigger", "", "Choose what was going on")]
    [InlineData("Input.OccurredAt", "2999-01-01T10:00", "still in the future")]
    [InlineData("Input.OccurredAt", "yesterday evening", "Enter the date and time")]
    [InlineData("Input.Notes", "5001", "up to 5,000 characters")]
    public async Task Every_bad_field_re_renders_the_form_with_its_message_and_stores_nothing(string field, string value, string message)
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        var form = Form();
        form[field] = value == "5001" ? new string('n', 5001) : value;
        var response = await user.PostFormAsync("/relapse/new", form);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await TestUser.ParseAsync(response);
        Assert.Contains(message, page.QuerySelector("main form")!.TextContent);
        Assert.NotNull(page.QuerySelector(".is-invalid"));
        await using var db = app.NewDbContext();
        Assert.Equal(0, await db.RelapseEvents.CountAsync());
    }

    [Fact]
    public async Task Seconds_and_milliseconds_entered_in_local_time_survive_the_round_trip()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app, timeZone: "Europe/Berlin");
        var response = await user.PostFormAsync("/relapse/new", Form("2026-03-14T21:30:15.123", notes: "<script>alert(1)</script> & more"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        await using var db = app.NewDbContext();
        var stored = await db.RelapseEvents.SingleAsync();
        Assert.Equal(DateTime.Parse("2026-03-14T20:30:15.123Z").ToUniversalTime(), stored.OccurredAt); // CET is UTC+1
        Assert.Equal((TriggerType.Stress, 7), (stored.TriggerType, stored.Severity));

        var edit = await user.Client.GetDocumentAsync($"/relapse/{stored.Id}/edit");
        Assert.Equal("2026-03-14T21:30:15.123", edit.QuerySelector("#Input_OccurredAt")!.GetAttribute("value"));
        var timeline = await user.Client.GetStringAsync("/relapse");
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more", timeline);
        Assert.DoesNotContain("<script>alert(1)", timeline);
        Assert.Contains("Sat 14 Mar 2026, 21:30", timeline);
    }

    [Fact]
    public async Task An_empty_time_means_now_and_HALT_is_kept()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-06-01T12:34:56.789Z"));
        await using var app = await SovereignApp.CreateAsync(provider, clock: clock);
        var user = await TestUser.RegisterAsync(app);
        var form = Form();
        form["Input.Lonely"] = "true";
        form["Input.Tired"] = "true";
        await user.PostFormAsync("/relapse/new", form);
        await using var db = app.NewDbContext();
        var stored = await db.RelapseEvents.SingleAsync();
        Assert.Equal(clock.GetUtcNow().UtcDateTime, stored.OccurredAt);
        Assert.Equal((false, false, true, true), (stored.Hungry, stored.Angry, stored.Lonely, stored.Tired));
    }

    [Fact]
    public async Task Undo_is_offered_for_fifteen_minutes_then_deleting_needs_a_confirmation()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-06-01T12:00:00Z"));
        await using var app = await SovereignApp.CreateAsync(provider, clock: clock);
        var user = await TestUser.RegisterAsync(app);
        var logged = await user.PostFormAsync("/relapse/new", Form());
        var after = await user.Client.GetDocumentAsync(logged.Headers.Location!.OriginalString);
        Assert.Contains("Thank you for being honest", after.QuerySelector("h1")!.TextContent);
        // Only what is kept: no current run, no recovery strength (which a relapse dips).
        Assert.DoesNotContain("strength", after.QuerySelector(".kept")!.TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(after.QuerySelectorAll("button").SingleOrDefault(b => b.TextContent.Contains("mis-tap")));
        Guid id;
        await using (var db = app.NewDbContext()) id = await db.RelapseEvents.Select(r => r.Id).SingleAsync();

        var undone = await user.PostFormAsync($"/relapse/{id}/edit/undo", [], tokenFrom: "/dashboard");
        Assert.Equal(HttpStatusCode.Redirect, undone.StatusCode);
        await using (var db = app.NewDbContext()) Assert.Equal(0, await db.RelapseEvents.CountAsync());

        await user.PostFormAsync("/relapse/new", Form());
        await using (var db = app.NewDbContext()) id = await db.RelapseEvents.Select(r => r.Id).SingleAsync();
        clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(HttpStatusCode.NotFound, (await user.PostFormAsync($"/relapse/{id}/edit/undo", [], tokenFrom: "/dashboard")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await user.PostFormAsync($"/relapse/{id}/edit/delete", [])).StatusCode);
        await using (var db = app.NewDbContext()) Assert.Equal(1, await db.RelapseEvents.CountAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync($"/relapse/{id}/edit/delete", new() { ["confirm"] = "delete" })).StatusCode);
        await using (var db = app.NewDbContext()) Assert.Equal(0, await db.RelapseEvents.CountAsync());
    }

    [Fact]
    public async Task Load_more_over_htmx_answers_the_next_rows_and_a_bad_cursor_is_a_400()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        await using (var db = app.NewDbContext())
        {
            db.Add(Entities.Track(user.Id));
            for (var i = 0; i < 25; i++) db.Add(Entities.Relapse(await user.LoadAsync(), DateTime.UtcNow.AddHours(-i - 1)));
            await db.SaveChangesAsync();
        }
        var first = await user.Client.GetDocumentAsync("/relapse");
        Assert.Equal(20, first.QuerySelectorAll(".relapse-row").Length);
        var more = first.QuerySelector("#load-more a")!.GetAttribute("hx-get")!;
        var request = new HttpRequestMessage(HttpMethod.Get, more).Htmx();
        var next = await user.Client.SendAsync(request);
        var html = await next.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<html", html);
        Assert.Equal(5, Html.Parse(html).QuerySelectorAll(".relapse-row").Length);
        Assert.Null(Html.Parse(html).QuerySelector("#load-more"));

        Assert.Equal(HttpStatusCode.BadRequest, (await user.Client.GetAsync("/relapse?after=not-a-cursor")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await user.Client.GetAsync("/relapse?trigger=boredom")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await user.Client.GetAsync("/relapse?from=2026-05-01&to=2026-04-01")).StatusCode);
    }

    [Fact]
    public async Task The_dashboard_costs_the_same_few_queries_for_one_event_or_two_thousand()
    {
        var counter = new CommandCounter();
        await using var app = await SovereignApp.CreateAsync(provider, services: s => s.AddSingleton<IInterceptor>(counter));
        var small = await TestUser.RegisterAsync(app);
        var large = await TestUser.RegisterAsync(app);
        await SeedAsync(app, small.Id, events: 1, habits: 1, days: 10);
        await SeedAsync(app, large.Id, events: 2000, habits: 20, days: 730);

        async Task<int> QueriesAsync(TestUser user)
        {
            await user.Client.GetAsync("/dashboard"); // warm: key ring and stamp check
            counter.Reset();
            var response = await user.Client.GetAsync("/dashboard");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return counter.Count;
        }
        var few = await QueriesAsync(small);
        var many = await QueriesAsync(large);
        Assert.Equal(few, many);
        Assert.InRange(many, 1, 6);
        var page = await large.Client.GetDocumentAsync("/dashboard");
        Assert.Equal(20, page.QuerySelectorAll("article.habit-card").Length);
        Assert.Equal(5, page.QuerySelectorAll(".recent-event[data-kind=relapse]").Length);
    }

    private static async Task SeedAsync(SovereignApp app, Guid userId, int events, int habits, int days)
    {
        await using var db = app.NewDbContext();
        var today = TestDates.Today(await db.Users.Where(u => u.Id == userId).Select(u => u.TimeZone).SingleAsync());
        for (var h = 0; h < habits; h++)
        {
            var habit = new Habit { UserId = userId, Name = $"Habit {h}" };
            db.Add(habit);
            for (var d = 1; d <= days; d++)
            {
                var day = today.AddDays(-d);
                db.Add(new HabitLog { HabitId = habit.Id, UserId = userId, LocalDate = day, CompletedAt = day.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc), StreakCount = days - d + 1 });
            }
        }
        var start = DateTime.UtcNow.AddDays(-days);
        db.Add(Entities.Track(userId));
        for (var e = 0; e < events; e++)
            db.Add(new RelapseEvent { UserId = userId, TrackId = userId, OccurredAt = start.AddMinutes(e * 17), TriggerType = Entities.Trigger(e), Severity = 1 + e % 10 });
        await db.SaveChangesAsync();
    }
}

public sealed class RelapsePagesTestsOnSqlite() : RelapsePagesTests(DatabaseProvider.Sqlite);

public sealed class RelapsePagesTestsOnPostgres() : RelapsePagesTests(DatabaseProvider.Postgres);

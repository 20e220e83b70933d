using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Models;

namespace Sovereign.Tests.Pages.Habits;

public abstract class HabitPagesTests(DatabaseProvider provider)
{
    private static async Task<Guid> CreateHabitAsync(TestUser user, string name = "Evening walk", string frequency = "Daily", string target = "1")
    {
        var response = await user.PostFormAsync("/habits/new", new()
        {
            ["Input.Name"] = name, ["Input.Frequency"] = frequency, ["Input.TargetPerPeriod"] = target,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var db = user.App.NewDbContext();
        return await db.Habits.Where(h => h.UserId == user.Id && h.Name == name).Select(h => h.Id).SingleAsync();
    }

    private static async Task<HttpResponseMessage> HtmxPostAsync(TestUser user, string url)
    {
        var token = (await user.Client.GetDocumentAsync("/habits")).AntiforgeryToken();
        var request = new HttpRequestMessage(HttpMethod.Post, url).Htmx(token);
        request.Headers.Add("HX-Current-URL", "https://localhost/habits");
        return await user.Client.SendAsync(request);
    }

    [Fact]
    public async Task Completing_over_htmx_answers_the_card_fragment_and_without_it_redirects_back()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        var id = await CreateHabitAsync(user);

        var htmx = await HtmxPostAsync(user, $"/habits/{id}/complete");
        Assert.Equal(HttpStatusCode.OK, htmx.StatusCode);
        var html = await htmx.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<html", html);
        var card = Html.Parse(html).QuerySelector($"#habit-{id}")!;
        Assert.Equal("true", card.GetAttribute("hx-swap-oob")); // the card answers as itself, wherever it is on the page
        Assert.False(htmx.Headers.Contains("HX-Retarget"));
        Assert.Equal("1", card.GetAttribute("data-current-streak"));
        Assert.Equal("1", card.GetAttribute("data-longest-streak"));
        Assert.Equal("1", card.GetAttribute("data-period-count"));

        var undo = await user.PostFormAsync($"/habits/{id}/undo", new() { ["returnUrl"] = "/dashboard" }, tokenFrom: "/habits");
        Assert.Equal(HttpStatusCode.Redirect, undo.StatusCode);
        Assert.Equal("/dashboard", undo.Headers.Location!.OriginalString);
        var page = await user.Client.GetDocumentAsync("/habits");
        Assert.Equal("0", page.QuerySelector($"#habit-{id}")!.GetAttribute("data-current-streak"));

        var plain = await user.PostFormAsync($"/habits/{id}/complete", new() { ["returnUrl"] = "https://evil.example/" }, tokenFrom: "/habits");
        Assert.Equal($"/habits/{id}", plain.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("Input.Name", "", "Give the habit a name")]
    [InlineData("Input.Name", "101", "at most 100 characters")]
    [InlineData("Input.TargetPerPeriod", "9", "A week has 7 days")]
    [InlineData("Input.TargetPerPeriod", "0", "Choose 1 to 28 days")]
    [InlineData("Input.Frequency", "hourly", "")]
    public async Task A_bad_habit_form_shows_the_message_and_stores_nothing(string field, string value, string message)
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        var fields = new Dictionary<string, string> { ["Input.Name"] = "Walk", ["Input.Frequency"] = "Weekly", ["Input.TargetPerPeriod"] = "3" };
        fields[field] = value == "101" ? new string('x', 101) : value;
        var response = await user.PostFormAsync("/habits/new", fields);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
        await using var db = app.NewDbContext();
        Assert.Equal(0, await db.Habits.CountAsync());
    }

    [Fact]
    public async Task Future_days_and_malformed_dates_are_refused_without_a_write()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        var id = await CreateHabitAsync(user);
        var tomorrow = TestDates.Text(TestDates.Today(TestUser.DefaultTimeZone).AddDays(1));
        foreach (var url in new[] { $"/habits/{id}/days/{tomorrow}/complete", $"/habits/{id}/days/2026-02-30/complete", $"/habits/{id}/days/yesterday/complete", $"/habits/{id}/days/{tomorrow}/skip" })
        {
            var response = await HtmxPostAsync(user, url);
            Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{url}: {(int)response.StatusCode}");
            Assert.Equal("#alerts", response.Headers.GetValues("HX-Retarget").Single());
        }
        await using var db = app.NewDbContext();
        Assert.Equal(0, await db.HabitLogs.CountAsync());
        Assert.Equal(0, await db.HabitSkips.CountAsync());
    }

    [Fact]
    public async Task Backdating_and_clearing_a_past_day_answer_the_updated_card()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-05-20T18:00:00Z"));
        await using var app = await SovereignApp.CreateAsync(provider, clock: clock);
        var user = await TestUser.RegisterAsync(app, timeZone: "UTC");
        var id = await CreateHabitAsync(user);

        await HtmxPostAsync(user, $"/habits/{id}/complete");
        var yesterday = await HtmxPostAsync(user, $"/habits/{id}/days/2026-05-19/complete");
        Assert.Equal("2", Html.Parse(await yesterday.Content.ReadAsStringAsync()).QuerySelector($"#habit-{id}")!.GetAttribute("data-current-streak"));
        await using (var db = app.NewDbContext())
        {
            var log = await db.HabitLogs.SingleAsync(l => l.LocalDate == new DateOnly(2026, 5, 19));
            Assert.Equal(DateTime.Parse("2026-05-19T12:00:00Z").ToUniversalTime(), log.CompletedAt); // noon local
            Assert.Equal(2, (await db.HabitLogs.SingleAsync(l => l.LocalDate == new DateOnly(2026, 5, 20))).StreakCount);
        }

        var cleared = await HtmxPostAsync(user, $"/habits/{id}/days/2026-05-19/clear");
        Assert.Equal("1", Html.Parse(await cleared.Content.ReadAsStringAsync()).QuerySelector($"#habit-{id}")!.GetAttribute("data-current-streak"));
        await using (var db = app.NewDbContext())
            Assert.Equal(1, (await db.HabitLogs.SingleAsync()).StreakCount);
    }

    [Fact]
    public async Task Twenty_parallel_completions_leave_exactly_one_log()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        var id = await CreateHabitAsync(user);
        var token = (await user.Client.GetDocumentAsync("/habits")).AntiforgeryToken();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            user.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/habits/{id}/complete").Htmx(token))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var r in responses)
            Assert.Equal("1", Html.Parse(await r.Content.ReadAsStringAsync()).QuerySelector($"#habit-{id}")!.GetAttribute("data-current-streak"));
        await using var db = app.NewDbContext();
        Assert.Equal(1, await db.HabitLogs.CountAsync(l => l.HabitId == id));
        var habit = await db.Habits.AsNoTracking().SingleAsync(h => h.Id == id);
        Assert.Equal((1, 1, 1), (habit.StreakRun, habit.LongestStreak, habit.StreakPeriodCount));
    }

    [Fact]
    public async Task Skipping_today_keeps_the_streak_and_the_history_page_shows_the_year()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-05-20T18:00:00Z"));
        await using var app = await SovereignApp.CreateAsync(provider, clock: clock);
        var user = await TestUser.RegisterAsync(app, timeZone: "UTC");
        var id = await CreateHabitAsync(user);
        await HtmxPostAsync(user, $"/habits/{id}/days/2026-05-18/complete");
        await HtmxPostAsync(user, $"/habits/{id}/days/2026-05-19/skip");
        var skipped = await HtmxPostAsync(user, $"/habits/{id}/days/2026-05-20/skip");
        var card = Html.Parse(await skipped.Content.ReadAsStringAsync()).QuerySelector($"#habit-{id}")!;
        Assert.Equal("1", card.GetAttribute("data-current-streak"));
        Assert.Contains("Skipped today", card.TextContent);

        clock.Advance(TimeSpan.FromHours(7)); // 01:00 the next day, inside the session's 12 hours
        var page = await user.Client.GetDocumentAsync($"/habits/{id}");
        Assert.Equal("1", page.QuerySelector($"#habit-{id}")!.GetAttribute("data-current-streak"));
        var days = page.QuerySelectorAll(".heatmap [data-date]").ToList();
        Assert.InRange(days.Count, 365, 378);
        Assert.Equal("1", page.QuerySelector("[data-date='2026-05-18']")!.GetAttribute("data-count"));
        Assert.Contains("heat-skipped", page.QuerySelector("[data-date='2026-05-19']")!.ClassName);
        Assert.Equal("0", page.QuerySelector("[data-date='2026-05-17']")!.GetAttribute("data-count"));
        Assert.Contains("habit strength", page.QuerySelector("#habit-strength")!.TextContent);
    }

    [Fact]
    public async Task Archive_restore_edit_and_delete_with_confirmation()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        var id = await CreateHabitAsync(user);
        await HtmxPostAsync(user, $"/habits/{id}/complete");

        await user.PostFormAsync($"/habits/{id}/archive", [], tokenFrom: $"/habits/{id}");
        var list = await user.Client.GetDocumentAsync("/habits");
        Assert.Null(list.QuerySelector($"#habit-{id}"));
        Assert.Contains("Evening walk", list.QuerySelector(".list-group")!.TextContent);
        await user.PostFormAsync($"/habits/{id}/restore", [], tokenFrom: $"/habits/{id}");
        Assert.NotNull((await user.Client.GetDocumentAsync("/habits")).QuerySelector($"#habit-{id}"));

        var edited = await user.PostFormAsync($"/habits/{id}/edit", new() { ["Input.Name"] = "Morning walk", ["Input.Frequency"] = "Weekly", ["Input.TargetPerPeriod"] = "3" });
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        await using (var db = app.NewDbContext())
        {
            var habit = await db.Habits.AsNoTracking().SingleAsync(h => h.Id == id);
            Assert.Equal(("Morning walk", HabitFrequency.Weekly, 3), (habit.Name, habit.Frequency, habit.TargetPerPeriod));
        }

        var unconfirmed = await user.PostFormAsync($"/habits/{id}/delete", [], tokenFrom: $"/habits/{id}");
        Assert.Equal(HttpStatusCode.Redirect, unconfirmed.StatusCode);
        await using (var db = app.NewDbContext()) Assert.Equal(1, await db.Habits.CountAsync());
        var confirmed = await user.PostFormAsync($"/habits/{id}/delete", new() { ["confirm"] = "delete" }, tokenFrom: $"/habits/{id}");
        Assert.Equal("/habits", confirmed.Headers.Location!.OriginalString);
        await using (var db = app.NewDbContext())
        {
            Assert.Equal(0, await db.Habits.CountAsync());
            Assert.Equal(0, await db.HabitLogs.CountAsync());
        }
    }
}

public sealed class HabitPagesTestsOnSqlite() : HabitPagesTests(DatabaseProvider.Sqlite);

public sealed class HabitPagesTestsOnPostgres() : HabitPagesTests(DatabaseProvider.Postgres);

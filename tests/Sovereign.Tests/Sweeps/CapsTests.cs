using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Time;

namespace Sovereign.Tests.Sweeps;

/// <summary>Caps on what one account holds (habits, relapses and urges), each refused with its reason, and per-user limits on writes and imports.</summary>
public abstract class CapsTests(DatabaseProvider provider)
{
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
        await AbuseLimitsTests.AssertOwnPagesAnswerAsync(user, "the caps");
    }

    [Fact]
    public async Task Writes_are_limited_per_user_and_reading_or_other_users_are_not_held_up()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        app.Settings["RateLimits:WritesPerMinutePerUser"] = "5";
        var busy = await TestUser.RegisterAsync(app);
        var other = await TestUser.RegisterAsync(app);
        var habit = await AbuseLimitsTests.AddHabitAsync(app, busy);
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
        var otherHabit = await AbuseLimitsTests.AddHabitAsync(app, other);
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
        for (var i = 0; i < 3; i++) statuses.Add((await AbuseLimitsTests.ImportAsync(user, "{ not json")).StatusCode);
        Assert.Equal([HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity, HttpStatusCode.TooManyRequests], statuses);
    }
}

public sealed class CapsTestsOnSqlite() : CapsTests(DatabaseProvider.Sqlite);

public sealed class CapsTestsOnPostgres() : CapsTests(DatabaseProvider.Postgres);

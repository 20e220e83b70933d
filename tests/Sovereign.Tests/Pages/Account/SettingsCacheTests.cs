using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Models;

namespace Sovereign.Tests.Pages.Account;

/// <summary>Each user's settings are kept a minute per instance (UserSettingsCache): what that promises, held to it.</summary>
public abstract class SettingsCacheTests(DatabaseProvider provider)
{
    private static Dictionary<string, string> Profile(TestUser user, string zone) => new()
    {
        ["Profile.Username"] = user.Username, ["Profile.TimeZone"] = zone, ["Profile.DayEndsAtHour"] = "0", ["Profile.CleanSince"] = "",
    };

    [Fact]
    public async Task A_time_zone_change_applies_to_the_very_next_page_and_completion()
    {
        // 23:30 in London is already 13:30 the next day on Kiritimati (UTC+14).
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-06-01T22:30:00Z"));
        await using var app = await SovereignApp.CreateAsync(provider, clock: clock);
        var user = await TestUser.RegisterAsync(app, timeZone: "Europe/London");
        var created = await user.PostFormAsync("/habits/new", TestUser.HabitForm("Walk"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Contains("2026-06-01", (await user.Client.GetStringAsync("/habits")) ); // today's skip form names London's date

        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync("/account/profile", Profile(user, "Pacific/Kiritimati"), tokenFrom: "/account")).StatusCode);
        var habits = await user.Client.GetDocumentAsync("/habits");
        Assert.Contains(habits.QuerySelectorAll("[formaction]"), f => f.GetAttribute("formaction")?.Contains("/days/2026-06-02/skip") == true);
        var id = habits.QuerySelector("article.habit-card")!.Id!["habit-".Length..];
        var done = await user.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/habits/{id}/complete").Htmx(habits.AntiforgeryToken()));
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        await using var db = app.NewDbContext();
        Assert.Equal(new DateOnly(2026, 6, 2), await db.HabitLogs.Where(l => l.UserId == user.Id).Select(l => l.LocalDate).SingleAsync());
    }
}

public sealed class SettingsCacheTestsOnSqlite() : SettingsCacheTests(DatabaseProvider.Sqlite);

public sealed class SettingsCacheTestsOnPostgres() : SettingsCacheTests(DatabaseProvider.Postgres)
{
    /// <summary>Two instances on one database: a change made through one reaches the other within a minute (the stated bound).</summary>
    [Fact]
    public async Task Another_instance_sees_a_settings_change_within_a_minute()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var first = new SovereignApp(database) { Clock = clock };
        await using var second = new SovereignApp(database) { Clock = clock };
        var browser = new CookieJar();
        var one = first.CreateDefaultClient(new Uri("https://localhost"), browser.NewHandler());
        var two = second.CreateDefaultClient(new Uri("https://localhost"), browser.NewHandler());
        await TestUser.RegisterAndSignInAsync(one, "cache@example.org", "cache", timeZone: "UTC");
        await using (var db = first.NewDbContext())
        {
            var user = await db.Users.SingleAsync();
            db.Add(Entities.Track(user.Id));
            db.Add(new RelapseEvent { UserId = user.Id, TrackId = user.Id, OccurredAt = clock.GetUtcNow().UtcDateTime.Date.AddHours(-10).AddMinutes(30), TriggerType = TriggerType.Stress, Severity = 3 });
            await db.SaveChangesAsync();
        }
        static async Task<string> ShownTimeAsync(HttpClient client) =>
            (await client.GetDocumentAsync("/relapse")).QuerySelector(".relapse-row time")!.TextContent;
        Assert.EndsWith("14:30", await ShownTimeAsync(two)); // UTC, and now cached on instance two

        var form = await one.GetDocumentAsync("/account");
        var changed = await one.PostAsync("/account/profile", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = form.AntiforgeryToken(), ["Profile.Username"] = "cache", ["Profile.TimeZone"] = "Asia/Tokyo", ["Profile.DayEndsAtHour"] = "0",
        }));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.EndsWith("23:30", await ShownTimeAsync(one));   // at once where it was changed
        Assert.EndsWith("14:30", await ShownTimeAsync(two));   // the other instance still has its minute

        clock.Advance(UserSettingsCache.Lifetime + TimeSpan.FromSeconds(1));
        Assert.EndsWith("23:30", await ShownTimeAsync(two));
    }
}

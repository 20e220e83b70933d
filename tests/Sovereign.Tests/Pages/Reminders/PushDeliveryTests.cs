using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sovereign.Tests.Pages.Shares;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Reminders;
using static Sovereign.Tests.Pages.Reminders.ReminderTests;

namespace Sovereign.Tests.Pages.Reminders;

/// <summary>What happens to a notification on its way: many instances, a push service that answers badly, a supporter, "Done".</summary>
public abstract class PushDeliveryTests(DatabaseProvider provider)
{
    private static readonly DateTimeOffset Morning = new(2027, 2, 1, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Two_instances_send_each_of_a_thousand_due_reminders_exactly_once()
    {
        await using var s = await StartAsync(provider, Morning);
        var user = await TestUser.RegisterAsync(s.App, timeZone: "UTC");
        var browsers = Enumerable.Range(0, 10).Select(_ => s.Push.Subscribe()).ToList();
        await using (var db = s.App.NewDbContext())
        {
            // Ten people, each a phone and a hundred habits due at 07:00 UTC: a thousand reminders.
            var created = Morning.UtcDateTime;
            foreach (var browser in browsers)
            {
                var person = Entities.User();
                person.CreatedAt = person.UpdatedAt = created;
                db.Users.Add(person);
                db.PushDevices.Add(new PushDevice { UserId = person.Id, Endpoint = browser.Endpoint, P256dh = browser.P256dh, Auth = browser.Auth, Name = "Phone", CreatedAt = created });
                db.Habits.AddRange(Enumerable.Range(0, 100).Select(i => new Habit { UserId = person.Id, Name = $"Habit {i}", RemindAt = new TimeOnly(7, 0), CreatedAt = created, UpdatedAt = created }));
            }
            await db.SaveChangesAsync();
        }
        await using var second = new SovereignApp(s.App.Database) { OwnsDatabase = false, Clock = s.Clock };
        second.Settings["Push:AllowLoopbackEndpoints"] = "true";

        s.Clock.SetUtcNow(Morning.AddHours(1));
        await Task.WhenAll(RunAsync(s.App), RunAsync(second), RunAsync(s.App), RunAsync(second));
        await Task.WhenAll(RunAsync(s.App), RunAsync(second)); // and once more each, as the next minute would

        Assert.Empty(s.Push.Problems);
        Assert.Equal(1000, s.Push.Delivered.Count);
        Assert.Equal(1000, s.Push.Delivered.Select(d => d.Payload.GetProperty("tag").GetString()! + d.Subscription).Distinct().Count());
        Assert.All(browsers, b => Assert.Equal(100, s.Push.For(b).Count));
        await using (var db = s.App.NewDbContext())
            Assert.Equal(1000, await db.Notifications.CountAsync(n => n.SentAt != null));
    }

    [Fact]
    public async Task A_push_service_answering_410_removes_the_device_429_and_5xx_are_retried_with_backoff_then_given_up()
    {
        await using var s = await StartAsync(provider, Morning);
        var user = await TestUser.RegisterAsync(s.App, timeZone: "UTC");
        await HabitAsync(user, "Walk", "06:30");
        var gone = await TurnOnAsync(user, s.Push, "Old phone");
        var busy = await TurnOnAsync(user, s.Push, "Tablet");
        var broken = await TurnOnAsync(user, s.Push, "Laptop");
        gone.Answers.Enqueue(r => { r.StatusCode = 410; return Task.CompletedTask; });
        busy.Answers.Enqueue(r => { r.StatusCode = 429; r.Headers.RetryAfter = "120"; return Task.CompletedTask; });
        for (var i = 0; i < 5; i++) broken.Answers.Enqueue(r => { r.StatusCode = 503; return Task.CompletedTask; });

        s.Clock.SetUtcNow(Morning.AddMinutes(30));
        await RunAsync(s.App);
        Assert.Empty(s.Push.Delivered);
        await using (var db = s.App.NewDbContext())
        {
            Assert.Equal(["Laptop", "Tablet"], await db.PushDevices.OrderBy(d => d.Name).Select(d => d.Name).ToListAsync());
            Assert.Equal(1, await db.Habits.CountAsync()); // nothing of the user's is touched
        }
        s.Clock.Advance(TimeSpan.FromSeconds(60)); // before the Retry-After: nothing again
        await RunAsync(s.App);
        Assert.Empty(s.Push.For(busy));
        s.Clock.Advance(TimeSpan.FromSeconds(61));
        await RunAsync(s.App);
        Assert.Single(s.Push.For(busy));

        // The laptop's service keeps failing: tried after 30 s, 2, 8 and 32 minutes, then given up (five attempts in all).
        foreach (var wait in new[] { 0.5, 2, 8, 32, 128 }) { s.Clock.Advance(TimeSpan.FromMinutes(wait)); await RunAsync(s.App); }
        Assert.Equal(5, s.Push.Requests.Count(r => r == broken.Id));
        Assert.Empty(s.Push.For(broken));
        await using (var db = s.App.NewDbContext())
        {
            var given = await db.Notifications.SingleAsync(n => n.GivenUpAt != null);
            Assert.Equal(Notification.MaxAttempts, given.Attempts);
            Assert.Equal(2, await db.PushDevices.CountAsync()); // a failing service is not a gone subscription
        }
    }

    [Fact]
    public async Task Texts_are_neutral_by_default_say_only_a_note_for_today_in_discreet_mode_and_name_the_habit_only_when_chosen()
    {
        await using var s = await StartAsync(provider, Morning);
        var user = await TestUser.RegisterAsync(s.App, timeZone: "UTC");
        await HabitAsync(user, "AA meeting", "06:30");
        var phone = await TurnOnAsync(user, s.Push);
        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync("/account/appearance", new() { ["Input.ColorMode"] = "auto", ["Input.Discreet"] = "true" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync("/reminders/times", new() { ["Times.Detailed"] = "true", ["Times.Commitment"] = "06:40" })).StatusCode);
        s.Clock.SetUtcNow(Morning.AddMinutes(45));
        await RunAsync(s.App);
        Assert.All(s.Push.For(phone), r => Assert.Equal(("A note for today", "Open to read it."), (r.Title, r.Body)));
        Assert.Equal(2, s.Push.For(phone).Count); // the habit and the morning commitment
        Assert.DoesNotContain("AA", string.Join(" ", s.Push.Delivered.Select(d => d.Payload.GetRawText())));

        await user.PostFormAsync("/account/appearance", new() { ["Input.ColorMode"] = "auto", ["Input.Discreet"] = "false" });
        s.Clock.SetUtcNow(Morning.AddDays(1).AddMinutes(45));
        await RunAsync(s.App);
        Assert.Contains(s.Push.For(phone), r => (r.Title, r.Body) == ("AA meeting", "Still open today."));
        Assert.Contains(s.Push.For(phone), r => (r.Title, r.Payload.GetProperty("url").GetString()) == ("Good morning", "checkin"));
    }

    [Fact]
    public async Task The_commitment_and_check_in_remind_only_until_done_quiet_hours_hold_and_a_milestone_morning_is_told()
    {
        await using var s = await StartAsync(provider, Morning);
        var user = await TestUser.RegisterAsync(s.App, timeZone: "America/New_York");
        var phone = await TurnOnAsync(user, s.Push);
        var track = Entities.Track(user.Id, "Alcohol");
        track.CleanSince = new DateOnly(2027, 1, 3); // 30 days on 2 February
        await using (var db = s.App.NewDbContext())
        {
            db.RecoveryTracks.Add(track);
            await db.SaveChangesAsync();
        }
        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync("/reminders/times", new()
        {
            ["Times.Commitment"] = "08:00", ["Times.CheckIn"] = "21:00", ["Times.Milestones"] = "true", ["Times.QuietFrom"] = "20:30", ["Times.QuietUntil"] = "07:00",
        })).StatusCode);

        s.Clock.SetUtcNow(new DateTimeOffset(2027, 2, 2, 12, 59, 0, TimeSpan.Zero)); // 07:59 in New York
        var client = await user.SignInElsewhereAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync($"/checkin/commit?track={track.Id}", [], client, tokenFrom: "/dashboard")).StatusCode);
        s.Clock.SetUtcNow(new DateTimeOffset(2027, 2, 2, 13, 0, 0, TimeSpan.Zero));
        await RunAsync(s.App);
        // Committed already: no morning reminder; the milestone (30 days) comes at the morning time.
        var milestone = Assert.Single(s.Push.For(phone));
        Assert.Equal(("A milestone today", "Open to see it."), (milestone.Title, milestone.Body));
        s.Clock.SetUtcNow(new DateTimeOffset(2027, 2, 3, 2, 0, 0, TimeSpan.Zero)); // 21:00: inside the quiet hours
        await RunAsync(s.App);
        Assert.Single(s.Push.For(phone));

        // Out of quiet hours the evening one comes, unless the evening check-in is done.
        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync("/reminders/times", new() { ["Times.Commitment"] = "08:00", ["Times.CheckIn"] = "21:00" },
            await user.SignInElsewhereAsync(), tokenFrom: "/reminders")).StatusCode);
        s.Clock.SetUtcNow(new DateTimeOffset(2027, 2, 4, 2, 0, 0, TimeSpan.Zero));
        await RunAsync(s.App);
        Assert.Equal(["A milestone today", "How was today?"], s.Push.For(phone).Select(r => r.Title));
    }

    [Fact]
    public async Task Done_on_a_habit_reminder_completes_it_once_even_when_the_notification_arrives_twice()
    {
        await using var s = await StartAsync(provider, Morning);
        var user = await TestUser.RegisterAsync(s.App, timeZone: "UTC");
        var walk = await HabitAsync(user, "Walk", "06:30");
        var phone = await TurnOnAsync(user, s.Push);
        s.Clock.SetUtcNow(Morning.AddMinutes(30));
        await RunAsync(s.App);
        var payload = Assert.Single(s.Push.For(phone)).Payload;

        // What the service worker does on "Done" (wwwroot/sw.js), twice, as a notification delivered twice would.
        for (var i = 0; i < 2; i++)
        {
            var token = System.Text.Json.JsonDocument.Parse(await user.Client.GetStringAsync("/reminders/token")).RootElement.GetProperty("token").GetString()!;
            var done = new HttpRequestMessage(HttpMethod.Post, "/" + payload.GetProperty("done").GetString())
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = payload.GetProperty("key").GetString()!, ["at"] = s.Clock.GetUtcNow().ToString("O") }),
            }.Htmx(token);
            Assert.Equal(HttpStatusCode.OK, (await user.Client.SendAsync(done)).StatusCode);
        }
        await using var db = s.App.NewDbContext();
        Assert.Equal(1, await db.HabitLogs.CountAsync(l => l.HabitId == walk));
    }

    [Fact]
    public async Task A_supporter_who_turned_on_notifications_hears_when_help_is_asked_for_and_only_that_and_revoking_removes_them()
    {
        await using var s = await StartAsync(provider, Morning);
        var (user, alcohol, _, _, _) = await SharePagesTests.SeedAsync(s.App);
        var token = await SharePagesTests.CreateAsync(user, SharePagesTests.Form("Sam, my sponsor", "Alex", [alcohol.Id]));
        var supporter = s.App.NewClient();
        var setup = System.Text.Json.JsonDocument.Parse(await supporter.GetStringAsync($"/s/{token}/notifications")).RootElement;
        Assert.Equal(87, setup.GetProperty("publicKey").GetString()!.Length); // 65 bytes, base64url
        var browser = s.Push.Subscribe();
        var subscribe = new HttpRequestMessage(HttpMethod.Post, $"/s/{token}/notifications") { Content = new FormUrlEncodedContent(browser.Form("Sam's phone")) };
        subscribe.Headers.Add("RequestVerificationToken", setup.GetProperty("token").GetString());
        var answer = await supporter.SendAsync(subscribe);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var linkId = await SharePagesTests.LinkIdAsync(s.App, token);
        Assert.Contains(linkId.ToString(), await answer.Content.ReadAsStringAsync());
        // Without the page's request token: refused.
        Assert.Equal(HttpStatusCode.BadRequest, (await supporter.PostAsync($"/s/{token}/notifications", new FormUrlEncodedContent(browser.Form()))).StatusCode);

        await HabitAsync(user, "Walk", "06:30"); // the owner's reminders never reach the supporter
        s.Clock.SetUtcNow(Morning.AddMinutes(30));
        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync("/account/shares/support?ask=true", [], tokenFrom: "/account/shares")).StatusCode);
        await RunAsync(s.App);
        var heard = Assert.Single(s.Push.For(browser));
        Assert.Equal(("Alex asked for support today", "Open the page they shared with you."), (heard.Title, heard.Body));
        Assert.Equal(linkId.ToString(), heard.Payload.GetProperty("link").GetString());
        Assert.DoesNotContain(token, heard.Payload.GetRawText());

        var revoked = await user.PostFormAsync($"/account/shares/revoke?id={linkId}", [], tokenFrom: "/account/shares");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        await using var db = s.App.NewDbContext();
        Assert.False(await db.PushDevices.AnyAsync(d => d.ShareLinkId != null));
        Assert.Equal(HttpStatusCode.NotFound, (await supporter.GetAsync($"/s/{token}/notifications")).StatusCode);
    }
}

public sealed class PushDeliveryTestsOnSqlite() : PushDeliveryTests(DatabaseProvider.Sqlite);

public sealed class PushDeliveryTestsOnPostgres() : PushDeliveryTests(DatabaseProvider.Postgres);

using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sovereign.Tests.Pages.Shares;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Reminders;

namespace Sovereign.Tests.Pages.Reminders;

/// <summary>Reminders sent through a fake push service on 127.0.0.1 that checks the VAPID signature and decrypts what it gets.</summary>
public abstract class ReminderTests(DatabaseProvider provider)
{
    internal sealed record Setup(SovereignApp App, FakeTimeProvider Clock, FakePushService Push) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            await Push.DisposeAsync();
        }
    }

    internal static async Task<Setup> StartAsync(DatabaseProvider provider, DateTimeOffset at, SovereignApp? sharing = null)
    {
        var push = await FakePushService.StartAsync();
        var clock = new FakeTimeProvider(at);
        var app = await SovereignApp.CreateAsync(provider, clock: clock);
        app.Settings["Push:AllowLoopbackEndpoints"] = "true";
        push.Now = clock.GetUtcNow;
        return new Setup(app, clock, push);
    }

    /// <summary>One run of the reminders job, as the job runner makes it every minute.</summary>
    internal static async Task RunAsync(SovereignApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ReminderPlanner>().RunAsync(new ScheduledJob { Kind = "reminders" }, CancellationToken.None);
    }

    internal static async Task<FakePushService.Browser> TurnOnAsync(TestUser user, FakePushService push, string name = "My phone")
    {
        var browser = push.Subscribe();
        var response = await user.PostFormAsync("/reminders/subscribe", browser.Form(name), tokenFrom: "/reminders");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return browser;
    }

    internal static async Task<Guid> HabitAsync(TestUser user, string name, string remindAt)
    {
        var form = new Dictionary<string, string>(TestUser.HabitForm(name)) { ["Input.RemindAt"] = remindAt };
        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync("/habits/new", form)).StatusCode);
        await using var db = user.App.NewDbContext();
        return await db.Habits.Where(h => h.UserId == user.Id && h.Name == name).Select(h => h.Id).SingleAsync();
    }

    [Fact]
    public async Task A_habit_reminder_at_0730_in_Kolkata_arrives_once_at_0200_UTC_neutral_and_not_on_a_day_it_is_done()
    {
        await using var s = await StartAsync(provider, new DateTimeOffset(2027, 1, 10, 1, 0, 0, TimeSpan.Zero));
        var user = await TestUser.RegisterAsync(s.App, timeZone: "Asia/Kolkata");
        var walk = await HabitAsync(user, "Morning walk", "07:30");
        var phone = await TurnOnAsync(user, s.Push);

        s.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 10, 1, 59, 0, TimeSpan.Zero));
        await RunAsync(s.App);

        Assert.Empty(s.Push.Delivered);
        s.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 10, 2, 0, 0, TimeSpan.Zero)); // 07:30 in Kolkata (UTC+5:30)
        await RunAsync(s.App);
        var reminder = Assert.Single(s.Push.For(phone));
        Assert.Equal(("A habit for today", "One of your habits is still open today."), (reminder.Title, reminder.Body)); // no name, no purpose
        Assert.Equal($"habits/{walk}/complete", reminder.Payload.GetProperty("done").GetString());
        Assert.Equal((int)PushSender.TimeToLive.TotalSeconds, reminder.TimeToLive);
        for (var minute = 1; minute <= 90; minute += 7) // every run after: nothing again, and a restart changes nothing
        {
            s.Clock.Advance(TimeSpan.FromMinutes(7));
            await RunAsync(s.App);
        }
        Assert.Single(s.Push.Delivered);
        await using (var db = s.App.NewDbContext())
            Assert.NotNull((await db.PushDevices.SingleAsync()).LastDeliveredAt);

        // The next day it is done at 06:10 local: no reminder at 07:30.
        s.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 11, 0, 40, 0, TimeSpan.Zero));
        var phoneClient = await user.SignInElsewhereAsync(); // the first session ended overnight
        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync($"/habits/{walk}/complete", [], phoneClient, tokenFrom: "/dashboard")).StatusCode);
        s.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 11, 2, 0, 0, TimeSpan.Zero));
        await RunAsync(s.App);
        Assert.Single(s.Push.Delivered);
        // The day after, not done, and no instance running at 07:30: one started 40 minutes later sends it, once.
        s.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 12, 2, 40, 0, TimeSpan.Zero));
        await using (var restarted = new SovereignApp(s.App.Database) { OwnsDatabase = false, Clock = s.Clock })
        {
            restarted.Settings["Push:AllowLoopbackEndpoints"] = "true";
            await RunAsync(restarted);
            await RunAsync(restarted);
        }
        await RunAsync(s.App);
        Assert.Equal(2, s.Push.Delivered.Count);
        // Two hours late is too late: the next day's, missed until 09:30 local, is not sent at all.
        s.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 13, 4, 0, 0, TimeSpan.Zero));
        await RunAsync(s.App);
        Assert.Equal(2, s.Push.Delivered.Count);
        Assert.Empty(s.Push.Problems);
        // The VAPID private key: never in a log (LogHygieneTests reads every line of the run).
        Secrets.Add((await s.App.Services.GetRequiredService<VapidKeyStore>().AuthenticationAsync(CancellationToken.None)).PrivateKey);
    }

    [Fact]
    public async Task Across_the_spring_and_autumn_changes_in_Berlin_the_UTC_time_moves_and_each_day_sends_exactly_once()
    {
        await using var s = await StartAsync(provider, new DateTimeOffset(2027, 3, 26, 12, 0, 0, TimeSpan.Zero));
        var user = await TestUser.RegisterAsync(s.App, timeZone: "Europe/Berlin");
        await HabitAsync(user, "Stretch", "07:30");
        await HabitAsync(user, "Night call", "02:30"); // on 31 October 02:30 happens twice; on 28 March not at all
        var phone = await TurnOnAsync(user, s.Push);

        async Task<List<(string Key, DateTimeOffset At)>> RunDaysAsync(DateTimeOffset from, int days)
        {
            s.Clock.SetUtcNow(from);
            for (var run = 0; run < days * 24 * 4; run++) // every 15 minutes, as often as a clock change could matter
            {
                await RunAsync(s.App);
                s.Clock.Advance(TimeSpan.FromMinutes(15));
            }
            return s.Push.For(phone).Select(r => (r.Payload.GetProperty("tag").GetString()!, r.At)).ToList();
        }

        var spring = await RunDaysAsync(new DateTimeOffset(2027, 3, 27, 0, 0, 0, TimeSpan.Zero), 2);
        var utc = (string day, int h, int m) => new DateTimeOffset(DateTime.Parse(day, System.Globalization.CultureInfo.InvariantCulture).AddHours(h).AddMinutes(m), TimeSpan.Zero);
        Assert.Equal([utc("2027-03-27", 1, 30), utc("2027-03-27", 6, 30), utc("2027-03-28", 1, 30), utc("2027-03-28", 5, 30)],
            spring.Select(r => r.At).Order()); // 02:30 on the 28th does not exist: it is 03:30 CEST (01:30 UTC), the next hour
        Assert.Equal(4, spring.Select(r => r.Key).Distinct().Count());

        s.Push.Delivered.Clear();
        var autumn = await RunDaysAsync(new DateTimeOffset(2027, 10, 30, 0, 0, 0, TimeSpan.Zero), 2);
        Assert.Equal([utc("2027-10-30", 0, 30), utc("2027-10-30", 5, 30), utc("2027-10-31", 0, 30), utc("2027-10-31", 6, 30)],
            autumn.Select(r => r.At).Order()); // 02:30 twice on the 31st: the first one, once
    }
}

public sealed class ReminderTestsOnSqlite() : ReminderTests(DatabaseProvider.Sqlite);

public sealed class ReminderTestsOnPostgres() : ReminderTests(DatabaseProvider.Postgres);

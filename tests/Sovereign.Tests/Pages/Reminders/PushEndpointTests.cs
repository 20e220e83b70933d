using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Reminders;
using static Sovereign.Tests.Pages.Reminders.ReminderTests;

namespace Sovereign.Tests.Pages.Reminders;

/// <summary>A push endpoint is an address the user hands the server: never one that leads inward, checked on every send.</summary>
public abstract class PushEndpointTests(DatabaseProvider provider)
{
    [Theory]
    [InlineData("http://push.example/x", "must use https")]
    [InlineData("https://127.0.0.1/x", "private network")]
    [InlineData("https://localhost/x", "private network")]
    [InlineData("https://10.1.2.3/x", "private network")]
    [InlineData("https://192.168.1.20/x", "private network")]
    [InlineData("https://169.254.169.254/latest/meta-data", "private network")]
    [InlineData("https://100.64.0.1/x", "private network")]
    [InlineData("https://0.0.0.0/x", "private network")]
    [InlineData("https://[::1]/x", "private network")]
    [InlineData("https://[fd00:ec2::254]/x", "private network")]
    [InlineData("https://[fe80::1]/x", "private network")]
    [InlineData("https://[::ffff:192.168.1.1]/x", "private network")]
    [InlineData("https://user:secret@push.example/x", "not one we can use")]
    [InlineData("not an address", "not one we can use")]
    [InlineData("", "not one we can use")]
    public async Task Subscribing_refuses_an_endpoint_that_is_not_https_or_leads_inward_with_its_reason_and_stores_nothing(string endpoint, string reason)
    {
        await using var app = await SovereignApp.CreateAsync(provider); // loopback not allowed: as in Production
        var user = await TestUser.RegisterAsync(app);
        var form = new FakePushService.Browser("x", endpoint).Form();
        var response = await user.PostFormAsync("/reminders/subscribe", form, tokenFrom: "/reminders");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync());
        await using var db = app.NewDbContext();
        Assert.False(await db.PushDevices.AnyAsync());
    }

    [Theory]
    [InlineData("P256dh", "BAAA", "notification keys")]
    [InlineData("Auth", "not base64url!", "notification keys")]
    [InlineData("Name", "", "Give this device a name")]
    public async Task Subscribing_refuses_keys_that_are_not_a_browsers_and_a_missing_name(string field, string value, string reason)
    {
        await using var push = await FakePushService.StartAsync();
        await using var app = await SovereignApp.CreateAsync(provider);
        app.Settings["Push:AllowLoopbackEndpoints"] = "true";
        var user = await TestUser.RegisterAsync(app);
        var form = push.Subscribe().Form();
        form[field] = value;
        var response = await user.PostFormAsync("/reminders/subscribe", form, tokenFrom: "/reminders");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("142.250.185.74", true)]
    [InlineData("2001:4860:4860::8888", true)]
    [InlineData("127.0.0.2", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("198.18.0.1", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("::", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("64:ff9b::a00:1", false)]
    [InlineData("2002:a00:1::1", false)]
    [InlineData("ff02::1", false)]
    public void Only_public_addresses_are_called(string address, bool isPublic) =>
        Assert.Equal(isPublic, PushEndpoints.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public async Task A_stored_endpoint_that_leads_inward_when_sent_to_is_not_called_and_a_redirect_is_not_followed()
    {
        await using var push = await FakePushService.StartAsync();
        await using var app = await SovereignApp.CreateAsync(provider); // loopback not allowed
        var user = await TestUser.RegisterAsync(app);
        var inward = push.Subscribe(); // stored as if its name had resolved outward when it was checked
        var now = DateTime.UtcNow;
        await using (var db = app.NewDbContext())
        {
            var device = new PushDevice { UserId = user.Id, Endpoint = inward.Endpoint, P256dh = inward.P256dh, Auth = inward.Auth, Name = "Phone" };
            db.PushDevices.Add(device);
            db.Notifications.Add(new Notification { DeviceId = device.Id, Key = "test", Title = "A note for today", Body = "", Url = "", DueAt = now });
            await db.SaveChangesAsync();
        }
        await RunAsync(app);
        Assert.Empty(push.Requests); // refused before connecting
        await using (var db = app.NewDbContext())
        {
            Assert.NotNull((await db.Notifications.SingleAsync()).GivenUpAt);
            Assert.Equal(1, await db.PushDevices.CountAsync()); // the device stays: the push service did not say it is gone
        }
    }

    [Fact]
    public async Task A_push_service_answering_with_a_redirect_or_an_oversized_answer_is_not_followed_nor_read()
    {
        await using var s = await StartAsync(provider, DateTimeOffset.UtcNow);
        var user = await TestUser.RegisterAsync(s.App);
        var redirecting = await TurnOnAsync(user, s.Push, "Redirecting");
        var huge = await TurnOnAsync(user, s.Push, "Huge");
        redirecting.Answers.Enqueue(r => { r.StatusCode = 307; r.Headers.Location = s.Push.Origin + "/elsewhere"; return Task.CompletedTask; });
        huge.Answers.Enqueue(async r => { r.StatusCode = 201; await r.Body.WriteAsync(new byte[1024 * 1024]); });
        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync("/reminders/test", [])).StatusCode);
        await RunAsync(s.App);
        Assert.DoesNotContain("elsewhere", s.Push.Requests);
        Assert.Equal(2, s.Push.Requests.Count);
        await using var db = s.App.NewDbContext();
        Assert.Equal(2, await db.Notifications.CountAsync(n => n.GivenUpAt != null));
    }

    [Theory]
    [InlineData("Times.Commitment", "25:00", "Enter a time like 07:30")]
    [InlineData("Times.CheckIn", "7.30pm", "Enter a time like 07:30")]
    [InlineData("Times.QuietFrom", "22:00", "Give both ends of the quiet hours")]
    public async Task Reminder_times_that_are_not_times_are_refused_with_a_message_and_change_nothing(string field, string value, string message)
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        var response = await user.PostFormAsync("/reminders/times", new() { ["Times.Commitment"] = "08:00", [field] = value }, tokenFrom: "/reminders");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
        Assert.Null((await user.LoadAsync()).RemindCommitmentAt);

        var habit = new Dictionary<string, string>(TestUser.HabitForm("Walk")) { ["Input.RemindAt"] = "half past seven" };
        var refused = await user.PostFormAsync("/habits/new", habit);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("Enter a time like 07:30", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Stopping_a_device_or_signing_out_everywhere_ends_its_reminders_and_another_users_device_is_a_404()
    {
        await using var push = await FakePushService.StartAsync();
        await using var app = await SovereignApp.CreateAsync(provider);
        app.Settings["Push:AllowLoopbackEndpoints"] = "true";
        var user = await TestUser.RegisterAsync(app);
        var other = await TestUser.RegisterAsync(app);
        await TurnOnAsync(user, push, "Phone");
        await TurnOnAsync(user, push, "Tablet");
        await TurnOnAsync(other, push, "Theirs");
        var page = await user.Client.GetStringAsync("/reminders");
        Assert.Contains("Phone", page);
        Assert.DoesNotContain("Theirs", page);
        Guid theirs, tablet;
        await using (var db = app.NewDbContext())
        {
            theirs = await db.PushDevices.Where(d => d.Name == "Theirs").Select(d => d.Id).SingleAsync();
            tablet = await db.PushDevices.Where(d => d.Name == "Tablet").Select(d => d.Id).SingleAsync();
        }
        Assert.Equal(HttpStatusCode.NotFound, (await user.PostFormAsync($"/reminders/stop?id={theirs}", [], tokenFrom: "/reminders")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync($"/reminders/stop?id={tablet}", [], tokenFrom: "/reminders")).StatusCode);
        await using (var db = app.NewDbContext()) Assert.Equal(["Phone", "Theirs"], await db.PushDevices.OrderBy(d => d.Name).Select(d => d.Name).ToListAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync("/account/signouteverywhere", [], tokenFrom: "/account")).StatusCode);
        await using (var db = app.NewDbContext()) Assert.Equal(["Theirs"], await db.PushDevices.Select(d => d.Name).ToListAsync());
    }

    [Fact]
    public void Loopback_endpoints_are_refused_in_Production()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Push:AllowLoopbackEndpoints"] = "true" }).Build();
        var production = new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = Environments.Production };
        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddReminders(config, production));
        Assert.Contains("tests only", error.Message);
    }
}

public sealed class PushEndpointTestsOnSqlite() : PushEndpointTests(DatabaseProvider.Sqlite);

public sealed class PushEndpointTestsOnPostgres() : PushEndpointTests(DatabaseProvider.Postgres);

using System.Text.Json;
using Microsoft.Playwright;
using Sovereign.Tests.Support;
using Sovereign.Web.Models;
using static Microsoft.Playwright.Assertions;

namespace Sovereign.Tests.Browser;

/// <summary>Reminders in Chromium: the settings at phone width, and a push delivered to the service worker as a push service would.</summary>
public class ReminderJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_settings_ask_for_nothing_on_load_and_a_pushed_reminder_shows_its_neutral_text_with_Done()
    {
        await using var app = await SovereignApp.CreateAsync();
        var baseUrl = app.StartKestrel();
        var user = await app.CreateUserAsync(timeZone: "Asia/Kolkata");
        var habitId = Guid.Empty;
        await using (var db = app.NewDbContext())
        {
            var habit = new Habit { UserId = user.Id, Name = "Morning walk", RemindAt = new TimeOnly(7, 30) };
            db.Habits.Add(habit);
            await db.SaveChangesAsync();
            habitId = habit.Id;
        }
        await using var context = await browser.NewContextAsync(390, 844);
        var page = await context.NewPageAsync();
        var watch = PageWatch.On(page);
        await BrowserFixture.SignInAsync(page, baseUrl, user.Email, TestUser.DefaultPassword);

        // The browser's permission prompt never comes on load: nothing has asked (a request would have been denied here).
        await page.GotoAsync(baseUrl + "/reminders");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Turn on reminders here" })).ToBeVisibleAsync();
        await InstallTests.WaitForServiceWorkerAsync(page);
        Assert.Equal("default", await page.EvaluateAsync<string>("() => Notification.permission"));
        await page.GetByLabel("Morning commitment").FillAsync("08:15");
        await page.GetByLabel("On the morning a track reaches a milestone").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the times" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("Saved");
        await Expect(page.GetByLabel("Morning commitment")).ToHaveValueAsync("08:15");
        await PageWatch.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "phone-reminders");

        // A push as the sender makes it (Pages/Reminders/PushSender.Payload), delivered to the worker through DevTools.
        await context.GrantPermissionsAsync(["notifications"], new() { Origin = baseUrl });
        var cdp = await context.NewCDPSessionAsync(page);
        var registration = new TaskCompletionSource<string>();
        cdp.Event("ServiceWorker.workerRegistrationUpdated").OnEvent += (_, e) =>
        {
            foreach (var r in e!.Value.GetProperty("registrations").EnumerateArray())
                if (!r.GetProperty("isDeleted").GetBoolean()) registration.TrySetResult(r.GetProperty("registrationId").GetString()!);
        };
        await cdp.SendAsync("ServiceWorker.enable");
        var payload = Sovereign.Web.Pages.Reminders.PushSender.Payload(
            new Notification { DeviceId = Guid.Empty, Key = $"habit:{habitId}:2027-01-10", Title = "A habit for today", Body = "One of your habits is still open today.", Url = "dashboard", HabitId = habitId },
            new PushDevice { Endpoint = "https://push.example/x", P256dh = "", Auth = "", Name = "" });
        await cdp.SendAsync("ServiceWorker.deliverPushMessage", new Dictionary<string, object>
        {
            ["origin"] = baseUrl.TrimEnd('/'), ["registrationId"] = await registration.Task.WaitAsync(TimeSpan.FromSeconds(30)), ["data"] = payload,
        });
        JsonElement shown = default;
        await Wait.UntilAsync(async () =>
        {
            var all = await page.EvaluateAsync<JsonElement>("""
                async () => (await (await navigator.serviceWorker.ready).getNotifications())
                  .map((n) => ({ title: n.title, body: n.body, tag: n.tag, actions: n.actions.map((a) => a.title), done: n.data.done }))
                """);
            if (all.GetArrayLength() > 0) shown = all[0];
            return all.GetArrayLength() > 0;
        }, "the notification the worker shows");
        Assert.Equal("A habit for today", shown.GetProperty("title").GetString());
        Assert.Equal("One of your habits is still open today.", shown.GetProperty("body").GetString());
        Assert.Equal(["Done"], shown.GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal($"habits/{habitId}/complete", shown.GetProperty("done").GetString());
        watch.AssertClean();
    }
}

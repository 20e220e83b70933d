using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Sovereign.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Sovereign.Tests.Browser;

/// <summary>A tap with no signal is kept on the phone, survives a reload, and is written once, with its own instant, when the signal returns.</summary>
public class OfflineTapTests(BrowserFixture browser)
{
    [Fact]
    public async Task Done_today_with_no_signal_survives_a_reload_and_is_written_once_with_the_instant_it_was_tapped()
    {
        await using var app = await SovereignApp.CreateAsync();
        var baseUrl = app.StartKestrel();
        var user = await app.CreateUserAsync(timeZone: "Europe/London");
        var habit = Entities.Habit(user);
        await using (var db = app.NewDbContext())
        {
            db.Add(habit);
            await db.SaveChangesAsync();
        }
        await using var context = await browser.NewContextAsync(390, 844);
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, baseUrl, user.Email, TestUser.DefaultPassword);
        await InstallTests.WaitForServiceWorkerAsync(page);

        await context.SetOfflineAsync(true);
        var card = page.Locator($"#habit-{habit.Id}");
        var before = DateTime.UtcNow.AddMilliseconds(-1);
        await card.GetByRole(AriaRole.Button, new() { Name = "Done today" }).ClickAsync();
        await Expect(card.Locator(".offline-note")).ToHaveTextAsync("Saved on this phone, will sync.");
        var after = DateTime.UtcNow.AddMilliseconds(1);
        await page.ReloadAsync(); // still no signal: the offline page, which sends the queue when it can
        await Expect(page.Locator("h1")).ToHaveTextAsync("No connection right now");
        Assert.Equal(0, await LogCountAsync());

        await context.SetOfflineAsync(false);
        await Wait.UntilAsync(async () => await LogCountAsync() > 0, "the kept tap to reach the server");
        await InstallTests.GotoWhenOnlineAsync(page, baseUrl + "/dashboard");
        // The phone's queue empties (a page that finds a tap still there sends it again, which writes nothing, and reloads).
        await Wait.UntilAsync(async () =>
        {
            try
            {
                return await page.EvaluateAsync<int>("""
                    () => new Promise((ok) => { const r = indexedDB.open('sovereign-taps'); r.onsuccess = () => { const g = r.result.transaction('taps').objectStore('taps').count(); g.onsuccess = () => ok(g.result); }; })
                    """) == 0;
            }
            catch (PlaywrightException) { return false; } // the page reloaded while it was asked
        }, "the phone's queue to empty");
        await Expect(card.GetByRole(AriaRole.Button, new() { Name = "Undo today" })).ToBeVisibleAsync();
        await using (var db = app.NewDbContext())
        {
            var log = await db.HabitLogs.SingleAsync(l => l.HabitId == habit.Id); // exactly one
            Assert.InRange(log.CompletedAt, before, after); // when it was tapped, not when it arrived
        }

        async Task<int> LogCountAsync()
        {
            await using var db = app.NewDbContext();
            return await db.HabitLogs.CountAsync(l => l.HabitId == habit.Id);
        }
    }

    [Fact]
    public async Task I_rode_one_out_with_no_signal_is_sent_when_the_signal_returns_and_written_once()
    {
        await using var app = await SovereignApp.CreateAsync();
        var baseUrl = app.StartKestrel();
        var user = await app.CreateUserAsync(timeZone: "Pacific/Kiritimati");
        await using var context = await browser.NewContextAsync(390, 844);
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, baseUrl, user.Email, TestUser.DefaultPassword);
        await page.GotoAsync(baseUrl + "/urges");
        await InstallTests.WaitForServiceWorkerAsync(page);

        await context.SetOfflineAsync(true);
        var before = DateTime.UtcNow.AddMilliseconds(-1);
        await page.GetByRole(AriaRole.Button, new() { Name = "I rode one out" }).ClickAsync();
        await Expect(page.Locator(".urge-tap .offline-note")).ToHaveTextAsync("Saved on this phone, will sync.");
        var after = DateTime.UtcNow.AddMilliseconds(1);
        await BrowserFixture.ScreenshotAsync(page, "phone-urge-tap-offline", fullPage: false);
        Assert.Equal(0, await UrgeCountAsync());

        await context.SetOfflineAsync(false); // the page hears it and sends the tap (and keeps what is typed in the form: no reload)
        await Wait.UntilAsync(async () => await UrgeCountAsync() > 0, "the kept tap to reach the server");
        await page.ReloadAsync();
        await Expect(page.Locator("[data-urges-total]")).ToHaveTextAsync("1");
        await using var db = app.NewDbContext();
        var urge = await db.UrgeEvents.SingleAsync(u => u.UserId == user.Id);
        Assert.InRange(urge.OccurredAt, before, after);

        async Task<int> UrgeCountAsync()
        {
            await using var count = app.NewDbContext();
            return await count.UrgeEvents.CountAsync(u => u.UserId == user.Id);
        }
    }
}

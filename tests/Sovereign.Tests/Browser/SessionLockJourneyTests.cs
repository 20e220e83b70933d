using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Sovereign.Tests.Support;
using Sovereign.Web.Pages.Auth;
using static Microsoft.Playwright.Assertions;

namespace Sovereign.Tests.Browser;

/// <summary>
/// Locked when left alone, as a person meets it on a phone: set in settings, the page hides itself after the idle time
/// (the page's clock is Playwright's, the server's a fake one), nothing typed is lost, and the PIN opens it.
/// </summary>
public class SessionLockJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_page_locks_after_the_idle_time_keeps_what_was_typed_and_the_PIN_opens_it()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await SovereignApp.CreateAsync(clock: clock);
        var baseUrl = app.StartKestrel();
        var user = await app.CreateUserAsync();
        await using var context = await browser.NewContextAsync(390, 844);
        var page = await context.NewPageAsync();
        var watch = PageWatch.On(page);
        await page.Clock.InstallAsync(); // time flows as usual until the test moves it on
        await BrowserFixture.SignInAsync(page, baseUrl, user.Email, TestUser.DefaultPassword);

        await page.GotoAsync(baseUrl + "/account/appearance");
        await page.GetByLabel("After 5 minutes").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the lock" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("after 5 minutes left alone");
        await page.GetByLabel("New PIN (4 to 12 digits)").FillAsync("4071");
        await page.GetByLabel("Current password").FillAsync(TestUser.DefaultPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Set the PIN" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your PIN is set");
        await page.EvaluateAsync("() => document.getElementById('lock').scrollIntoView()");
        await BrowserFixture.ScreenshotAsync(page, "phone-lock-settings", fullPage: false);

        // A habit half written, then the phone is put down.
        await page.GotoAsync(baseUrl + "/habits/new");
        await page.GetByLabel("Name").FillAsync("Night walk");
        await page.Clock.FastForwardAsync("05:01");
        clock.Advance(TimeSpan.FromMinutes(5) + SessionService.CheckInterval + TimeSpan.FromSeconds(1)); // the server's lock lags the page's
        await Expect(page.Locator("#lock-screen")).ToBeVisibleAsync();
        await Expect(page.Locator("main")).ToBeHiddenAsync();
        await Expect(page).ToHaveTitleAsync("Locked");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Need help now?" })).ToBeVisibleAsync();
        await Expect(page.Locator("#quick-exit")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "phone-locked", fullPage: false);
        await PageWatch.AssertAccessibleAsync(page);

        var secret = page.Locator("#lock-screen").GetByLabel("PIN or password");
        await secret.FillAsync("1111");
        await secret.PressAsync("Enter");
        await Expect(page.Locator("#lock-screen")).ToContainTextAsync("4 tries left");
        watch.ConsoleErrors.RemoveAll(e => e.Contains("status of 422", StringComparison.Ordinal)); // Chromium reports the refused PIN's answer
        await page.Locator("#lock-screen").GetByLabel("PIN or password").FillAsync("4071");
        await page.Locator("#lock-screen").GetByRole(AriaRole.Button, new() { Name = "Unlock" }).ClickAsync();
        await Expect(page.Locator("#lock-screen")).ToBeHiddenAsync();
        await Expect(page.GetByLabel("Name")).ToHaveValueAsync("Night walk"); // nothing typed was lost
        await Expect(page).Not.ToHaveTitleAsync("Locked");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add habit" }).ClickAsync();
        await Expect(page.GetByText("Night walk").First).ToBeVisibleAsync();
        await using (var db = app.NewDbContext()) Assert.Equal(1, await db.Habits.CountAsync(h => h.Name == "Night walk"));

        // Away longer than the page knew (it was closed): the server asks on its own page, and sends back to where the person was going.
        clock.Advance(TimeSpan.FromMinutes(7));
        await page.GotoAsync(baseUrl + "/plan");
        await Expect(page).ToHaveURLAsync(baseUrl + "/auth/unlock?returnUrl=%2Fplan");
        await BrowserFixture.ScreenshotAsync(page, "phone-unlock-page", fullPage: false);
        await PageWatch.AssertAccessibleAsync(page);
        await Expect(page.Locator("#quick-exit")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Need help now?" }).ClickAsync(); // still one tap away, as the public page
        await Expect(page).ToHaveURLAsync(baseUrl + "/help");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Today" })).ToHaveCountAsync(0); // no menu of a signed-in person
        await page.GoBackAsync();
        await page.GetByLabel("PIN or password").FillAsync("4071");
        await page.GetByRole(AriaRole.Button, new() { Name = "Unlock" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(baseUrl + "/plan");
        watch.AssertClean();
    }
}

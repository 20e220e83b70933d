using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Sovereign.Tests.Support;
using Sovereign.Web.Models;
using static Microsoft.Playwright.Assertions;

namespace Sovereign.Tests.Browser;

public class RecoveryJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task Logging_a_relapse_puts_it_on_top_of_the_timeline_restarts_the_clock_and_keeps_the_longest_run()
    {
        await using var app = await SovereignApp.CreateAsync();
        var baseUrl = app.StartKestrel();
        var user = await app.CreateUserAsync(timeZone: "America/New_York");
        await using (var db = app.NewDbContext())
        {
            // Forty days ago a relapse; then a clean run up to now.
            db.Add(Entities.Track(user.Id));
            db.Add(new RelapseEvent { UserId = user.Id, TrackId = user.Id, OccurredAt = DateTime.UtcNow.AddDays(-40), TriggerType = TriggerType.SocialSituation, Severity = 4 });
            db.Add(new Habit { UserId = user.Id, Name = "Evening walk" });
            db.Users.Attach(user).Entity.CreatedAt = DateTime.UtcNow.AddDays(-60);
            await db.SaveChangesAsync();
        }
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var watch = PageWatch.On(page);
        await BrowserFixture.SignInAsync(page, baseUrl, user.Email, TestUser.DefaultPassword);
        await Expect(page.Locator("[data-unit=days]")).ToHaveTextAsync("40");
        await Expect(page.Locator("[data-longest-run]")).ToHaveAttributeAsync("data-longest-run", "40");
        // 30 days reached: marked the first time it is seen, and only then.
        await Expect(page.Locator(".milestone-new")).ToHaveCountAsync(1);
        await page.ReloadAsync();
        await Expect(page.Locator("[data-unit=days]")).ToHaveTextAsync("40");
        await Expect(page.Locator(".milestone-new")).ToHaveCountAsync(0);
        await PageWatch.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "dashboard-desktop");

        await page.GetByRole(AriaRole.Link, new() { Name = "Log a relapse" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(baseUrl + "/relapse/new");
        await PageWatch.AssertAccessibleAsync(page);
        await page.GetByLabel("Stress", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("How hard was it?").FillAsync("7");
        await Expect(page.Locator("#Input_Severity-value")).ToHaveTextAsync("7");
        await page.GetByLabel("Tired").CheckAsync();
        await page.GetByLabel("Notes (optional)").FillAsync("Long day at work. <b>Called no one.</b>");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(page.Locator("h1")).ToContainTextAsync("Thank you for being honest");
        await Expect(page.Locator(".kept [data-longest-run]")).ToHaveAttributeAsync("data-longest-run", "40");
        await PageWatch.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to today" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(baseUrl + "/dashboard");
        await Expect(page.Locator("[data-unit=days]")).ToHaveTextAsync("0");
        await Expect(page.Locator("[data-longest-run]")).ToHaveAttributeAsync("data-longest-run", "40");
        var since = DateTime.Parse((await page.Locator("[data-since]").GetAttributeAsync("data-since"))!).ToUniversalTime();
        Assert.InRange(DateTime.UtcNow - since, TimeSpan.Zero, TimeSpan.FromMinutes(2));
        // The clock ticks in the browser without a reload.
        await Expect(page.Locator("[data-unit=seconds]")).Not.ToHaveTextAsync("0", new() { Timeout = 3000 });

        await page.GetByRole(AriaRole.Link, new() { Name = "Whole timeline" }).ClickAsync();
        var top = page.Locator(".relapse-row").First;
        await Expect(top).ToContainTextAsync("Stress");
        await Expect(top).ToContainTextAsync("severity 7 of 10");
        await Expect(top).ToContainTextAsync("Called no one.");  // shown as text, not markup
        var local = TimeZoneInfo.ConvertTimeFromUtc(since, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        await Expect(top.Locator("time")).ToHaveTextAsync(local.ToString("ddd d MMM yyyy, HH:mm"));
        await PageWatch.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "timeline-desktop");
        await page.SetViewportSizeAsync(390, 844);
        await BrowserFixture.ScreenshotAsync(page, "timeline-phone");
        await page.GotoAsync(baseUrl + "/dashboard");
        await BrowserFixture.ScreenshotAsync(page, "dashboard-recovery-phone");
        watch.AssertClean();
    }

    [Fact]
    public async Task Help_is_one_tap_away_and_three_escapes_leave_at_once()
    {
        await using var app = await SovereignApp.CreateAsync();
        app.Settings["QuickExit:Url"] = "https://neutral.example/weather";
        var baseUrl = app.StartKestrel();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        // The neutral site is answered here, so the test stays offline.
        await page.RouteAsync("https://neutral.example/**", route => route.FulfillAsync(new() { Body = "<h1>Weather</h1>", ContentType = "text/html" }));

        await page.GotoAsync(baseUrl);
        await page.GetByRole(AriaRole.Link, new() { Name = "Need help now?" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Need help now?");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "1-800-662-4357" })).ToHaveAttributeAsync("href", "tel:18006624357");
        await PageWatch.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "help");

        await page.Keyboard.PressAsync("Escape");
        await page.Keyboard.PressAsync("Escape");
        await page.Keyboard.PressAsync("Escape");
        await Expect(page).ToHaveURLAsync("https://neutral.example/weather");
        // replace(), not a new entry: Back skips the help page the person was reading.
        await page.GoBackAsync();
        await Expect(page).ToHaveURLAsync(baseUrl + "/");
    }

    [Fact]
    public async Task Quick_exit_ends_the_session_so_back_twice_finds_only_the_sign_in_page()
    {
        await using var app = await SovereignApp.CreateAsync();
        app.Settings["QuickExit:Url"] = "https://neutral.example/weather";
        var baseUrl = app.StartKestrel();
        var user = await app.CreateUserAsync();
        await using (var db = app.NewDbContext())
        {
            db.Add(Entities.Track(user.Id));
            db.Add(new RelapseEvent { UserId = user.Id, TrackId = user.Id, OccurredAt = DateTime.UtcNow.AddDays(-2), TriggerType = TriggerType.Stress, Severity = 6, Notes = "PRIVATE-NOTE after the party" });
            await db.SaveChangesAsync();
        }
        await using var context = await browser.NewContextAsync(390, 844);
        var page = await context.NewPageAsync();
        await page.RouteAsync("https://neutral.example/**", route => route.FulfillAsync(new() { Body = "<h1>Weather</h1>", ContentType = "text/html" }));
        await BrowserFixture.SignInAsync(page, baseUrl, user.Email, TestUser.DefaultPassword);
        await page.GotoAsync(baseUrl + "/relapse");
        await Expect(page.GetByText("PRIVATE-NOTE after the party")).ToBeVisibleAsync();
        await page.GotoAsync(baseUrl + "/relapse/new");
        // Scrolled down, Quick exit is still on screen.
        await page.Mouse.WheelAsync(0, 2000);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Quick exit" })).ToBeInViewportAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Quick exit" }).ClickAsync();
        await Expect(page).ToHaveURLAsync("https://neutral.example/weather");
        await Wait.UntilAsync(async () =>
        {
            await using var db = app.NewDbContext();
            return !await db.UserSessions.AnyAsync(s => s.UserId == user.Id);
        }, "the session ended on the server");

        foreach (var _ in new[] { "the timeline", "the dashboard" })
        {
            await page.GoBackAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/auth/login"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            Assert.DoesNotContain("PRIVATE-NOTE", await page.ContentAsync());
            Assert.DoesNotContain("Log a relapse", await page.ContentAsync());
        }
        // Signed out: the dashboard asks for a sign-in.
        await page.GotoAsync(baseUrl + "/dashboard");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/auth/login"));
    }
}

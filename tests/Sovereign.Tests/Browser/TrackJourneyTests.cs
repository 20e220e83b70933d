using System.Globalization;
using Microsoft.Playwright;
using Sovereign.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Sovereign.Tests.Browser;

public class TrackJourneyTests(BrowserFixture browser)
{
    private static async Task FillTrackAsync(IPage page, string name, string kind, DateOnly since, string cost, string currency, string minutes = "")
    {
        await page.Locator("#Input_Name").FillAsync(name);
        await page.Locator("#Input_Kind").SelectOptionAsync(kind);
        await page.Locator("#Input_CleanSince").FillAsync(since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.Locator("#Input_CostPerDay").FillAsync(cost);
        await page.Locator("#Input_Currency").SelectOptionAsync(currency);
        if (minutes.Length > 0) await page.Locator("#Input_MinutesPerDay").FillAsync(minutes);
        await page.GetByRole(AriaRole.Button, new() { Name = "Start this clock" }).ClickAsync();
    }

    [Fact]
    public async Task Two_tracks_a_relapse_on_one_and_only_its_clock_restarts_while_both_totals_keep_running()
    {
        await using var app = await SovereignApp.CreateAsync();
        var baseUrl = app.StartKestrel();
        var user = await app.CreateUserAsync(timeZone: "Europe/London");
        var today = TestDates.Today(user.TimeZone);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var watch = PageWatch.On(page);
        await BrowserFixture.SignInAsync(page, baseUrl, user.Email, TestUser.DefaultPassword);

        // The first step: what are you recovering from?
        await page.Locator(".first-step").GetByRole(AriaRole.Link, new() { Name = "Start a clock" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "What are you recovering from?" })).ToBeVisibleAsync();
        await PageWatch.AssertAccessibleAsync(page);
        await page.Locator("#Input_Reasons").FillAsync("Mornings with my kids.");
        await FillTrackAsync(page, "Alcohol", "alcohol", today.AddDays(-40), "15", "EUR", "90");
        await Expect(page).ToHaveURLAsync(baseUrl + "/dashboard");

        await page.GotoAsync(baseUrl + "/tracks/new");
        await Expect(page.Locator("#Input_Currency")).ToHaveValueAsync("EUR"); // the currency used last
        await FillTrackAsync(page, "Nicotine", "nicotine", today.AddDays(-12), "9.50", "EUR");
        await page.GotoAsync(baseUrl + "/tracks/new");
        await FillTrackAsync(page, "Betting", "gambling", today.AddDays(-100), "20", "GBP", "120");

        await page.GotoAsync(baseUrl + "/dashboard");
        var alcohol = page.Locator(".track-clock").Filter(new() { HasText = "Alcohol" });
        var nicotine = page.Locator(".track-clock").Filter(new() { HasText = "Nicotine" });
        await Expect(page.Locator("#track-clocks .track-clock")).ToHaveCountAsync(3);
        await Expect(nicotine.Locator("[data-unit=days]")).ToHaveTextAsync("12");
        await Expect(alcohol.Locator("[data-unit=days]")).ToHaveTextAsync("40");
        var alcoholSince = await alcohol.Locator("[data-since]").GetAttributeAsync("data-since");
        var nicotineTotal = decimal.Parse((await nicotine.Locator("[data-money-total]").GetAttributeAsync("data-money-total"))!, CultureInfo.InvariantCulture);
        Assert.InRange(nicotineTotal, 114m, 114m + 9.5m); // twelve days and today's hours at €9.50
        await PageWatch.AssertAccessibleAsync(page);
        await page.SetViewportSizeAsync(1280, 900);
        await BrowserFixture.ScreenshotAsync(page, "dashboard-tracks-desktop");
        await page.SetViewportSizeAsync(390, 844);
        await BrowserFixture.ScreenshotAsync(page, "dashboard-tracks-phone");
        await page.SetViewportSizeAsync(1280, 900);

        // Log a relapse from the nicotine track's own page: the form opens on it.
        await nicotine.GetByRole(AriaRole.Link, new() { Name = "Nicotine" }).ClickAsync();
        await PageWatch.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Log a relapse" }).ClickAsync();
        await Expect(page.Locator("#Input_Track option:checked")).ToHaveTextAsync("Nicotine");
        await page.GetByLabel("Stress", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(page.Locator(".kept li").First).ToContainTextAsync("Nicotine");
        await Expect(page.Locator(".kept li").First).ToContainTextAsync("not spent");
        await PageWatch.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to today" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(baseUrl + "/dashboard");
        await Expect(nicotine.Locator("[data-unit=days]")).ToHaveTextAsync("0");
        await Expect(nicotine.Locator("[data-money-since]")).ToHaveAttributeAsync("data-money-since", new System.Text.RegularExpressions.Regex(@"^0(\.0+)?$"));
        var after = decimal.Parse((await nicotine.Locator("[data-money-total]").GetAttributeAsync("data-money-total"))!, CultureInfo.InvariantCulture);
        Assert.InRange(after, nicotineTotal, nicotineTotal + 0.02m); // the total stays: a few seconds passed, nothing was taken
        await Expect(alcohol.Locator("[data-unit=days]")).ToHaveTextAsync("40");
        await Expect(alcohol.Locator("[data-since]")).ToHaveAttributeAsync("data-since", alcoholSince!);
        await PageWatch.AssertAccessibleAsync(page);

        await page.GotoAsync(baseUrl + "/tracks");
        await BrowserFixture.ScreenshotAsync(page, "tracks-desktop");
        await PageWatch.AssertAccessibleAsync(page);
        watch.AssertClean();
    }
}

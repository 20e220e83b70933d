using Microsoft.Playwright;
using Sovereign.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Sovereign.Tests.Browser;

public class HabitJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task Create_a_daily_habit_complete_it_in_place_reload_and_undo()
    {
        await using var app = await SovereignApp.CreateAsync();
        var baseUrl = app.StartKestrel();
        var user = await app.CreateUserAsync();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var watch = PageWatch.On(page);

        await BrowserFixture.SignInAsync(page, baseUrl, user.Email, TestUser.DefaultPassword);

        await page.GotoAsync(baseUrl + "/habits/new");
        await PageWatch.AssertAccessibleAsync(page);
        await page.GetByLabel("Name").FillAsync("Call my sponsor");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add habit" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(baseUrl + "/habits");

        var card = page.Locator("article.habit-card").First;
        await Expect(card).ToHaveAttributeAsync("data-current-streak", "0");
        // A marker on the window: a full page load would wipe it.
        await page.EvaluateAsync("() => window.__stillHere = true");
        var navigations = 0;
        page.FrameNavigated += (_, frame) => { if (frame == page.MainFrame) navigations++; };

        await card.GetByRole(AriaRole.Button, new() { Name = "Done today" }).ClickAsync();
        await Expect(card).ToHaveAttributeAsync("data-current-streak", "1");
        await Expect(card.GetByRole(AriaRole.Button, new() { Name = "Undo today" })).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.__stillHere === true"));
        Assert.Equal(0, navigations);
        await PageWatch.AssertAccessibleAsync(page);
        // The new button's hover and keyboard-focus states are legible too.
        var undo = card.GetByRole(AriaRole.Button, new() { Name = "Undo today" });
        await undo.HoverAsync();
        await PageWatch.AssertAccessibleAsync(page, keepPointer: true);
        await page.Mouse.MoveAsync(0, 0);
        await undo.FocusAsync();
        await Expect(undo).ToBeFocusedAsync();
        await PageWatch.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "habits-desktop");

        await page.ReloadAsync();
        await Expect(page.Locator("article.habit-card").First).ToHaveAttributeAsync("data-current-streak", "1");

        await page.Locator("article.habit-card").First.GetByRole(AriaRole.Button, new() { Name = "Undo today" }).ClickAsync();
        await Expect(page.Locator("article.habit-card").First).ToHaveAttributeAsync("data-current-streak", "0");

        // The history page: tap yesterday in the heatmap to backdate it.
        await page.Locator("article.habit-card").First.GetByRole(AriaRole.Link, new() { Name = "Call my sponsor" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Call my sponsor");
        var yesterday = TestDates.Text(TestDates.Today(user.TimeZone).AddDays(-1));
        await page.Locator($"[data-date='{yesterday}']").ClickAsync();
        await Expect(page.Locator($"[data-date='{yesterday}']")).ToHaveAttributeAsync("data-count", "1");
        await Expect(page.Locator("article.habit-card")).ToHaveAttributeAsync("data-current-streak", "1");
        await PageWatch.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "habit-history-desktop");
        await page.SetViewportSizeAsync(390, 844);
        await BrowserFixture.ScreenshotAsync(page, "habit-history-phone");
        await page.GotoAsync(baseUrl + "/dashboard");
        await BrowserFixture.ScreenshotAsync(page, "dashboard-phone");
        watch.AssertClean();
    }

    /// <summary>Served under a path base (example.org/sovereign): links, forms, redirects and htmx all stay under it.</summary>
    [Fact]
    public async Task Under_a_path_base_signing_in_adding_completing_and_backdating_stay_under_it()
    {
        await using var app = await SovereignApp.CreateAsync();
        app.Settings["PathBase"] = "/sovereign";
        var baseUrl = app.StartKestrel() + "/sovereign";
        var user = await app.CreateUserAsync();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var watch = PageWatch.On(page);

        await BrowserFixture.SignInAsync(page, baseUrl, user.Email, TestUser.DefaultPassword);
        await page.GetByRole(AriaRole.Link, new() { Name = "New habit" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(baseUrl + "/habits/new");
        await page.GetByLabel("Name").FillAsync("Evening walk");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add habit" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(baseUrl + "/habits");

        var card = page.Locator("article.habit-card").First;
        await card.GetByRole(AriaRole.Button, new() { Name = "Done today" }).ClickAsync();
        await Expect(card).ToHaveAttributeAsync("data-current-streak", "1");

        await card.GetByRole(AriaRole.Link, new() { Name = "Evening walk" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Evening walk");
        Assert.StartsWith(baseUrl + "/habits/", page.Url);
        var yesterday = TestDates.Text(TestDates.Today(user.TimeZone).AddDays(-1));
        await page.Locator($"[data-date='{yesterday}']").ClickAsync();
        await Expect(page.Locator($"[data-date='{yesterday}']")).ToHaveAttributeAsync("data-count", "1");
        await Expect(page.Locator("article.habit-card")).ToHaveAttributeAsync("data-current-streak", "2");
        watch.AssertClean();
    }
}

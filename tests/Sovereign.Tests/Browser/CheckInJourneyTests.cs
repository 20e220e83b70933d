using Microsoft.Playwright;
using Sovereign.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Sovereign.Tests.Browser;

public class CheckInJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task Morning_and_evening_check_in_then_a_relapse_on_stress_lands_on_the_stress_plan_and_the_people_to_call()
    {
        await using var app = await SovereignApp.CreateAsync();
        var baseUrl = app.StartKestrel();
        var user = await app.CreateUserAsync(timeZone: "Europe/London");
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var watch = PageWatch.On(page);
        await BrowserFixture.SignInAsync(page, baseUrl, user.Email, TestUser.DefaultPassword);

        await page.GotoAsync(baseUrl + "/tracks/new");
        await page.Locator("#Input_Name").FillAsync("Alcohol");
        await page.Locator("#Input_Kind").SelectOptionAsync("alcohol");
        await page.Locator("#Input_Reasons").FillAsync("Mornings with my kids.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start this clock" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Alcohol");
        await page.GotoAsync(baseUrl + "/dashboard");

        // Morning: one tap, in place.
        var card = page.Locator("#check-in");
        await Expect(card).ToHaveAttributeAsync("data-streak", "0");
        await Expect(card).ToContainTextAsync("Today I stay away from alcohol.");
        await page.EvaluateAsync("() => window.__stillHere = true");
        await card.GetByRole(AriaRole.Button, new() { Name = "I commit for Alcohol" }).ClickAsync();
        await Expect(page.Locator("#check-in")).ToHaveAttributeAsync("data-streak", "1");
        await Expect(page.Locator("#check-in [data-committed=true]")).ToHaveCountAsync(1);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__stillHere === true"));
        await PageWatch.AssertAccessibleAsync(page);

        // Evening.
        await page.Locator("#check-in").GetByRole(AriaRole.Link, new() { Name = "Evening check-in" }).ClickAsync();
        await PageWatch.AssertAccessibleAsync(page);
        await page.Locator("label[for=mood-4]").ClickAsync(); // "Good"
        await Expect(page.Locator("#mood-4")).ToBeCheckedAsync();
        await page.GetByLabel("Craving today, at its strongest").FillAsync("6");
        await Expect(page.Locator("#Input_Craving-value")).ToHaveTextAsync("6");
        await page.GetByLabel("Tired").CheckAsync();
        await page.GetByLabel("Something that went well (optional)").FillAsync("Walked home by the river.");
        await BrowserFixture.ScreenshotAsync(page, "check-in-desktop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save evening check-in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(baseUrl + "/dashboard");
        await Expect(page.Locator("#check-in")).ToHaveAttributeAsync("data-evening-done", "true");
        await Expect(page.Locator("#check-in .check-in-streak")).ToContainTextAsync("Check-in streak: 1 day");

        // The plan, written in a calm moment: a stress plan and Sam.
        await page.GetByRole(AriaRole.Link, new() { Name = "Plan", Exact = true }).First.ClickAsync();
        await page.Locator("#Step_Trigger").SelectOptionAsync("stress");
        await page.Locator("#Step_Text").FillAsync("If I'm stressed after work, then I walk for twenty minutes and call Sam.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to my plan" }).ClickAsync();
        await page.Locator("#Person_Name").FillAsync("Sam");
        await page.Locator("#Person_Phone").FillAsync("+44 20 7946 0000");
        await page.Locator("#Person_Note").FillAsync("My sponsor");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(page.Locator(".support-people")).ToContainTextAsync("Sam");
        await PageWatch.AssertAccessibleAsync(page);

        // An urge on stress that passed, then a relapse on stress.
        await page.GotoAsync(baseUrl + "/urges");
        await page.GetByLabel("Stress", new() { Exact = true }).CheckAsync();
        await page.Locator(".event-more > summary").ClickAsync(); // what helped is among the optional fields, folded
        await page.GetByLabel("Went for a walk").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Log it" }).ClickAsync();
        await Expect(page.Locator("[data-urges-total]")).ToHaveAttributeAsync("data-urges-total", "1");
        await page.GotoAsync(baseUrl + "/relapse/new");
        await page.GetByLabel("Stress", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/relapse/[0-9a-f-]{36}/after$"));
        await Expect(page.Locator(".plan-steps")).ToContainTextAsync("walk for twenty minutes and call Sam");
        await Expect(page.Locator(".support-people a")).ToHaveAttributeAsync("href", "tel:+442079460000");
        await Expect(page.Locator(".kept")).ToContainTextAsync("Alcohol");
        await PageWatch.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "after-relapse-desktop");
        await page.SetViewportSizeAsync(390, 844);
        await BrowserFixture.ScreenshotAsync(page, "after-relapse-phone");

        // "Need help now?": pick stress, see the same plan — without JavaScript's help (a plain GET form).
        await page.GotoAsync(baseUrl + "/help");
        await page.Locator("#trigger").SelectOptionAsync("stress");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show my plan" }).ClickAsync();
        await Expect(page.Locator(".help-plan[data-trigger=stress]")).ToContainTextAsync("walk for twenty minutes and call Sam");
        await Expect(page.Locator(".support-people")).ToContainTextAsync("Sam");
        await Expect(page.Locator(".reasons")).ToContainTextAsync("Mornings with my kids.");
        await PageWatch.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "help-personal-phone");
        await page.SetViewportSizeAsync(1280, 900);
        await page.GotoAsync(baseUrl + "/dashboard");
        await BrowserFixture.ScreenshotAsync(page, "dashboard-check-in-desktop");
        watch.AssertClean();
    }
}

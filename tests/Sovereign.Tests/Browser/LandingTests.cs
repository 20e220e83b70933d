using Microsoft.Playwright;
using Sovereign.Tests.Support;

namespace Sovereign.Tests.Browser;

public class LandingTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_landing_page_is_styled_accessible_and_makes_no_third_party_request()
    {
        await using var app = await SovereignApp.CreateAsync();
        var baseUrl = app.StartKestrel();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var watch = PageWatch.On(page);

        var response = await page.GotoAsync(baseUrl);
        Assert.Equal(200, response!.Status);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Build the days that keep you well");

        // Bootstrap's stylesheet is applied: the primary button has its padding and our brand colour.
        var button = page.Locator("a.btn-primary").First;
        Assert.Equal("rgb(47, 111, 98)", await button.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        Assert.NotEqual("0px", await button.EvaluateAsync<string>("e => getComputedStyle(e).paddingLeft"));
        Assert.True(await page.EvaluateAsync<bool>("() => typeof window.htmx === 'object'"), "htmx loaded");

        await PageWatch.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "landing-desktop");
        await page.SetViewportSizeAsync(390, 844);
        await BrowserFixture.ScreenshotAsync(page, "landing-phone");
        watch.AssertClean();
    }
}

using Microsoft.Playwright;
using Sovereign.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Sovereign.Tests.Browser;

/// <summary>Flows on a phone (390 px, touch): what must be reachable, clickable and kept while someone is struggling.</summary>
public class PhoneFlowTests(BrowserFixture browser)
{
    [Fact]
    public async Task Log_it_is_on_the_first_screen_and_urge_surfing_keeps_its_timer_through_an_error()
    {
        await using var app = await SovereignApp.CreateAsync();
        var baseUrl = app.StartKestrel();
        var user = await app.CreateUserAsync();
        await using (var db = app.NewDbContext())
        {
            db.Add(Entities.Track(user.Id));
            await db.SaveChangesAsync();
        }
        await using var context = await browser.NewContextAsync(390, 844);
        var page = await context.NewPageAsync();
        var watch = PageWatch.On(page);
        await BrowserFixture.SignInAsync(page, baseUrl, user.Email, TestUser.DefaultPassword);

        await page.GotoAsync(baseUrl + "/urges");
        var logIt = page.GetByRole(AriaRole.Button, new() { Name = "Log it" });
        var box = (await logIt.BoundingBoxAsync())!;
        var bar = (await page.Locator(".bottom-nav").BoundingBoxAsync())!;
        Assert.True(box.Y + box.Height <= bar.Y, $"\"Log it\" ends at {box.Y + box.Height} px, under the bottom bar at {bar.Y} px");

        await page.GotoAsync(baseUrl + "/urges/surf");
        // How strong and what set it off come before the timer.
        var order = await page.EvaluateAsync<bool>("""
            () => {
              const [intensity, trigger, timer] = ['#Input_Intensity', 'fieldset:has(input[name="Input.Trigger"])', '[data-surf-seconds]'].map(s => document.querySelector(s));
              return !!(intensity.compareDocumentPosition(trigger) & Node.DOCUMENT_POSITION_FOLLOWING)
                && !!(trigger.compareDocumentPosition(timer) & Node.DOCUMENT_POSITION_FOLLOWING);
            }
            """);
        Assert.True(order, "intensity, then trigger, then the timer");
        var start = page.GetByRole(AriaRole.Button, new() { Name = "Start the 5-minute timer" });
        await start.ClickAsync();
        await Expect(page.Locator("[data-surf-clock]")).Not.ToHaveTextAsync("5:00");

        // Logged without saying what set it off: the errors on top, in view and focused; the timer goes on.
        await page.GetByRole(AriaRole.Button, new() { Name = "Log this urge" }).ClickAsync();
        var errors = page.Locator("#surf-errors");
        await Expect(errors).ToContainTextAsync("Choose what was going on");
        await Expect(errors).ToBeFocusedAsync();
        await Expect(errors).ToBeInViewportAsync();
        await Expect(page.Locator("[data-surf-start]")).ToBeDisabledAsync();
        await Expect(page.Locator("[data-surf-clock]")).Not.ToHaveTextAsync("5:00");
        await PageWatch.AssertAccessibleAsync(page);
        watch.ConsoleErrors.RemoveAll(e => e.Contains("status of 422", StringComparison.Ordinal)); // the browser reports the form's own answer

        await page.GetByRole(AriaRole.Radio, new() { Name = "Stress", Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Log this urge" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(baseUrl + "/urges");
        // Logged: the next surf starts afresh.
        await page.GotoAsync(baseUrl + "/urges/surf");
        await Expect(page.Locator("[data-surf-clock]")).ToHaveTextAsync("5:00");
        await Expect(start).ToBeEnabledAsync();
        watch.AssertClean();
    }

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1280, 800)]
    public async Task Every_button_and_link_of_a_track_page_with_long_reasons_can_be_clicked(int width, int height)
    {
        await using var app = await SovereignApp.CreateAsync();
        var baseUrl = app.StartKestrel();
        var user = await app.CreateUserAsync(timeZone: "Europe/London");
        var ids = await PhoneWidthTests.SeedThreeWeeksAsync(app, user);
        await using var context = await browser.NewContextAsync(width, height);
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, baseUrl, user.Email, TestUser.DefaultPassword);
        await page.GotoAsync($"{baseUrl}/tracks/{ids.Track}");
        await Expect(page.Locator("main")).ToContainTextAsync("Why I am doing this");

        var controls = page.Locator("main button:visible, main a:visible");
        var count = await controls.CountAsync();
        Assert.True(count >= 5, $"only {count} controls");
        var blocked = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var control = controls.Nth(i);
            // A trial click scrolls the control into view and checks that it, not something over it, takes the tap.
            try { await control.ClickAsync(new() { Trial = true, Timeout = 3000 }); }
            catch (TimeoutException) { blocked.Add(((await control.TextContentAsync()) ?? "").Trim()); }
        }
        Assert.True(blocked.Count == 0, $"covered at {width} px: {string.Join(", ", blocked)}");
    }
}

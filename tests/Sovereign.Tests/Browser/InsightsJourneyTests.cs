using System.Text;
using Microsoft.Playwright;
using Sovereign.Tests.Support;
using Sovereign.Web.Models;
using static Microsoft.Playwright.Assertions;

namespace Sovereign.Tests.Browser;

public class InsightsJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task Two_urges_and_a_relapse_show_up_in_insights_and_print_on_at_most_two_A4_pages()
    {
        await using var app = await SovereignApp.CreateAsync();
        var baseUrl = app.StartKestrel();
        var user = await app.CreateUserAsync(timeZone: "Europe/London");
        await using (var db = app.NewDbContext())
        {
            // A month of a daily walk, missed in the days just before today, so the habits sentence has something to say.
            var walk = new Habit { UserId = user.Id, Name = "Evening walk", CreatedAt = DateTime.UtcNow.AddDays(-40) };
            db.Add(walk);
            var today = TestDates.Today(user.TimeZone);
            for (var d = 4; d <= 40; d++)
                db.Add(new HabitLog { HabitId = walk.Id, UserId = user.Id, LocalDate = today.AddDays(-d), CompletedAt = today.AddDays(-d).ToDateTime(new TimeOnly(19, 0), DateTimeKind.Utc) });
            await db.SaveChangesAsync();
        }
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var watch = PageWatch.On(page);
        await BrowserFixture.SignInAsync(page, baseUrl, user.Email, TestUser.DefaultPassword);

        foreach (var trigger in new[] { "Stress", "A social situation" })
        {
            await page.GotoAsync(baseUrl + "/urges");
            await page.GetByLabel(trigger, new() { Exact = true }).CheckAsync();
            await page.Locator(".event-more > summary").ClickAsync(); // what helped is among the optional fields, folded
            await page.GetByLabel("Called someone").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Log it" }).ClickAsync();
            await Expect(page.Locator(".alert-success")).ToContainTextAsync("success");
        }
        await PageWatch.AssertAccessibleAsync(page);

        await page.GotoAsync(baseUrl + "/relapse/new");
        await page.GetByLabel("Stress", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/relapse/[0-9a-f-]{36}/after$"));

        await page.GetByRole(AriaRole.Link, new() { Name = "Back to today" }).ClickAsync();
        await page.Locator("#main").GetByRole(AriaRole.Link, new() { Name = "Insights" }).ClickAsync();
        await Expect(page.Locator("#trigger-table tr[data-trigger=stress] [data-relapses]")).ToHaveTextAsync("1");
        await Expect(page.Locator("#trigger-table tr[data-trigger=stress] [data-urges]")).ToHaveTextAsync("1");
        await Expect(page.Locator("#trigger-table tr[data-trigger=social_situation] [data-urges]")).ToHaveTextAsync("1");
        await Expect(page.Locator("#heatmap rect[data-count='1']")).ToHaveCountAsync(1);
        await Expect(page.Locator(".habit-sentences li")).ToContainTextAsync("In the week before your relapse you completed \u201cEvening walk\u201d");
        await Expect(page.Locator("#too-few")).ToBeVisibleAsync();
        await PageWatch.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "insights-desktop");

        // The print view: a clean summary on one or two A4 pages.
        var pdf = await page.PdfAsync(new() { Format = "A4", PrintBackground = true });
        Directory.CreateDirectory(BrowserFixture.ScreenshotDirectory);
        await File.WriteAllBytesAsync(Path.Combine(BrowserFixture.ScreenshotDirectory, "insights-print.pdf"), pdf);
        var pages = System.Text.RegularExpressions.Regex.Matches(Encoding.Latin1.GetString(pdf), @"/Type\s*/Page[^s]").Count;
        Assert.InRange(pages, 1, 2);
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(page.Locator("header")).ToBeHiddenAsync();
        await BrowserFixture.ScreenshotAsync(page, "insights-print");
        watch.AssertClean();
    }
}

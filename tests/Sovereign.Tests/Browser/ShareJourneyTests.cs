using Microsoft.Playwright;
using Sovereign.Tests.Support;
using Sovereign.Web.Models;
using static Microsoft.Playwright.Assertions;

namespace Sovereign.Tests.Browser;

public class ShareJourneyTests(BrowserFixture browser)
{
    /// <summary>How long a check waits for the supporter's page to refresh itself: far beyond its interval.</summary>
    private const float Refreshed = 30_000;

    [Fact]
    public async Task A_supporter_sees_only_what_is_shared_follows_a_wider_scope_by_itself_and_loses_the_page_on_revoke()
    {
        await using var app = await SovereignApp.CreateAsync();
        // The page refreshes itself every minute; here every three seconds, so the test waits for the change, not a minute.
        app.Settings["Shares:RefreshSeconds"] = "2";
        var baseUrl = app.StartKestrel();
        var user = await app.CreateUserAsync(timeZone: "Europe/London");
        await using (var db = app.NewDbContext())
        {
            db.RemoveRange(db.RecoveryTracks.Where(t => t.UserId == user.Id));
            db.AddRange(new RecoveryTrack { UserId = user.Id, Name = "Alcohol", Kind = TrackKind.Alcohol, CleanSince = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-45)) },
                new RecoveryTrack { UserId = user.Id, Name = "Betting", Kind = TrackKind.Gambling, Position = 1 },
                new Habit { UserId = user.Id, Name = "Morning walk" }, new Habit { UserId = user.Id, Name = "Call my sponsor" });
            await db.SaveChangesAsync();
        }
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var watch = PageWatch.On(page);
        await BrowserFixture.SignInAsync(page, baseUrl, user.Email, TestUser.DefaultPassword);

        // The user: a link with the alcohol clock and the check-in state only.
        await page.GotoAsync(baseUrl + "/account");
        await page.GetByRole(AriaRole.Link, new() { Name = "Share links" }).ClickAsync();
        await page.GetByLabel("Who it is for").FillAsync("Sam, my sponsor");
        await page.GetByLabel("Your name on their page").FillAsync("Alex");
        var create = page.Locator("#new-share");
        await create.GetByLabel("Alcohol: clock and milestones").CheckAsync();
        await create.GetByLabel("Whether today's check-in and commitment are done").CheckAsync();
        await Expect(create.GetByLabel("Relapse dates of the ticked tracks")).Not.ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Make the link" }).ClickAsync();
        await Expect(page.Locator("#new-link .share-qr svg")).ToBeVisibleAsync();
        var url = await page.Locator("#new-link-url").InputValueAsync();
        Assert.Matches("^https://127\\.0\\.0\\.1:\\d+/s/[0-9a-f]{32}$", url);
        await PageWatch.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "share-new-link-desktop");

        // The supporter: another browser, never signed in.
        await using var supporterContext = await browser.NewContextAsync(390, 844);
        var supporter = await supporterContext.NewPageAsync();
        var supporterWatch = PageWatch.On(supporter);
        Assert.Equal(200, (await supporter.GotoAsync(url))!.Status);
        await Expect(supporter).ToHaveTitleAsync("Shared with you");
        await Expect(supporter.Locator("h1")).ToHaveTextAsync("Alex");
        await Expect(supporter.Locator(".shared-track h2")).ToHaveTextAsync(["Alcohol"]);
        await Expect(supporter.Locator("#shared-check-in")).ToContainTextAsync("Morning commitment: not yet");
        await Expect(supporter.Locator("#shared-habits")).ToHaveCountAsync(0);
        await Expect(supporter.Locator("body")).Not.ToContainTextAsync("Betting");
        await Expect(supporter.Locator("a, form, nav")).ToHaveCountAsync(0);
        await PageWatch.AssertAccessibleAsync(supporter);
        await supporter.EvaluateAsync("() => window.__samePage = true");

        // The user commits for today and widens the scope to the two habits' streaks: the supporter's page follows by itself.
        await page.GotoAsync(baseUrl + "/dashboard");
        await page.Locator("#check-in").GetByRole(AriaRole.Button, new() { Name = "I commit for Alcohol" }).ClickAsync();
        await Expect(page.Locator("#check-in [data-committed=true]")).ToHaveCountAsync(1);
        await page.GotoAsync(baseUrl + "/account/shares");
        var link = page.Locator(".share-link").Filter(new() { HasText = "Sam, my sponsor" });
        await link.Locator("summary").ClickAsync();
        await link.GetByLabel("Morning walk: streak").CheckAsync();
        await link.GetByLabel("Call my sponsor: streak").CheckAsync();
        await link.GetByRole(AriaRole.Button, new() { Name = "Save what the link for Sam, my sponsor shows" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("within a minute");
        await Expect(page.Locator(".share-link .share-scope")).ToHaveTextAsync("Alcohol clock, Call my sponsor streak, Morning walk streak, today's check-in");

        // Waits for the page's own refresh (every 2 s here), with a deadline far beyond it: a state, not a time.
        await Expect(supporter.Locator("#shared-habits .shared-habit")).ToHaveCountAsync(2, new() { Timeout = Refreshed });
        await Expect(supporter.Locator("#shared-check-in")).ToContainTextAsync("Morning commitment: made", new() { Timeout = Refreshed });
        Assert.True(await supporter.EvaluateAsync<bool>("() => window.__samePage === true")); // refreshed in place, not reloaded
        await PageWatch.AssertAccessibleAsync(supporter);
        await BrowserFixture.ScreenshotAsync(supporter, "shared-page-phone");

        // "I'm struggling", from the help page: the supporter sees it at the next refresh.
        await page.GotoAsync(baseUrl + "/help");
        await page.GetByRole(AriaRole.Button, new() { Name = "I'm struggling" }).ClickAsync();
        await Expect(page.Locator("#tell-supporters")).ToContainTextAsync("their page asks them to reach out");
        await Expect(supporter.Locator(".asked-for-support")).ToHaveTextAsync("Alex asked for support today — reach out.", new() { Timeout = Refreshed });
        await PageWatch.AssertAccessibleAsync(supporter);
        await BrowserFixture.ScreenshotAsync(supporter, "shared-page-support-phone");
        await page.GotoAsync(baseUrl + "/account/shares");
        await Expect(page.Locator(".share-link .times-opened")).ToHaveTextAsync("1 visit");
        await PageWatch.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "shares-desktop");
        await page.SetViewportSizeAsync(390, 844);
        await PageWatch.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "shares-phone");
        await page.SetViewportSizeAsync(1280, 800);
        supporterWatch.AssertClean();

        // Revoked: the supporter's page notices at its next refresh, and the next load is the plain 404.
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke the link for Sam, my sponsor" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("Revoked");
        await Expect(supporter.Locator("main h1")).ToHaveTextAsync("This page isn't available", new() { Timeout = Refreshed });
        Assert.Equal(404, (await supporter.GotoAsync(url))!.Status);
        await Expect(supporter).ToHaveTitleAsync("Shared with you");
        await Expect(supporter.Locator("body")).Not.ToContainTextAsync("Alex");
        await Expect(supporter.Locator("a, form, nav")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(supporter, "shared-page-gone-phone");
        await PageWatch.AssertAccessibleAsync(supporter);
        watch.AssertClean();
    }
    [Fact]
    public async Task Struggling_without_a_link_says_nobody_sees_it_keeps_a_half_filled_form_and_the_share_sheet_sends_the_link()
    {
        await using var app = await SovereignApp.CreateAsync();
        var baseUrl = app.StartKestrel();
        var user = await app.CreateUserAsync(timeZone: "Europe/London");
        await using (var db = app.NewDbContext())
        {
            db.RemoveRange(db.RecoveryTracks.Where(t => t.UserId == user.Id));
            db.Add(new RecoveryTrack { UserId = user.Id, Name = "Alcohol", Kind = TrackKind.Alcohol });
            await db.SaveChangesAsync();
        }
        await using var context = await browser.NewContextAsync(390, 844);
        // A phone's share sheet, stood in for: Chromium on Linux has none (and then the button stays hidden).
        await context.AddInitScriptAsync("window.__shared = []; navigator.share = (data) => { window.__shared.push(data.url); return Promise.resolve(); };");
        var page = await context.NewPageAsync();
        var watch = PageWatch.On(page);
        await BrowserFixture.SignInAsync(page, baseUrl, user.Email, TestUser.DefaultPassword);
        await page.GotoAsync(baseUrl + "/account/shares");
        await page.GetByLabel("Who it is for").FillAsync("Sam, my sponsor");

        await page.GetByRole(AriaRole.Button, new() { Name = "I'm struggling" }).ClickAsync();
        await Expect(page.Locator("#support-state")).ToContainTextAsync("nobody sees it yet");
        await Expect(page.GetByLabel("Who it is for")).ToHaveValueAsync("Sam, my sponsor");

        await page.GetByLabel("Your name on their page").FillAsync("Alex");
        await page.Locator("#new-share").GetByLabel("Alcohol: clock and milestones").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Make the link" }).ClickAsync();
        var url = await page.Locator("#new-link-url").InputValueAsync();
        Secrets.Add(url.Split('/')[^1]);
        await Expect(page.Locator("#support-state")).ToContainTextAsync("Your shared pages say you asked for support");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send…" }).ClickAsync();
        await Wait.UntilAsync(async () => await page.EvaluateAsync<int>("() => window.__shared.length") == 1, "the share sheet opened");
        Assert.Equal(url, await page.EvaluateAsync<string>("() => window.__shared[0]"));
        await PageWatch.AssertAccessibleAsync(page);
        watch.AssertClean();
    }
}

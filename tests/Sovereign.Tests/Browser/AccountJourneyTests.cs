using System.Text.Json;
using Microsoft.Playwright;
using Sovereign.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Sovereign.Tests.Browser;

public class AccountJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task Register_sign_out_sign_in_change_time_zone_export_and_delete_the_account()
    {
        await using var app = await SovereignApp.CreateAsync();
        var baseUrl = app.StartKestrel();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var watch = PageWatch.On(page);
        const string password = "quiet mornings by the lake";
        Secrets.Add(password);

        await page.GotoAsync(baseUrl);
        await page.GetByRole(AriaRole.Link, new() { Name = "Start for free" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(baseUrl + "/auth/register");
        // The browser's own time zone is pre-selected (Chromium here runs in UTC unless told otherwise).
        var browserZone = await page.EvaluateAsync<string>("() => Intl.DateTimeFormat().resolvedOptions().timeZone");
        await Expect(page.Locator("#Input_TimeZone")).ToHaveValueAsync(browserZone);
        await PageWatch.AssertAccessibleAsync(page);
        await page.GetByLabel("Email").FillAsync("journey@example.org");
        await page.GetByLabel("Username").FillAsync("Journey");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Confirm password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        // The same answer whether or not the e-mail had an account: sign in now.
        await Expect(page).ToHaveURLAsync(baseUrl + "/auth/login");
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("Your account is ready if this address was new");
        await Expect(page.GetByLabel("Email or username")).ToHaveValueAsync("journey@example.org");
        await PageWatch.AssertAccessibleAsync(page);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(baseUrl + "/dashboard");
        await Expect(page.Locator("[data-recovery-code]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$"));
        var code = (await page.Locator("[data-recovery-code]").TextContentAsync() ?? "").Trim();
        Secrets.Add(code);
        await PageWatch.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "dashboard-after-register");
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Copied" })).ToBeVisibleAsync();
        Assert.Equal(code, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        await page.ReloadAsync(); // not gone until the person says so
        await Expect(page.Locator("[data-recovery-code]")).ToHaveTextAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "I've saved it" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(baseUrl + "/dashboard");
        await Expect(page.Locator("[data-recovery-code]")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(baseUrl + "/");

        await page.GotoAsync(baseUrl + "/auth/login");
        await PageWatch.AssertAccessibleAsync(page);
        await page.GetByLabel("Email or username").FillAsync("journey");
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(baseUrl + "/dashboard");

        await page.GetByRole(AriaRole.Link, new() { Name = "Account" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(baseUrl + "/account");
        await PageWatch.AssertAccessibleAsync(page);
        await page.Locator("#Profile_TimeZone").SelectOptionAsync("Australia/Sydney");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("saved");
        await Expect(page.Locator("#Profile_TimeZone")).ToHaveValueAsync("Australia/Sydney");
        await BrowserFixture.ScreenshotAsync(page, "account");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download (JSON)" }).ClickAsync());
        var exported = JsonDocument.Parse(await File.ReadAllTextAsync((await download.PathAsync())!));
        Assert.Equal("Australia/Sydney", exported.RootElement.GetProperty("profile").GetProperty("timeZone").GetString());

        await page.GetByRole(AriaRole.Region, new() { Name = "Delete your account" }).GetByLabel("Your password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete my account and all my data" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(baseUrl + "/");
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("deleted");

        watch.AssertClean(); // the refused sign-in below logs its 422 in the console, as it should

        await page.GotoAsync(baseUrl + "/auth/login");
        await page.GetByLabel("Email or username").FillAsync("journey@example.org");
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator(".alert-danger")).ToContainTextAsync("don't match an account");
        await Expect(page).ToHaveURLAsync(baseUrl + "/auth/login");
        Assert.Empty(watch.ForeignRequests);
    }
}

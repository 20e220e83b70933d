using System.Text.Json;
using Microsoft.Playwright;
using Sovereign.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Sovereign.Tests.Browser;

/// <summary>On the phone: installable by Chromium's own check, open with no signal, dark when chosen, and nothing private kept.</summary>
public class InstallTests(BrowserFixture browser)
{
    [Fact]
    public async Task Chromium_finds_the_app_installable_and_with_no_signal_a_page_offers_the_crisis_lines()
    {
        await using var app = await SovereignApp.CreateAsync();
        var baseUrl = app.StartKestrel();
        var user = await app.CreateUserAsync(timeZone: "Europe/London");
        var profile = Directory.CreateTempSubdirectory("sovereign-profile-");
        await using var context = await browser.NewProfileContextAsync(profile.FullName, 390, 844);
        var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        var watch = PageWatch.On(page);
        await BrowserFixture.SignInAsync(page, baseUrl, user.Email, TestUser.DefaultPassword);
        await WaitForServiceWorkerAsync(page);

        // Chromium's own installability check, through the DevTools protocol: no errors is installable.
        var cdp = await context.NewCDPSessionAsync(page);
        var result = await cdp.SendAsync("Page.getInstallabilityErrors");
        Assert.Equal("[]", result!.Value.GetProperty("installabilityErrors").GetRawText());
        var manifest = await cdp.SendAsync("Page.getAppManifest");
        Assert.Empty(manifest!.Value.GetProperty("errors").EnumerateArray());

        await context.SetOfflineAsync(true);
        await page.GotoAsync(baseUrl + "/habits");
        await Expect(page.Locator("h1")).ToHaveTextAsync("No connection right now");
        await Expect(page.Locator(".helplines")).ToContainTextAsync("Samaritans");
        await BrowserFixture.ScreenshotAsync(page, "offline-phone");
        await page.GotoAsync(baseUrl + "/help");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Need help now?");
        await Expect(page.Locator("#people-heading")).ToHaveCountAsync(0); // the public copy: nobody's own people
        await context.SetOfflineAsync(false);
        await GotoWhenOnlineAsync(page, baseUrl + "/habits");
        await Expect(page.Locator("h1")).ToContainTextAsync("habits");
        await AssertNothingPrivateKeptAsync(page, [user.Username, user.Email]);
        // With no network, Chromium reports each page the worker could not fetch (and then answered from its cache).
        watch.ConsoleErrors.RemoveAll(e => e.Contains("net::ERR_", StringComparison.Ordinal));
        watch.AssertClean();
        await context.CloseAsync();
        profile.Delete(recursive: true);
    }

    [Fact]
    public async Task Dark_and_discreet_chosen_in_settings_are_in_the_next_page_as_it_arrives_and_in_the_manifest()
    {
        await using var app = await SovereignApp.CreateAsync();
        var baseUrl = app.StartKestrel();
        var user = await app.CreateUserAsync();
        await using var context = await browser.NewContextAsync(390, 844); // the device itself is light
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, baseUrl, user.Email, TestUser.DefaultPassword);
        await page.GotoAsync(baseUrl + "/account/appearance");
        await page.GetByLabel("Dark").CheckAsync();
        await page.GetByLabel("Discreet mode").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("Saved");

        // No flash: the page is dark in the HTML as it arrives, before any script runs.
        var response = await page.GotoAsync(baseUrl + "/dashboard");
        Assert.Contains("data-bs-theme=\"dark\"", await response!.TextAsync());
        Assert.Equal("rgb(33, 37, 41)", await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor"));
        await PageWatch.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "dashboard-dark-phone", fullPage: false);

        // Discreet: the tab, and the manifest as Chromium itself fetches it (without cookies).
        Assert.Equal("Daily notes", await page.TitleAsync());
        var cdp = await context.NewCDPSessionAsync(page);
        var manifest = (await cdp.SendAsync("Page.getAppManifest"))!.Value;
        Assert.Contains("\"name\":\"Daily notes\"", manifest.GetProperty("data").GetString());
    }

    /// <summary>
    /// The service worker is active (it kept the offline page before it started) and controls the page. A page whose load
    /// began while the worker was still installing is not claimed (a race of the browser's): then the next load is.
    /// </summary>
    internal static async Task WaitForServiceWorkerAsync(IPage page)
    {
        await page.EvaluateAsync("() => navigator.serviceWorker.ready.then(() => true)");
        if (await page.EvaluateAsync<bool>("() => navigator.serviceWorker.controller === null")) await page.ReloadAsync();
        await page.WaitForFunctionAsync("() => navigator.serviceWorker.controller !== null");
    }

    /// <summary>
    /// Opens a page once the network is back for the service worker too: the browser tells it a moment after the page,
    /// and until then it answers with the offline page.
    /// </summary>
    internal static async Task GotoWhenOnlineAsync(IPage page, string url) =>
        await Wait.UntilAsync(async () =>
        {
            await page.GotoAsync(url);
            return await page.Locator("h1").TextContentAsync() != "No connection right now";
        }, $"{url} to come from the network");

    /// <summary>
    /// Reads every entry of Cache Storage and every record of IndexedDB on this origin, and fails on any page that is
    /// not public (only the offline page and the help page as anyone sees it) or any of the texts given.
    /// </summary>
    internal static async Task AssertNothingPrivateKeptAsync(IPage page, IEnumerable<string> privateTexts)
    {
        var kept = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const entries = [];
              for (const name of await caches.keys()) {
                const cache = await caches.open(name);
                for (const request of await cache.keys()) {
                  const response = await cache.match(request);
                  const type = response.headers.get('content-type') || '';
                  entries.push({ url: request.url, text: /html|json|text/.test(type) ? await response.text() : '' });
                }
              }
              for (const { name } of await indexedDB.databases()) {
                const db = await new Promise((ok, fail) => { const r = indexedDB.open(name); r.onsuccess = () => ok(r.result); r.onerror = fail; });
                for (const store of db.objectStoreNames) {
                  const all = await new Promise((ok) => { const r = db.transaction(store).objectStore(store).getAll(); r.onsuccess = () => ok(r.result); });
                  entries.push({ url: `indexeddb:${name}/${store}`, text: JSON.stringify(all) });
                }
                db.close();
              }
              return entries;
            }
            """);
        var problems = new List<string>();
        foreach (var entry in kept.EnumerateArray())
        {
            var (url, text) = (entry.GetProperty("url").GetString()!, entry.GetProperty("text").GetString()!);
            var path = url.StartsWith("indexeddb:", StringComparison.Ordinal) ? url : new Uri(url).AbsolutePath;
            var allowed = path is "/offline" or "/help" || path.StartsWith("/css/", StringComparison.Ordinal) || path.StartsWith("/js/", StringComparison.Ordinal)
                || path.StartsWith("/lib/", StringComparison.Ordinal) || path.StartsWith("/icons/", StringComparison.Ordinal) || path.StartsWith("indexeddb:", StringComparison.Ordinal);
            if (!allowed) problems.Add($"{url} is kept");
            if (text.Contains("<html", StringComparison.OrdinalIgnoreCase) && path.StartsWith("indexeddb:", StringComparison.Ordinal)) problems.Add($"{url} keeps a page");
            problems.AddRange(privateTexts.Where(t => text.Contains(t, StringComparison.OrdinalIgnoreCase)).Select(t => $"{url} keeps \u201c{t}\u201d"));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Contains(kept.EnumerateArray(), e => e.GetProperty("url").GetString()!.EndsWith("/offline", StringComparison.Ordinal));
    }
}

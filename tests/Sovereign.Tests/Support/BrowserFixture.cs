using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(Sovereign.Tests.Support.BrowserFixture))]

namespace Sovereign.Tests.Support;

/// <summary>One headless Debian Chromium for the whole run (no browser download); each test opens its own context.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private IPlaywright? playwright;
    private IBrowser? browser;

    public IBrowser Browser => browser ?? throw new InvalidOperationException("The browser did not start.");

    /// <summary>Screenshots land here, kept by the test command as artifacts.</summary>
    public static string ScreenshotDirectory { get; } = Repository.Artifacts("screenshots");

    public async ValueTask InitializeAsync()
    {
        // Started lazily by the first browser test, so unit-test runs don't pay for it.
        await Task.CompletedTask;
    }

    private readonly SemaphoreSlim startLock = new(1, 1);

    /// <param name="dark">The device set to dark (prefers-color-scheme), as a phone at night may be.</param>
    // The test server's certificate is self-signed: without --ignore-certificate-errors, Chromium registers no service worker.
    private static readonly string[] Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
        "--ignore-certificate-errors", "--disable-component-update", "--disable-sync", "--no-first-run"];

    /// <summary>
    /// A browser of its own with a profile on disk, as a person's is (a context of the shared browser is incognito, where
    /// Chromium installs no app). Closing the context ends it.
    /// </summary>
    public async Task<IBrowserContext> NewProfileContextAsync(string profileDirectory, int width, int height)
    {
        await NewContextAsync(width, height); // starts Playwright once
        return await playwright!.Chromium.LaunchPersistentContextAsync(profileDirectory, new()
        {
            ExecutablePath = ChromiumPath, Headless = true, Args = Args, ViewportSize = new() { Width = width, Height = height },
            IgnoreHTTPSErrors = true, ReducedMotion = ReducedMotion.Reduce, IsMobile = width < 768, HasTouch = width < 768,
        });
    }

    public async Task<IBrowserContext> NewContextAsync(int width = 1280, int height = 800, bool dark = false)
    {
        await startLock.WaitAsync();
        try
        {
            if (browser is null)
            {
                if (!File.Exists(ChromiumPath))
                    throw new InvalidOperationException($"{ChromiumPath} is missing: ./test.sh installs Debian's chromium package.");
                playwright = await Playwright.CreateAsync();
                browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = Args });
            }
        }
        finally { startLock.Release(); }
        // The test server's certificate is self-signed, made for the run. Reduced motion: Bootstrap then drops its
        // transitions, so a check never sees a colour half-way between two states.
        // Below Bootstrap's md breakpoint the context is a phone: touch, a coarse pointer, no hover.
        var phone = width < 768;
        return await Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = height }, IgnoreHTTPSErrors = true, ReducedMotion = ReducedMotion.Reduce,
            IsMobile = phone, HasTouch = phone, ColorScheme = dark ? ColorScheme.Dark : ColorScheme.Light,
        });
    }

    /// <summary>Signs in through the form, as a person would, and waits for the dashboard.</summary>
    public static async Task SignInAsync(IPage page, string baseUrl, string login, string password)
    {
        await page.GotoAsync(baseUrl + "/auth/login");
        await page.GetByLabel("Email or username").FillAsync(login);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(baseUrl + "/dashboard");
    }

    /// <param name="fullPage">The whole page; otherwise the screen as the person sees it (on a phone, with its bottom bar in place).</param>
    public static async Task ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = fullPage });
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null) await browser.DisposeAsync();
        playwright?.Dispose();
    }
}

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

    public async Task<IBrowserContext> NewContextAsync(int width = 1280, int height = 800)
    {
        await startLock.WaitAsync();
        try
        {
            if (browser is null)
            {
                if (!File.Exists(ChromiumPath))
                    throw new InvalidOperationException($"{ChromiumPath} is missing: ./test.sh installs Debian's chromium package.");
                playwright = await Playwright.CreateAsync();
                browser = await playwright.Chromium.LaunchAsync(new()
                {
                    ExecutablePath = ChromiumPath,
                    Headless = true,
                    Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                            "--disable-component-update", "--disable-sync", "--no-first-run"],
                });
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
            IsMobile = phone, HasTouch = phone,
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

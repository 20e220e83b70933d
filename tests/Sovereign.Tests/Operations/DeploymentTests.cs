using System.Net;
using System.Security.Cryptography.X509Certificates;
using Sovereign.Tests.Support;

namespace Sovereign.Tests.Operations;

/// <summary>What the README tells a self-hoster to run, run as they would: published output, Production, another directory.</summary>
[Collection(PublishedApp.Collection)] // one publish at a time: they share the project's obj folder
public class DeploymentTests
{
    private static string TemporaryDirectory() => Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"sovereign-elsewhere-{Guid.NewGuid():N}")).FullName;

    /// <summary>Every stylesheet, script and icon the page links to: non-empty, with the right content type.</summary>
    internal static async Task AssertAssetsServedAsync(HttpClient client, string page)
    {
        var html = await client.GetDocumentAsync(page);
        var assets = html.QuerySelectorAll("link[href], script[src]")
            .Select(e => e.GetAttribute("href") ?? e.GetAttribute("src")!)
            .Where(url => url.StartsWith('/')).Distinct().ToList();
        Assert.True(assets.Count >= 3, $"{page} links {assets.Count} assets");
        foreach (var asset in assets)
        {
            var response = await client.GetAsync(asset);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset}: {(int)response.StatusCode}");
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.True(body.Length > 0, $"{asset} is empty");
            var type = response.Content.Headers.ContentType?.MediaType;
            var expected = Path.GetExtension(asset.Split('?')[0]) switch
            {
                ".css" => "text/css", ".js" => "text/javascript", ".svg" => "image/svg+xml", ".png" => "image/png", ".ico" => "image/x-icon",
                ".webmanifest" => "application/manifest+json", var other => throw new InvalidOperationException($"{asset}: no expected type for {other}"),
            };
            Assert.True(type == expected, $"{asset}: {type}, expected {expected}");
        }
    }

    [Fact]
    public async Task The_published_app_started_from_another_directory_serves_its_assets_and_keeps_its_data_beside_itself()
    {
        var published = await PublishedApp.DirectoryAsync();
        var data = Path.Combine(published, "data");
        if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        var elsewhere = TemporaryDirectory();
        try
        {
            await using var app = await AppProcess.StartAsync(new Dictionary<string, string?>(), ["dotnet", Path.Combine(published, "Sovereign.Web.dll")], elsewhere);
            var client = app.NewClient();
            await AssertAssetsServedAsync(client, "/");
            await AssertAssetsServedAsync(client, "/auth/register");
            await TestUser.RegisterAndSignInAsync(client, "deployed@example.org", "deployed");
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dashboard")).StatusCode);

            // A share link opened by someone without an account: the page and its assets are served, the token is in no log line.
            var made = await TestUser.PostFormAsync(client, "/account/shares/create", Pages.Shares.SharePagesTests.Form("Sam", "Alex", checkIn: true), tokenFrom: "/account/shares");
            var shares = made.StatusCode == HttpStatusCode.Redirect ? await client.GetDocumentAsync("/account/shares") : await TestUser.ParseAsync(made);
            var link = new Uri(shares.QuerySelector("#new-link-url")!.GetAttribute("value")!).AbsolutePath;
            await AssertAssetsServedAsync(app.NewClient(), link);
            Assert.DoesNotContain(link.Split('/')[^1], app.Output);

            Assert.True(File.Exists(Path.Combine(data, "sovereign.db")), "the SQLite database is not next to the app");
            // Only the app's own user may read the database and its folder, as the key certificate.
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data, "sovereign.db")));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(data));
            }
            Assert.True(File.Exists(Path.Combine(data, "dataprotection-keys.pfx")), "the key certificate is not next to the app");
            Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere));
            // appsettings.Production.json was read from the app's folder: its log lines are JSON.
            Assert.Contains(app.Output.Split('\n'), line => line.TrimStart().StartsWith("{\"Timestamp\"", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Fact]
    public async Task Production_over_plain_http_explains_https_instead_of_a_500_and_redirects_when_Kestrel_has_a_certificate()
    {
        var published = await PublishedApp.DirectoryAsync();
        var elsewhere = TemporaryDirectory();
        try
        {
            var settings = new Dictionary<string, string?> { ["DataDirectory"] = elsewhere };
            await using (var app = await AppProcess.StartAsync(settings, ["dotnet", Path.Combine(published, "Sovereign.Web.dll")], elsewhere))
            {
                using var plain = new HttpClient { BaseAddress = app.BaseAddress };
                foreach (var page in new[] { "/", "/auth/register", "/auth/login", "/dashboard", "/habits/new" })
                {
                    var response = await plain.GetAsync(page);
                    Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                    Assert.Contains("Sovereign must be served over HTTPS", await response.Content.ReadAsStringAsync());
                }
                var post = await plain.PostAsync("/auth/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Login"] = "x" }));
                Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await plain.GetAsync("/healthz")).StatusCode);
                Assert.Contains("No HTTPS endpoint and no proxy configured", app.Output);
                Assert.DoesNotContain("InvalidOperationException", app.Output);
            }

            var certificate = Path.Combine(elsewhere, "kestrel.pfx");
            await File.WriteAllBytesAsync(certificate, SovereignApp.Certificate.Export(X509ContentType.Pfx));
            var (http, https) = (AppProcess.FreePort(), AppProcess.FreePort());
            settings["Kestrel__Certificates__Default__Path"] = certificate;
            await using (var app = await AppProcess.StartAsync(settings, ["dotnet", Path.Combine(published, "Sovereign.Web.dll")], elsewhere,
                port: http, urls: $"http://127.0.0.1:{http};https://127.0.0.1:{https}"))
            {
                using var plain = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
                var response = await plain.GetAsync("/auth/login?returnUrl=%2Fhabits");
                Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
                Assert.Equal($"https://127.0.0.1:{https}/auth/login?returnUrl=%2Fhabits", response.Headers.Location!.ToString());
                Assert.DoesNotContain("No HTTPS endpoint", app.Output);
            }
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }
}

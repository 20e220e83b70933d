using System.Buffers.Binary;
using System.Net;
using System.Text.Json;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;

namespace Sovereign.Tests.Pages.Offline;

/// <summary>The installed app's parts over HTTP: the manifest, its icons, the service worker and the offline page.</summary>
public abstract class WebAppTests(DatabaseProvider provider)
{
    /// <summary>Words that say what the app is for; none may be in a tab title or the installed app's name in discreet mode.</summary>
    internal static readonly string[] TellingWords =
        ["recover", "relapse", "addict", "sober", "sobriety", "urge", "craving", "alcohol", "drink", "drug", "nicotine", "smok",
         "cannabis", "opioid", "gambl", "betting", "sovereign", "clean"];

    [Fact]
    public async Task The_manifest_makes_an_installable_app_whose_icons_are_there_at_their_sizes()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var client = app.NewClient();
        var response = await client.GetAsync("/manifest.webmanifest");
        Assert.Equal("application/manifest+json", response.Content.Headers.ContentType!.MediaType);
        var manifest = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Sovereign", manifest.GetProperty("name").GetString());
        Assert.Equal("/dashboard", manifest.GetProperty("start_url").GetString());
        Assert.Equal("standalone", manifest.GetProperty("display").GetString());
        Assert.Equal(["/urges", "/help"], manifest.GetProperty("shortcuts").EnumerateArray().Select(s => s.GetProperty("url").GetString()));
        var icons = manifest.GetProperty("icons").EnumerateArray().ToList();
        Assert.Contains(icons, i => i.GetProperty("purpose").GetString() == "maskable");
        foreach (var icon in icons)
        {
            var png = await client.GetByteArrayAsync(icon.GetProperty("src").GetString());
            var (width, height) = (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
            Assert.Equal(icon.GetProperty("sizes").GetString(), $"{width}x{height}");
        }
    }

    [Fact]
    public async Task In_discreet_mode_the_manifest_names_a_notes_app_with_its_own_icon()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        var saved = await user.PostFormAsync("/account/appearance", new() { ["Input.ColorMode"] = "auto", ["Input.Discreet"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        // The manifest's address says it all: a browser fetches it without cookies, and again later, signed in or not.
        var href = (await user.Client.GetDocumentAsync("/dashboard")).QuerySelector("link[rel=manifest]")!.GetAttribute("href")!;
        Assert.Equal("/manifest.webmanifest?discreet=1", href);
        var text = await app.NewClient().GetStringAsync(href);
        var manifest = JsonDocument.Parse(text).RootElement;
        Assert.Equal("Daily notes", manifest.GetProperty("name").GetString());
        Assert.Equal("/notes", manifest.GetProperty("start_url").GetString());
        Assert.All(manifest.GetProperty("icons").EnumerateArray(), i => Assert.Contains("/icons/notes-", i.GetProperty("src").GetString()));
        Assert.DoesNotContain(TellingWords, w => text.Replace("/urges", "").Contains(w, StringComparison.OrdinalIgnoreCase));
        // Dark as well: its colours; the plain address is the app's own manifest, whoever asks.
        await user.PostFormAsync("/account/appearance", new() { ["Input.ColorMode"] = "dark", ["Input.Discreet"] = "true" });
        Assert.Equal("/manifest.webmanifest?discreet=1&mode=dark", (await user.Client.GetDocumentAsync("/dashboard")).QuerySelector("link[rel=manifest]")!.GetAttribute("href"));
        Assert.Contains("\"background_color\":\"#212529\"", await app.NewClient().GetStringAsync("/manifest.webmanifest?discreet=1&mode=dark"));
        Assert.Contains("\"Sovereign\"", await user.Client.GetStringAsync("/manifest.webmanifest"));
    }

    [Fact]
    public async Task The_service_worker_and_the_offline_page_are_public_and_the_policy_allows_exactly_them()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var client = app.NewClient();
        var worker = await client.GetAsync("/sw.js");
        Assert.Equal(HttpStatusCode.OK, worker.StatusCode);
        Assert.Equal("text/javascript", worker.Content.Headers.ContentType!.MediaType);
        var policy = worker.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("worker-src 'self'", policy);
        Assert.Contains("manifest-src 'self'", policy);

        // The lines of the phone's region first; a zone that is no zone is no error.
        var london = await client.GetDocumentAsync("/offline?zone=Europe/London");
        Assert.StartsWith("Emergency services (UK)", london.QuerySelector(".helplines li")!.TextContent.Trim());
        var help = await client.GetDocumentAsync("/help?zone=America/Chicago");
        Assert.StartsWith("Emergency services (US)", help.QuerySelector(".helplines li")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/offline?zone=%00Nowhere%2F..")).StatusCode);
        // The copies the worker keeps name no app: whoever reads them may have chosen discreet mode.
        Assert.Equal("Daily notes", (await client.GetDocumentAsync("/offline?zone=UTC&neutral=1")).Title);
        Assert.Equal("Daily notes", (await client.GetDocumentAsync("/help?zone=UTC&neutral=1")).Title);
    }
}

public sealed class WebAppTestsOnSqlite() : WebAppTests(DatabaseProvider.Sqlite);

public sealed class WebAppTestsOnPostgres() : WebAppTests(DatabaseProvider.Postgres);

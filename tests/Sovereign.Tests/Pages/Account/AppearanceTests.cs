using System.Net;
using Sovereign.Tests.Browser;
using Sovereign.Tests.Pages.Offline;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Models;

namespace Sovereign.Tests.Pages.Account;

public abstract class AppearanceTests(DatabaseProvider provider)
{
    [Fact]
    public async Task The_colour_mode_chosen_is_in_every_page_as_the_server_writes_it_and_a_bad_one_changes_nothing()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        var automatic = await user.Client.GetDocumentAsync("/dashboard");
        Assert.Equal("auto", automatic.DocumentElement.GetAttribute("data-color-mode"));
        Assert.Null(automatic.DocumentElement.GetAttribute("data-bs-theme")); // theme.js takes the device's

        var refused = await user.PostFormAsync("/account/appearance", new() { ["Input.ColorMode"] = "sepia", ["Input.Discreet"] = "true" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("Choose light, dark or automatic.", await refused.Content.ReadAsStringAsync());
        var unchanged = await user.LoadAsync();
        Assert.Equal((ColorMode.Auto, false), (unchanged.ColorMode, unchanged.Discreet));

        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync("/account/appearance", new() { ["Input.ColorMode"] = "dark" })).StatusCode);
        foreach (var url in new[] { "/dashboard", "/account/appearance", "/help" })
            Assert.Equal("dark", (await user.Client.GetDocumentAsync(url)).DocumentElement.GetAttribute("data-bs-theme"));
        Assert.Equal("dark", (await user.Client.GetDocumentAsync("/account/appearance")).QuerySelector("input[name='Input.ColorMode']:checked")!.GetAttribute("value"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task In_discreet_mode_no_tab_title_says_what_the_app_is_for(bool discreet)
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        var ids = await PhoneWidthTests.SeedThreeWeeksAsync(app, await user.LoadAsync());
        await user.PostFormAsync("/account/appearance", new() { ["Input.ColorMode"] = "auto", ["Input.Discreet"] = discreet ? "true" : "false" });

        var telling = new List<string>();
        var routes = (await Routes.AllAsync(app.Services)).Where(r => r.IsPage && r.Method == "GET" && !r.Template.Contains("/days/")).ToList();
        foreach (var route in routes)
        {
            if (PhoneWidthTests.TourUrl(route, ids) is not { } url) continue;
            var response = await user.Client.GetAsync(url);
            var document = Html.Parse(await response.Content.ReadAsStringAsync());
            var title = document.Title ?? "";
            // On screen too: the bar at the top and the footer name no app.
            if (discreet && $"{document.QuerySelector(".navbar-brand")?.TextContent} {document.QuerySelector("footer")?.TextContent}".Contains("Sovereign", StringComparison.Ordinal)
                && !route.Template.StartsWith("error", StringComparison.Ordinal) && !route.Template.StartsWith("s/", StringComparison.Ordinal))
                telling.Add($"{url}: the app's name on screen");
            if (WebAppTests.TellingWords.Any(w => title.Contains(w, StringComparison.OrdinalIgnoreCase))) telling.Add($"{url}: {title}");
            // The app's own pages say exactly this; a supporter's page and the error pages have their own neutral titles.
            if (discreet && !route.Template.StartsWith("s/", StringComparison.Ordinal) && !route.Template.StartsWith("error", StringComparison.Ordinal)
                && response.IsSuccessStatusCode && title != "Daily notes") telling.Add($"{url}: {title}");
        }
        if (discreet) Assert.True(telling.Count == 0, string.Join("\n", telling));
        else Assert.Contains(telling, t => t.Contains("Timeline", StringComparison.Ordinal) || t.Contains("relapse", StringComparison.OrdinalIgnoreCase)); // the sweep can see a telling title

        // Sign-in at the neutral address says nothing either, and signs in.
        var neutral = await app.NewClient().GetDocumentAsync("/notes");
        Assert.Equal("Daily notes", neutral.Title);
        var ways = neutral.QuerySelectorAll("main a[href]").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Equal(["/auth/recover?neutral=1", "/auth/register?neutral=1"], ways); // recovery, a new account
        foreach (var way in ways) Assert.Equal("Daily notes", (await app.NewClient().GetDocumentAsync(way)).Title);
        Assert.Equal("Sign in · Sovereign", (await app.NewClient().GetDocumentAsync("/auth/login")).Title); // the usual address is unchanged
        var signedIn = await TestUser.PostFormAsync(app.NewClient(), "/notes", new() { ["Input.Login"] = user.Email, ["Input.Password"] = user.Password });
        Assert.Equal("/dashboard", signedIn.Headers.Location!.OriginalString);
    }
}

public sealed class AppearanceTestsOnSqlite() : AppearanceTests(DatabaseProvider.Sqlite);

public sealed class AppearanceTestsOnPostgres() : AppearanceTests(DatabaseProvider.Postgres);

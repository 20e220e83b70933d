using System.Net;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;

namespace Sovereign.Tests.Pages.Help;

/// <summary>"Need help now?" and Quick exit on every page, signed in and out, and the user's own support lines.</summary>
public abstract class HelpTests(DatabaseProvider provider)
{
    private static void AssertHelpAndQuickExit(AngleSharp.Html.Dom.IHtmlDocument page, string url, string quickExit)
    {
        Assert.True(page.QuerySelector("header a[href='/help']") is not null, $"{url} has no \"Need help now?\" link");
        var exit = page.QuerySelector("header a#quick-exit");
        Assert.True(exit is not null, $"{url} has no Quick exit");
        Assert.Equal(quickExit, exit!.GetAttribute("href"));
        Assert.Equal("noreferrer", exit.GetAttribute("rel"));
        Assert.NotNull(page.QuerySelector("script[src*='quick-exit']"));
    }

    [Fact]
    public async Task Every_page_signed_in_and_out_offers_help_and_quick_exit()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        app.Settings["QuickExit:Url"] = "https://neutral.example/weather";
        var user = await TestUser.RegisterAsync(app);
        var habit = await user.PostFormAsync("/habits/new", TestUser.HabitForm("Walk"));
        Assert.Equal(HttpStatusCode.Redirect, habit.StatusCode);
        var habitPath = (await user.Client.GetDocumentAsync("/habits")).QuerySelector("article.habit-card h3 a")!.GetAttribute("href")!;
        var visitor = app.NewClient();

        var routes = (await Routes.AllAsync(app.Services)).Where(r => r.IsPage && r.Method == "GET" && !r.Template.StartsWith("error", StringComparison.Ordinal)).ToList();
        var checkedPages = 0;
        foreach (var route in routes)
        {
            if (route.Parameters.Any(p => p is not "handler" and not "id") || route.Template.Contains("export") || route.Template.Contains("/days/")) continue;
            if (route.Page == "/Auth/Unlock") continue; // a page only while locked (SessionLockJourneyTests shows help and Quick exit on it)
            var url = route.Parameters.Contains("id") ? (route.Template.StartsWith("habits", StringComparison.Ordinal) ? route.Url(new Dictionary<string, string> { ["id"] = habitPath.Split('/')[2] }) : null) : route.Url();
            if (url is null) continue;
            var client = route.AllowsAnonymous ? visitor : user.Client;
            var response = await client.GetAsync(url);
            if (response.StatusCode == HttpStatusCode.Redirect) continue; // a signed-in user sent on from the sign-in pages
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
            AssertHelpAndQuickExit(Html.Parse(await response.Content.ReadAsStringAsync()), url, "https://neutral.example/weather");
            checkedPages++;
        }
        // The error pages too, signed in and out.
        foreach (var client in new[] { user.Client, visitor })
        {
            var missing = await client.GetAsync("/no-such-page");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            AssertHelpAndQuickExit(Html.Parse(await missing.Content.ReadAsStringAsync()), "the 404 page", "https://neutral.example/weather");
        }
        Assert.True(checkedPages >= 15, $"only {checkedPages} pages checked");
    }

    [Fact]
    public async Task The_help_page_shows_the_users_own_support_lines_and_the_defaults_otherwise()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        var defaults = await user.Client.GetDocumentAsync("/help");
        Assert.NotNull(defaults.QuerySelector("a[href='tel:18006624357']"));

        var saved = await user.PostFormAsync("/account/helplines", new() { ["Helplines.Text"] = "Sam, my sponsor: +44 7700 900123\nMy clinic: https://clinic.example/contact" }, tokenFrom: "/account");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var own = await user.Client.GetDocumentAsync("/help");
        Assert.Contains("Sam, my sponsor", own.QuerySelector("main")!.TextContent);
        Assert.NotNull(own.QuerySelector("a[href^='tel:']"));
        Assert.NotNull(own.QuerySelector("a[href='https://clinic.example/contact']"));
        Assert.Null(own.QuerySelector("a[href='tel:18006624357']"));
        // A signed-out visitor sees the defaults.
        Assert.NotNull((await app.NewClient().GetDocumentAsync("/help")).QuerySelector("a[href='tel:18006624357']"));
    }

    [Theory]
    [InlineData("Europe/London", "tel:999", "tel:03001231110")]
    [InlineData("America/New_York", "tel:911", "tel:18006624357")]
    [InlineData("US/Pacific", "tel:911", "tel:18006624357")]
    [InlineData("Europe/Berlin", "tel:112", "tel:116123")]
    [InlineData("Asia/Tokyo", "tel:911", "tel:18006624357")]
    public async Task Each_emergency_number_is_its_own_link_and_the_users_region_comes_first_after_their_own_people(string timeZone, string first, string second)
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app, timeZone: timeZone);
        var page = await user.Client.GetDocumentAsync("/help");
        var numbers = page.QuerySelectorAll(".helplines a[href^='tel:']").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal([first, second], numbers.Take(2));
        // Every emergency number is there, each its own link, whatever the region.
        Assert.Superset(new HashSet<string?> { "tel:911", "tel:999", "tel:112" }, numbers.ToHashSet());
        Assert.DoesNotContain(numbers, n => n!.Contains("911999", StringComparison.Ordinal));

        // The person's own people come before any line; the page after a relapse offers the same tappable numbers.
        await using (var db = app.NewDbContext())
        {
            db.Add(new Sovereign.Web.Models.SupportPerson { UserId = user.Id, Name = "Sam", Phone = "+44 7700 900123" });
            db.Add(Entities.Track(user.Id));
            await db.SaveChangesAsync();
        }
        var withPeople = await user.Client.GetDocumentAsync("/help");
        var links = withPeople.QuerySelectorAll("main a[href^='tel:']").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal("tel:+447700900123", links[0]);
        Assert.Equal(first, links[1]);
        var logged = await user.PostFormAsync("/relapse/new", new() { ["Input.TrackId"] = user.Id.ToString(), ["Input.OccurredAt"] = "", ["Input.Trigger"] = "stress", ["Input.Severity"] = "5" });
        Assert.Equal(HttpStatusCode.Redirect, logged.StatusCode);
        var after = await user.Client.GetDocumentAsync(logged.Headers.Location!.OriginalString);
        Assert.Equal(links, after.QuerySelectorAll("main a[href^='tel:']").Select(a => a.GetAttribute("href")).ToList());
    }
}

public sealed class HelpTestsOnSqlite() : HelpTests(DatabaseProvider.Sqlite);

public sealed class HelpTestsOnPostgres() : HelpTests(DatabaseProvider.Postgres);

using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Time;

namespace Sovereign.Tests.Pages.Shares;

public abstract class ShareLimitsTests(DatabaseProvider provider)
{
    [Fact]
    public async Task An_expired_link_is_the_same_404_the_list_says_expired_and_it_no_longer_counts_towards_twenty()
    {
        var clock = new FakeTimeProvider(SharePagesTests.Now);
        await using var app = await SovereignApp.CreateAsync(provider, clock: clock);
        var (user, alcohol, _, walk, _) = await SharePagesTests.SeedAsync(app);
        var weekly = await SharePagesTests.CreateAsync(user, SharePagesTests.Form("For a week", "Alex", [alcohol.Id], expiry: "7"));
        for (var i = 1; i < ShareLink.MaxLivePerUser; i++) await SharePagesTests.CreateAsync(user, SharePagesTests.Form($"Link {i}", "Alex", checkIn: true, expiry: "never"));
        var tooMany = await user.PostFormAsync("/account/shares/create", SharePagesTests.Form("One more", "Alex", checkIn: true), tokenFrom: "/account/shares");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMany.StatusCode);
        Assert.Contains("up to 20 working links", (await TestUser.ParseAsync(tooMany)).QuerySelector(".alert-danger")!.TextContent);

        var supporter = app.NewClient();
        clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await supporter.GetAsync($"/s/{weekly}")).StatusCode);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.NotFound, (await supporter.GetAsync($"/s/{weekly}")).StatusCode);
        var client = await user.SignInElsewhereAsync(); // a week on, the first session is over
        var list = await client.GetDocumentAsync("/account/shares");
        Assert.Contains("Expired", list.QuerySelectorAll(".share-link").Single(l => l.TextContent.Contains("For a week")).TextContent);
        // Nineteen live links now: one more fits.
        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync("/account/shares/create", SharePagesTests.Form("One more", "Alex", checkIn: true), client, tokenFrom: "/account/shares")).StatusCode);
    }

    [Fact]
    public async Task Loads_are_limited_per_address_hits_and_misses_alike_and_a_token_in_capitals_opens()
    {
        await using var app = await SovereignApp.CreateAsync(provider, clock: new FakeTimeProvider(SharePagesTests.Now), services: ClientAddresses.Add);
        app.Settings["RateLimits:ExpensiveReadsPerMinute"] = "5";
        var (user, alcohol, _, _, _) = await SharePagesTests.SeedAsync(app);
        var token = await SharePagesTests.CreateAsync(user, SharePagesTests.Form("Sam", "Alex", [alcohol.Id]));
        var guesser = ClientAddresses.From(app, "203.0.113.7");
        Assert.Equal(HttpStatusCode.OK, (await guesser.GetAsync($"/s/{token.ToUpperInvariant()}")).StatusCode);
        foreach (var guess in new[] { "x", new string('0', 32), "..%2F..%2Fetc%2Fpasswd", new string('g', 32) })
            Assert.Equal(HttpStatusCode.NotFound, (await guesser.GetAsync($"/s/{guess}")).StatusCode);
        // Five loads a minute from one address, whatever they find: a token is 128 random bits, so what needs a limit
        // is the work of serving the page, not the chance of a guess.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await guesser.GetAsync($"/s/{new string('1', 32)}")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await guesser.GetAsync($"/s/{token}")).StatusCode);
        // Another address has its own allowance; an IPv6 client counts by its /64.
        Assert.Equal(HttpStatusCode.OK, (await ClientAddresses.From(app, "198.51.100.2").GetAsync($"/s/{token}")).StatusCode);
        for (var i = 0; i < 5; i++) await ClientAddresses.From(app, $"2001:db8:1:2::{i + 1}").GetAsync($"/s/{new string('2', 32)}");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await ClientAddresses.From(app, "2001:db8:1:2::99").GetAsync($"/s/{token}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ClientAddresses.From(app, "2001:db8:1:3::1").GetAsync($"/s/{token}")).StatusCode);
    }

    [Fact]
    public async Task Export_and_insights_are_limited_per_user()
    {
        await using var app = await SovereignApp.CreateAsync(provider, clock: new FakeTimeProvider(SharePagesTests.Now));
        app.Settings["RateLimits:ExpensiveReadsPerMinute"] = "3";
        var (user, _, _, _, _) = await SharePagesTests.SeedAsync(app);
        var answers = new List<HttpStatusCode>();
        foreach (var url in new[] { "/insights", "/account/export/json", "/insights", "/insights" }) answers.Add((await user.Client.GetAsync(url)).StatusCode);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], answers);
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/dashboard")).StatusCode); // the cheap pages are not limited
        var other = await TestUser.RegisterAsync(app);
        Assert.Equal(HttpStatusCode.OK, (await other.Client.GetAsync("/insights")).StatusCode);
    }

    [Fact]
    public async Task The_token_never_reaches_a_log_line_even_when_a_warning_is_written_during_a_visit()
    {
        await using var app = await SovereignApp.CreateAsync(provider, clock: new FakeTimeProvider(SharePagesTests.Now), services: ClientAddresses.Add);
        // The most verbose level there is, for every category: the host's "Request starting …" lines carry the path.
        foreach (var category in new[] { "Default", "Microsoft", "Microsoft.AspNetCore", "System" }) app.Settings[$"Logging:LogLevel:{category}"] = "Trace";
        var (user, alcohol, _, _, _) = await SharePagesTests.SeedAsync(app);
        var token = await SharePagesTests.CreateAsync(user, SharePagesTests.Form("Sam", "Alex", [alcohol.Id]));
        // A proxy the app does not trust: the app warns, within the visit's log scope (which names the request's path).
        var visitor = ClientAddresses.From(app, "203.0.113.9");
        visitor.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.7");
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/s/{token}?from=mail")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await visitor.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/s/{token}").Htmx())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/s/{token.ToUpperInvariant()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/s/{token}/more")).StatusCode);
        var warning = Assert.Single(app.Logs.Entries, e => e.Category.EndsWith("ForwardedHeadersWarning", StringComparison.Ordinal));
        Assert.Equal("/s/[token]", warning.Scope["RequestPath"]);
        Assert.Contains(app.Logs.Entries, e => e.Message.Contains("Request starting", StringComparison.Ordinal) && e.Message.Contains("/s/[token]", StringComparison.Ordinal));
        var leaks = app.Logs.Entries.Where(e => $"{e.Message} {e.Exception} {string.Join(" ", e.Scope.Values)} {string.Join(" ", e.State.Values)}"
            .Contains(token, StringComparison.OrdinalIgnoreCase)).Select(e => $"{e.Category}: {e.Message}").ToList();
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }

    [Fact]
    public async Task Bad_input_is_a_422_with_its_message_and_another_users_track_or_link_is_a_404_and_nothing_is_written()
    {
        await using var app = await SovereignApp.CreateAsync(provider, clock: new FakeTimeProvider(SharePagesTests.Now));
        var (user, alcohol, _, walk, _) = await SharePagesTests.SeedAsync(app);
        var (other, othersTrack, _, othersWalk, _) = await SharePagesTests.SeedAsync(app);
        var othersToken = await SharePagesTests.CreateAsync(other, SharePagesTests.Form("Theirs", "Kim", [othersTrack.Id]));
        var othersLink = await SharePagesTests.LinkIdAsync(app, othersToken);

        async Task Refused(Dictionary<string, string> form, string message)
        {
            var response = await user.PostFormAsync("/account/shares/create", form, tokenFrom: "/account/shares");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Contains(message, (await TestUser.ParseAsync(response)).QuerySelector("#new-share")!.TextContent);
        }
        await Refused(SharePagesTests.Form("Sam", "Alex"), "Tick at least one thing for the page to show.");
        await Refused(SharePagesTests.Form("Sam", "Alex", habits: [walk], relapseDates: true), "Relapse dates show for the tracks you tick");
        await Refused(SharePagesTests.Form("", "Alex", habits: [walk]), "Say who the link is for");
        await Refused(SharePagesTests.Form("Sam", " ", habits: [walk]), "Enter the name they know you by.");
        await Refused(SharePagesTests.Form(new string('x', 101), "Alex", habits: [walk]), "Keep the label to 100 characters.");
        await Refused(SharePagesTests.Form("Sam", new string('x', 61), habits: [walk]), "Keep the name to 60 characters.");
        await Refused(SharePagesTests.Form("Sam", "Alex", habits: [walk], expiry: "5"), "Choose 7, 30 or 90 days, or never.");
        var malformed = SharePagesTests.Form("Sam", "Alex", habits: [walk]);
        malformed["Share.Tracks[0]"] = "not-a-guid";
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await user.PostFormAsync("/account/shares/create", malformed, tokenFrom: "/account/shares")).StatusCode);

        var theirs = await user.PostFormAsync("/account/shares/create", SharePagesTests.Form("Sam", "Alex", [othersTrack.Id]), tokenFrom: "/account/shares");
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        var theirHabit = await user.PostFormAsync("/account/shares/create", SharePagesTests.Form("Sam", "Alex", habits: [othersWalk]), tokenFrom: "/account/shares");
        Assert.Equal(HttpStatusCode.NotFound, theirHabit.StatusCode);
        var scope = new Dictionary<string, string> { ["Scope.CheckIn"] = "true" };
        Assert.Equal(HttpStatusCode.NotFound, (await user.PostFormAsync($"/account/shares/scope?id={othersLink}", scope, tokenFrom: "/account/shares")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await user.PostFormAsync($"/account/shares/revoke?id={othersLink}", [], tokenFrom: "/account/shares")).StatusCode);
        var mine = await SharePagesTests.LinkIdAsync(app, await SharePagesTests.CreateAsync(user, SharePagesTests.Form("Sam", "Alex", [alcohol.Id])));
        var intoTheirs = new Dictionary<string, string> { ["Scope.Tracks[0]"] = othersTrack.Id.ToString() };
        Assert.Equal(HttpStatusCode.NotFound, (await user.PostFormAsync($"/account/shares/scope?id={mine}", intoTheirs, tokenFrom: "/account/shares")).StatusCode);
        var empty = await user.PostFormAsync($"/account/shares/scope?id={mine}", new() { ["Scope.CheckIn"] = "false" }, tokenFrom: "/account/shares");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Contains("Tick at least one thing", (await TestUser.ParseAsync(empty)).QuerySelector($"#link-{mine}")!.TextContent);

        await using var db = app.NewDbContext();
        Assert.Equal(2, await db.ShareLinks.CountAsync());
        Assert.Equal([alcohol.Id], await db.ShareLinkTracks.Where(t => t.ShareLinkId == mine).Select(t => t.TrackId).ToListAsync());
        Assert.Equal([othersTrack.Id], await db.ShareLinkTracks.Where(t => t.ShareLinkId == othersLink).Select(t => t.TrackId).ToListAsync());
    }

    [Fact]
    public async Task Im_struggling_shows_on_every_shared_page_for_a_day_or_until_cleared()
    {
        var clock = new FakeTimeProvider(SharePagesTests.Now);
        await using var app = await SovereignApp.CreateAsync(provider, clock: clock);
        var (user, alcohol, _, walk, _) = await SharePagesTests.SeedAsync(app);
        var sam = await SharePagesTests.CreateAsync(user, SharePagesTests.Form("Sam", "Alex", [alcohol.Id]));
        var mum = await SharePagesTests.CreateAsync(user, SharePagesTests.Form("Mum", "Lexie", habits: [walk]));
        var supporter = app.NewClient();
        Assert.Null((await supporter.GetDocumentAsync($"/s/{sam}")).QuerySelector(".asked-for-support"));

        // From the help page, which offers it once there is a link.
        var help = await user.Client.GetDocumentAsync("/help");
        var form = help.QuerySelector("#tell-supporters form")!;
        var asked = await user.PostFormAsync(form.GetAttribute("action")!, [], tokenFrom: "/help");
        Assert.Equal("/help", asked.Headers.Location?.OriginalString);
        Assert.Equal("Alex asked for support today — reach out.", (await supporter.GetDocumentAsync($"/s/{sam}")).QuerySelector(".asked-for-support")!.TextContent);
        Assert.Equal("Lexie asked for support today — reach out.", (await supporter.GetDocumentAsync($"/s/{mum}")).QuerySelector(".asked-for-support")!.TextContent);
        Assert.Contains("Clear it", (await user.Client.GetDocumentAsync("/help")).QuerySelector("#tell-supporters")!.TextContent);

        clock.Advance(TimeSpan.FromHours(23));
        Assert.NotNull((await supporter.GetDocumentAsync($"/s/{sam}")).QuerySelector(".asked-for-support"));
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Null((await supporter.GetDocumentAsync($"/s/{sam}")).QuerySelector(".asked-for-support"));

        var client = await user.SignInElsewhereAsync(); // a day on, the first session is over
        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync("/account/shares/support?ask=true", [], client, tokenFrom: "/account/shares")).StatusCode);
        Assert.NotNull((await supporter.GetDocumentAsync($"/s/{mum}")).QuerySelector(".asked-for-support"));
        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync("/account/shares/support?ask=false", [], client, tokenFrom: "/account/shares")).StatusCode);
        Assert.Null((await supporter.GetDocumentAsync($"/s/{mum}")).QuerySelector(".asked-for-support"));
    }

    [Fact]
    public async Task Deleting_a_track_narrows_its_links_and_deleting_the_account_ends_them_and_export_lists_them_without_tokens()
    {
        await using var app = await SovereignApp.CreateAsync(provider, clock: new FakeTimeProvider(SharePagesTests.Now));
        var (user, alcohol, betting, _, _) = await SharePagesTests.SeedAsync(app);
        var token = await SharePagesTests.CreateAsync(user, SharePagesTests.Form("Sam", "Alex", [alcohol.Id, betting.Id], checkIn: true));
        var supporter = app.NewClient();
        await supporter.GetAsync($"/s/{token}");

        var export = await (await user.Client.GetAsync("/account/export/json")).Content.ReadAsStringAsync();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));
        Assert.DoesNotContain(token, export);
        Assert.DoesNotContain(hash, export);
        var shares = System.Text.Json.JsonDocument.Parse(export).RootElement.GetProperty("shares");
        Assert.Equal(1, shares.GetArrayLength());
        Assert.Equal("Sam", shares[0].GetProperty("label").GetString());
        Assert.Equal(2, shares[0].GetProperty("trackIds").GetArrayLength());
        Assert.Equal(1, shares[0].GetProperty("timesOpened").GetInt32());
        Assert.True(shares[0].GetProperty("checkIn").GetBoolean());
        Assert.Equal(Sovereign.Web.Pages.Account.PersonalDataService.Version, System.Text.Json.JsonDocument.Parse(export).RootElement.GetProperty("version").GetInt32());

        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync($"/tracks/{betting.Id}/delete", new() { ["confirm"] = "delete" }, tokenFrom: $"/tracks/{betting.Id}")).StatusCode);
        var page = await supporter.GetDocumentAsync($"/s/{token}");
        Assert.Equal(["Alcohol"], page.QuerySelectorAll(".shared-track h2").Select(h => h.TextContent));

        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync("/account/delete", new() { ["Delete.Password"] = user.Password }, tokenFrom: "/account")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supporter.GetAsync($"/s/{token}")).StatusCode);
        await using var db = app.NewDbContext();
        Assert.False(await db.ShareLinks.AnyAsync());
        Assert.False(await db.ShareLinkTracks.AnyAsync());
    }
}

public sealed class ShareLimitsTestsOnSqlite() : ShareLimitsTests(DatabaseProvider.Sqlite);

public sealed class ShareLimitsTestsOnPostgres() : ShareLimitsTests(DatabaseProvider.Postgres);

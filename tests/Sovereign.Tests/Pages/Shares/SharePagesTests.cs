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

public abstract class SharePagesTests(DatabaseProvider provider)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-06-15T12:00:00Z", CultureInfo.InvariantCulture);

    /// <summary>The create form's fields.</summary>
    internal static Dictionary<string, string> Form(string label, string name, IEnumerable<Guid>? tracks = null, IEnumerable<Guid>? habits = null,
        bool checkIn = false, bool relapseDates = false, string expiry = "30")
    {
        var fields = new List<KeyValuePair<string, string>> { new("Share.Label", label), new("Share.DisplayName", name), new("Share.Expiry", expiry) };
        if (checkIn) fields.Add(new("Share.CheckIn", "true"));
        if (relapseDates) fields.Add(new("Share.RelapseDates", "true"));
        // Several values of one name travel as Share.Tracks[0], [1]…: a dictionary holds one value per key.
        fields.AddRange(Indexed("Share.Tracks", tracks));
        fields.AddRange(Indexed("Share.Habits", habits));
        return fields.ToDictionary();
    }

    internal static IEnumerable<KeyValuePair<string, string>> Indexed(string name, IEnumerable<Guid>? ids) =>
        (ids ?? []).Select((id, i) => KeyValuePair.Create($"{name}[{i}]", id.ToString()));

    /// <summary>Makes a link through the page and reads its token from the link the page shows once.</summary>
    internal static async Task<string> CreateAsync(TestUser user, Dictionary<string, string> form)
    {
        var response = await user.PostFormAsync("/account/shares/create", form, tokenFrom: "/account/shares");
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"create answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("/account/shares#new-link", response.Headers.Location?.OriginalString);
        var page = await user.Client.GetDocumentAsync("/account/shares");
        var url = page.QuerySelector("#new-link-url")!.GetAttribute("value")!;
        Assert.Matches("^https?://[^/]+/s/[0-9a-f]{32}$", url);
        Secrets.Add(url.Split('/')[^1]); // the run's log hygiene test looks for it in every log line
        return url.Split('/')[^1];
    }

    private static async Task<Guid> LinkIdAsync(SovereignApp app, string token)
    {
        await using var db = app.NewDbContext();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));
        return await db.ShareLinks.Where(l => l.TokenHash == hash).Select(l => l.Id).SingleAsync();
    }

    /// <summary>A user with two tracks (a relapse on each), two habits (one done today), and this morning's commitment.</summary>
    private static async Task<(TestUser User, RecoveryTrack Alcohol, RecoveryTrack Betting, Guid Walk, Guid Meeting)> SeedAsync(SovereignApp app)
    {
        var user = await TestUser.RegisterAsync(app, timeZone: "UTC");
        await using var db = app.NewDbContext();
        var alcohol = new RecoveryTrack { UserId = user.Id, Name = "Alcohol", Kind = TrackKind.Alcohol, CleanSince = DateOnly.FromDateTime(Now.UtcDateTime.AddDays(-40)) };
        var betting = new RecoveryTrack { UserId = user.Id, Name = "Betting", Kind = TrackKind.Gambling, Position = 1 };
        var walk = new Habit { UserId = user.Id, Name = "Morning walk" };
        var meeting = new Habit { UserId = user.Id, Name = "Meeting" };
        db.AddRange(alcohol, betting, walk, meeting,
            new RelapseEvent { UserId = user.Id, TrackId = alcohol.Id, OccurredAt = Now.UtcDateTime.AddDays(-12), TriggerType = TriggerType.Stress, Severity = 6 },
            new RelapseEvent { UserId = user.Id, TrackId = alcohol.Id, OccurredAt = Now.UtcDateTime.AddDays(-12).AddHours(-1), TriggerType = TriggerType.Stress, Severity = 6 },
            new RelapseEvent { UserId = user.Id, TrackId = betting.Id, OccurredAt = Now.UtcDateTime.AddDays(-3), TriggerType = TriggerType.Other, Severity = 4 });
        await db.SaveChangesAsync();
        db.RecoveryTracks.RemoveRange(db.RecoveryTracks.Where(t => t.UserId == user.Id && t.Name == RecoveryTrack.FirstTrackName));
        await db.SaveChangesAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync($"/habits/{walk.Id}/complete", [], tokenFrom: "/dashboard")).StatusCode);
        var commit = await user.PostFormAsync($"/checkin/commit?track={alcohol.Id}", [], tokenFrom: "/dashboard");
        Assert.True((int)commit.StatusCode < 400, $"commit: {(int)commit.StatusCode}");
        return (user, alcohol, betting, walk.Id, meeting.Id);
    }

    [Fact]
    public async Task After_a_relapse_the_supporter_sees_what_is_kept_and_a_number_to_call_when_one_was_added()
    {
        var clock = new FakeTimeProvider(Now);
        await using var app = await SovereignApp.CreateAsync(provider, clock: clock);
        var (user, alcohol, _, _, _) = await SeedAsync(app);
        await using (var db = app.NewDbContext())
        {
            var track = await db.RecoveryTracks.SingleAsync(t => t.Id == alcohol.Id);
            track.CreatedAt = Now.UtcDateTime.AddDays(-40);
            db.Add(new RelapseEvent { UserId = user.Id, TrackId = alcohol.Id, OccurredAt = Now.UtcDateTime.AddDays(-3), TriggerType = TriggerType.Stress, Severity = 5 });
            await db.SaveChangesAsync();
        }
        var bad = await user.PostFormAsync("/account/shares/create", new(Form("Sam", "Alex", [alcohol.Id])) { ["Share.ContactPhone"] = "call me maybe" }, tokenFrom: "/account/shares");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("Enter a phone number", (await TestUser.ParseAsync(bad)).QuerySelector("#Share_ContactPhone-error")!.TextContent);

        var plain = await CreateAsync(user, Form("Mum", "Alex", [alcohol.Id]));
        var withPhone = await CreateAsync(user, new(Form("Sam", "Alex", [alcohol.Id])) { ["Share.ContactPhone"] = "+44 7700 900123" });
        var page = await app.NewClient().GetDocumentAsync($"/s/{withPhone}");
        var kept = page.QuerySelector(".shared-kept")!;
        Assert.Equal("3", page.QuerySelector("[data-unit=days]")!.TextContent);
        // The current run is 3 days; what was built before it is kept, and shown.
        Assert.True(int.Parse(kept.GetAttribute("data-longest-run")!, CultureInfo.InvariantCulture) > 3, kept.OuterHtml);
        Assert.True(int.Parse(kept.GetAttribute("data-total-clean")!, CultureInfo.InvariantCulture) > 3, kept.OuterHtml);
        Assert.Equal("tel:+447700900123", page.QuerySelector("#shared-contact a")!.GetAttribute("href"));
        Assert.Null((await app.NewClient().GetDocumentAsync($"/s/{plain}")).QuerySelector("#shared-contact"));
    }

    [Fact]
    public async Task A_link_shows_exactly_what_it_was_given_its_token_once_and_follows_changes_until_revoked()
    {
        var clock = new FakeTimeProvider(Now);
        await using var app = await SovereignApp.CreateAsync(provider, clock: clock);
        var (user, alcohol, betting, walk, meeting) = await SeedAsync(app);
        var token = await CreateAsync(user, Form("Sam, my sponsor", "Alex", [alcohol.Id], checkIn: true));

        // The token is shown once and never stored: the row holds its SHA-256 and nothing else of it.
        Assert.Null((await user.Client.GetDocumentAsync("/account/shares")).QuerySelector("#new-link"));
        await using (var db = app.NewDbContext())
        {
            var link = await db.ShareLinks.Include(l => l.Tracks).SingleAsync();
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token))), link.TokenHash);
            Assert.DoesNotContain(token, string.Join("|", link.Label, link.DisplayName, link.TokenHash));
            Assert.Equal([alcohol.Id], link.Tracks.Select(t => t.TrackId));
            Assert.Equal(Now.UtcDateTime.AddDays(30), link.ExpiresAt);
        }

        // The supporter: no account, no cookies. Exactly the alcohol clock and the check-in state.
        var supporter = app.NewClient();
        var response = await supporter.GetAsync($"/s/{token}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("noindex, nofollow", response.Headers.GetValues("X-Robots-Tag").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal(Sovereign.Web.Infrastructure.SecurityHeaders.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.False(response.Headers.Contains("Set-Cookie"));
        var page = await TestUser.ParseAsync(response);
        Assert.Equal("Shared with you", page.Title);
        Assert.Equal("Alex", page.QuerySelector("h1")!.TextContent);
        Assert.Empty(page.QuerySelectorAll("a[href], form, nav"));
        // It refreshes itself every minute (htmx), from the address it was opened at; without JavaScript it is the same page.
        Assert.Equal("every 60s", page.QuerySelector("#shared")!.GetAttribute("hx-trigger"));
        Assert.Equal($"/s/{token}", page.QuerySelector("#shared")!.GetAttribute("hx-get"));
        Assert.Equal(["Alcohol"], page.QuerySelectorAll(".shared-track h2").Select(h => h.TextContent));
        Assert.Equal("12", page.QuerySelector(".shared-track [data-unit=days]")!.TextContent.Trim()); // since the relapse 12 days ago
        Assert.Null(page.QuerySelector("[data-unit=hours], [data-since]")); // to the day: no hours, no instant
        Assert.Contains("7 days reached — next: 14 days", page.QuerySelector(".shared-track label")!.TextContent);
        Assert.Null(page.QuerySelector(".relapse-days"));
        Assert.Equal("yes", page.QuerySelector("#shared-check-in [data-committed]")!.GetAttribute("data-committed"));
        Assert.Equal("no", page.QuerySelector("#shared-check-in [data-evening]")!.GetAttribute("data-evening"));
        Assert.Null(page.QuerySelector("#shared-habits"));
        var text = page.Body!.TextContent;
        foreach (var hidden in new[] { "Betting", "Morning walk", "Meeting", user.Username, user.Email, "Sam, my sponsor" })
            Assert.DoesNotContain(hidden, text);

        // A page left open is one visit, its refreshes and reloads included; seen again after ten minutes unseen, however it
        // asks (a request that says it is htmx is a request like any other), is another. Time only: no address is kept.
        var refresh = await supporter.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/s/{token}").Htmx());
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supporter.GetAsync($"/s/{token}")).StatusCode);
        var list = await user.Client.GetDocumentAsync("/account/shares");
        Assert.Equal("1 visit", list.QuerySelector(".share-link .times-opened")!.TextContent);
        Assert.Contains("last seen 15 Jun 2026, 12:00", list.QuerySelector(".share-link")!.TextContent);
        for (var minute = 1; minute <= 9; minute++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(HttpStatusCode.OK, (await supporter.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/s/{token}").Htmx())).StatusCode);
        }
        list = await user.Client.GetDocumentAsync("/account/shares");
        Assert.Equal("1 visit", list.QuerySelector(".share-link .times-opened")!.TextContent);
        Assert.Contains("last seen 15 Jun 2026, 12:09", list.QuerySelector(".share-link")!.TextContent);
        clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(HttpStatusCode.OK, (await app.NewClient().SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/s/{token}").Htmx())).StatusCode);
        list = await user.Client.GetDocumentAsync("/account/shares");
        Assert.Equal("2 visits", list.QuerySelector(".share-link .times-opened")!.TextContent);
        Assert.Contains("last seen 15 Jun 2026, 12:20", list.QuerySelector(".share-link")!.TextContent);
        Assert.Contains("Alcohol clock, today's check-in", list.QuerySelector(".share-link .share-scope")!.TextContent);

        // Wider: both tracks, their relapse dates and the two habits.
        var id = await LinkIdAsync(app, token);
        var scope = new[] { KeyValuePair.Create("Scope.RelapseDates", "true") }.Concat(Indexed("Scope.Tracks", [alcohol.Id, betting.Id]))
            .Concat(Indexed("Scope.Habits", [walk, meeting])).ToDictionary();
        var changed = await user.PostFormAsync($"/account/shares/scope?id={id}", scope, tokenFrom: "/account/shares");
        Assert.Equal($"/account/shares#link-{id}", changed.Headers.Location?.OriginalString);
        page = await supporter.GetDocumentAsync($"/s/{token}");
        Assert.Equal(["Alcohol", "Betting"], page.QuerySelectorAll(".shared-track h2").Select(h => h.TextContent));
        Assert.Equal(["3 Jun 2026", "12 Jun 2026"], page.QuerySelectorAll(".relapse-days").Select(p => p.TextContent)); // two that day: one date, nothing "earlier"
        Assert.Equal(["Meeting", "Morning walk"], page.QuerySelectorAll(".shared-habit > span:first-child").Select(s => s.TextContent).Order());
        Assert.Contains("1-day streak · done today", page.QuerySelectorAll(".shared-habit").Single(h => h.TextContent.Contains("Morning walk")).TextContent);
        Assert.Null(page.QuerySelector("#shared-check-in"));

        // A habit added later is not on it until ticked.
        await using (var db = app.NewDbContext())
        {
            db.Add(new Habit { UserId = user.Id, Name = "Therapy" });
            await db.SaveChangesAsync();
        }
        Assert.DoesNotContain("Therapy", (await supporter.GetDocumentAsync($"/s/{token}")).Body!.TextContent);

        // Revoked: gone at once, the same 404 as a token that never existed.
        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync($"/account/shares/revoke?id={id}", [], tokenFrom: "/account/shares")).StatusCode);
        var revoked = await supporter.GetAsync($"/s/{token}");
        var never = await supporter.GetAsync($"/s/{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}");
        Assert.Equal(HttpStatusCode.NotFound, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, never.StatusCode);
        var notFound = await never.Content.ReadAsStringAsync();
        Assert.Equal(notFound, await revoked.Content.ReadAsStringAsync());
        var gone = Html.Parse(notFound);
        Assert.Equal("This page isn't available", gone.QuerySelector("h1")!.TextContent);
        Assert.Empty(gone.QuerySelectorAll("a[href], form, nav"));
        Assert.DoesNotContain("Sovereign", gone.Title);
        await using (var db = app.NewDbContext()) Assert.False(await db.ShareLinks.AnyAsync());
    }

    [Fact]
    public async Task An_expired_link_is_the_same_404_the_list_says_expired_and_it_no_longer_counts_towards_twenty()
    {
        var clock = new FakeTimeProvider(Now);
        await using var app = await SovereignApp.CreateAsync(provider, clock: clock);
        var (user, alcohol, _, walk, _) = await SeedAsync(app);
        var weekly = await CreateAsync(user, Form("For a week", "Alex", [alcohol.Id], expiry: "7"));
        for (var i = 1; i < ShareLink.MaxLivePerUser; i++) await CreateAsync(user, Form($"Link {i}", "Alex", checkIn: true, expiry: "never"));
        var tooMany = await user.PostFormAsync("/account/shares/create", Form("One more", "Alex", checkIn: true), tokenFrom: "/account/shares");
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
        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync("/account/shares/create", Form("One more", "Alex", checkIn: true), client, tokenFrom: "/account/shares")).StatusCode);
    }

    [Fact]
    public async Task Loads_are_limited_per_address_hits_and_misses_alike_and_a_token_in_capitals_opens()
    {
        await using var app = await SovereignApp.CreateAsync(provider, clock: new FakeTimeProvider(Now), services: ClientAddresses.Add);
        app.Settings["RateLimits:ExpensiveReadsPerMinute"] = "5";
        var (user, alcohol, _, _, _) = await SeedAsync(app);
        var token = await CreateAsync(user, Form("Sam", "Alex", [alcohol.Id]));
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
        await using var app = await SovereignApp.CreateAsync(provider, clock: new FakeTimeProvider(Now));
        app.Settings["RateLimits:ExpensiveReadsPerMinute"] = "3";
        var (user, _, _, _, _) = await SeedAsync(app);
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
        await using var app = await SovereignApp.CreateAsync(provider, clock: new FakeTimeProvider(Now), services: ClientAddresses.Add);
        // The most verbose level there is, for every category: the host's "Request starting …" lines carry the path.
        foreach (var category in new[] { "Default", "Microsoft", "Microsoft.AspNetCore", "System" }) app.Settings[$"Logging:LogLevel:{category}"] = "Trace";
        var (user, alcohol, _, _, _) = await SeedAsync(app);
        var token = await CreateAsync(user, Form("Sam", "Alex", [alcohol.Id]));
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
        await using var app = await SovereignApp.CreateAsync(provider, clock: new FakeTimeProvider(Now));
        var (user, alcohol, _, walk, _) = await SeedAsync(app);
        var (other, othersTrack, _, othersWalk, _) = await SeedAsync(app);
        var othersToken = await CreateAsync(other, Form("Theirs", "Kim", [othersTrack.Id]));
        var othersLink = await LinkIdAsync(app, othersToken);

        async Task Refused(Dictionary<string, string> form, string message)
        {
            var response = await user.PostFormAsync("/account/shares/create", form, tokenFrom: "/account/shares");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Contains(message, (await TestUser.ParseAsync(response)).QuerySelector("#new-share")!.TextContent);
        }
        await Refused(Form("Sam", "Alex"), "Tick at least one thing for the page to show.");
        await Refused(Form("Sam", "Alex", habits: [walk], relapseDates: true), "Relapse dates show for the tracks you tick");
        await Refused(Form("", "Alex", habits: [walk]), "Say who the link is for");
        await Refused(Form("Sam", " ", habits: [walk]), "Enter the name they know you by.");
        await Refused(Form(new string('x', 101), "Alex", habits: [walk]), "Keep the label to 100 characters.");
        await Refused(Form("Sam", new string('x', 61), habits: [walk]), "Keep the name to 60 characters.");
        await Refused(Form("Sam", "Alex", habits: [walk], expiry: "5"), "Choose 7, 30 or 90 days, or never.");
        var malformed = Form("Sam", "Alex", habits: [walk]);
        malformed["Share.Tracks[0]"] = "not-a-guid";
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await user.PostFormAsync("/account/shares/create", malformed, tokenFrom: "/account/shares")).StatusCode);

        var theirs = await user.PostFormAsync("/account/shares/create", Form("Sam", "Alex", [othersTrack.Id]), tokenFrom: "/account/shares");
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        var theirHabit = await user.PostFormAsync("/account/shares/create", Form("Sam", "Alex", habits: [othersWalk]), tokenFrom: "/account/shares");
        Assert.Equal(HttpStatusCode.NotFound, theirHabit.StatusCode);
        var scope = new Dictionary<string, string> { ["Scope.CheckIn"] = "true" };
        Assert.Equal(HttpStatusCode.NotFound, (await user.PostFormAsync($"/account/shares/scope?id={othersLink}", scope, tokenFrom: "/account/shares")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await user.PostFormAsync($"/account/shares/revoke?id={othersLink}", [], tokenFrom: "/account/shares")).StatusCode);
        var mine = await LinkIdAsync(app, await CreateAsync(user, Form("Sam", "Alex", [alcohol.Id])));
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
        var clock = new FakeTimeProvider(Now);
        await using var app = await SovereignApp.CreateAsync(provider, clock: clock);
        var (user, alcohol, _, walk, _) = await SeedAsync(app);
        var sam = await CreateAsync(user, Form("Sam", "Alex", [alcohol.Id]));
        var mum = await CreateAsync(user, Form("Mum", "Lexie", habits: [walk]));
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
        await using var app = await SovereignApp.CreateAsync(provider, clock: new FakeTimeProvider(Now));
        var (user, alcohol, betting, _, _) = await SeedAsync(app);
        var token = await CreateAsync(user, Form("Sam", "Alex", [alcohol.Id, betting.Id], checkIn: true));
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
        Assert.Equal(5, System.Text.Json.JsonDocument.Parse(export).RootElement.GetProperty("version").GetInt32());

        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync($"/tracks/{betting.Id}/delete", new() { ["confirm"] = "delete" }, tokenFrom: $"/tracks/{betting.Id}")).StatusCode);
        var page = await supporter.GetDocumentAsync($"/s/{token}");
        Assert.Equal(["Alcohol"], page.QuerySelectorAll(".shared-track h2").Select(h => h.TextContent));

        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync("/account/delete", new() { ["Delete.Password"] = user.Password }, tokenFrom: "/account")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supporter.GetAsync($"/s/{token}")).StatusCode);
        await using var db = app.NewDbContext();
        Assert.False(await db.ShareLinks.AnyAsync());
        Assert.False(await db.ShareLinkTracks.AnyAsync());
    }

    /// <summary>The model's text columns that are not free text (codes, hashes, settings), so need no canary.</summary>
    private static readonly HashSet<string> NotFreeText =
    [
        "users.password_hash", "users.recovery_code_hash", "users.time_zone", "users.email_key", "users.username_key", "recovery_tracks.currency",
        "share_links.token_hash", "sign_in_failures.account_key", "sign_in_failures.client_key", "data_protection_keys.friendly_name", "data_protection_keys.xml",
        "scheduled_jobs.kind", "scheduled_jobs.key", "scheduled_jobs.claimed_by", // the app's own bookkeeping, no user's text
    ];

    /// <summary>One account full of canaries: a distinct word in every free-text column, distinct numbers in every number, on the user's own today.</summary>
    private sealed record CanaryAccount(TestUser User, RecoveryTrack First, RecoveryTrack Second, Guid HabitId, string HabitName,
        Dictionary<string, string> Words, string[] Numbers, string FirstRelapseDay, string SecondRelapseDay);

    private static async Task<CanaryAccount> CanaryAccountAsync(SovereignApp app, string tag, string zone, decimal cost, string currency, decimal slept, int daysBack)
    {
        var user = await TestUser.RegisterAsync(app, email: $"canary{tag}email@example.com", username: $"canary{tag}username", timeZone: zone);
        var words = new Dictionary<string, string>();
        string Canary(string column) => words[column] = $"canary{tag}" + column.Replace("_", "").Replace(".", "") + "x";
        var userClock = new UserClock(zone, 0);
        var today = userClock.DayOf(Now.UtcDateTime);
        var first = new RecoveryTrack { UserId = user.Id, Name = Canary("recovery_tracks.name"), Reasons = Canary("recovery_tracks.reasons"), Kind = TrackKind.Alcohol,
            CostPerDay = cost, Currency = currency, MinutesPerDay = 77 };
        var second = new RecoveryTrack { UserId = user.Id, Name = $"canary{tag}secondtrackx", Reasons = $"canary{tag}secondreasonsx", Kind = TrackKind.Gambling, Position = 1 };
        words["second.name"] = second.Name;
        words["second.reasons"] = second.Reasons;
        var habit = new Habit { UserId = user.Id, Name = Canary("habits.name"), Description = Canary("habits.description") };
        var checkIn = new Sovereign.Web.Models.CheckIn
        {
            UserId = user.Id, LocalDate = today, Mood = 2, Craving = 7, Hungry = true, Tired = true, HoursSlept = slept, EveningAt = Now.UtcDateTime.AddMinutes(-13),
            WentWell = Canary("check_ins.went_well"), Note = Canary("check_ins.note"),
        };
        checkIn.Commitments.Add(new CheckInCommitment { CheckInId = checkIn.Id, TrackId = first.Id, UserId = user.Id });
        // Relapses on days before today (a shared page shows them from the next day), at times with odd minutes.
        var firstRelapse = Now.UtcDateTime.AddDays(-daysBack).AddMinutes(-17);
        var secondRelapse = Now.UtcDateTime.AddDays(-daysBack - 5).AddMinutes(-29);
        await using (var db = app.NewDbContext())
        {
            db.AddRange(first, second, habit, checkIn,
                new HabitLog { HabitId = habit.Id, UserId = user.Id, LocalDate = today, CompletedAt = Now.UtcDateTime.AddMinutes(-41), Notes = Canary("habit_logs.notes") },
                new RelapseEvent { UserId = user.Id, TrackId = first.Id, OccurredAt = firstRelapse, TriggerType = TriggerType.Stress, Severity = 8, Angry = true, Notes = Canary("relapse_events.notes") },
                new RelapseEvent { UserId = user.Id, TrackId = second.Id, OccurredAt = secondRelapse, TriggerType = TriggerType.Stress, Severity = 9, Lonely = true, Notes = $"canary{tag}secondrelapsex" },
                new UrgeEvent { UserId = user.Id, TrackId = first.Id, OccurredAt = Now.UtcDateTime.AddHours(-5), TriggerType = TriggerType.Stress, Intensity = 9, IntensityAfter = 4,
                    Notes = Canary("urge_events.notes"), HelpedWith = Canary("urge_events.helped_with") },
                new PlanStep { UserId = user.Id, TriggerType = TriggerType.Stress, Text = Canary("plan_steps.text") },
                new SupportPerson { UserId = user.Id, Name = Canary("support_people.name"), Phone = "+1 555 0100", Note = Canary("support_people.note") });
            var row = await db.Users.SingleAsync(u => u.Id == user.Id);
            row.Helplines = "Line: " + Canary("users.helplines");
            foreach (var session in db.UserSessions.Where(s => s.UserId == user.Id)) session.Device = Canary("user_sessions.device");
            await db.SaveChangesAsync();
            db.RecoveryTracks.RemoveRange(db.RecoveryTracks.Where(t => t.UserId == user.Id && t.Name == RecoveryTrack.FirstTrackName));
            await db.SaveChangesAsync();
        }
        words["users.email"] = $"canary{tag}email";
        words["users.username"] = $"canary{tag}username";
        words["share_links.label"] = $"canary{tag}label";
        words["support_people.phone"] = "555 0100";
        string Day(DateTime at) => userClock.DayOf(at).ToString("d MMM yyyy", CultureInfo.InvariantCulture);
        var numbers = new[] { cost.ToString(CultureInfo.InvariantCulture), cost.ToString(CultureInfo.GetCultureInfo("de-DE")), slept.ToString(CultureInfo.InvariantCulture) };
        return new CanaryAccount(user, first, second, habit.Id, habit.Name, words, numbers, Day(firstRelapse), Day(secondRelapse));
    }

    [Fact]
    public async Task No_free_text_number_time_or_unticked_date_reaches_a_shared_page_for_any_scope_in_either_of_two_accounts()
    {
        await using var app = await SovereignApp.CreateAsync(provider, clock: new FakeTimeProvider(Now));
        // Two accounts at both ends of the date line, each with its check-in on its own today.
        var a = await CanaryAccountAsync(app, "alpha", "Pacific/Kiritimati", 43.21m, "EUR", 7.3m, daysBack: 3);
        var b = await CanaryAccountAsync(app, "bravo", "Etc/GMT+12", 87.65m, "USD", 6.9m, daysBack: 4);
        await using (var db = app.NewDbContext())
        {
            // Every text column of the model is either free text with its canary here, or named as not free text: a new column must choose.
            var columns = db.Model.GetEntityTypes().SelectMany(e => e.GetProperties().Where(p => p.ClrType == typeof(string) && p.GetValueConverter() is null)
                .Select(p => $"{e.GetTableName()}.{p.GetColumnName()}"));
            // Shown by design, each on its own link's page only: the name ("Alex") and the number to call, when one was added.
            Assert.DoesNotContain(columns, c => !a.Words.ContainsKey(c) && !NotFreeText.Contains(c) && c is not ("share_links.display_name" or "share_links.contact_phone"));
        }
        // What no scope ever shows, by word or sign: the answers (mood, craving, HALT, sleep, trigger, severity,
        // intensity) and the money and time regained.
        string[] neverWords = ["mood", "craving", "hungry", "angry", "lonely", "tired", "halt", "slept", "sleep", "stress", "severity", "intensity",
            "€", "$", "eur", "usd", "saved", "regained", "canary"];

        var supporter = app.NewClient();
        var combinations = 0;
        foreach (var account in new[] { a, b })
        {
            var other = account == a ? b : a;
            foreach (var tracks in new[] { Array.Empty<RecoveryTrack>(), [account.First], [account.Second], [account.First, account.Second] })
            foreach (var habits in new[] { false, true })
            foreach (var checkInShown in new[] { false, true })
            foreach (var relapseDates in new[] { false, true })
            {
                if (tracks.Length == 0 && (!habits && !checkInShown || relapseDates)) continue; // not a scope the form takes
                combinations++;
                var token = await CreateAsync(account.User, Form($"{account.Words["share_links.label"]}{combinations}", "Alex", tracks.Select(t => t.Id),
                    habits ? [account.HabitId] : null, checkInShown, relapseDates));
                var html = await (await supporter.GetAsync($"/s/{token}")).Content.ReadAsStringAsync();
                var page = Html.Parse(html);
                var text = page.Body!.TextContent;
                var scope = $"{account.User.Username}: tracks={tracks.Length} habits={habits} checkIn={checkInShown} dates={relapseDates}";

                // What the scope shows is there…
                var allowed = tracks.Select(t => t.Name).ToList();
                if (habits) allowed.Add(account.HabitName);
                foreach (var shown in allowed.Append("Alex")) Assert.True(text.Contains(shown, StringComparison.Ordinal), $"{scope}: {shown} missing");
                Assert.Equal(relapseDates && tracks.Contains(account.First), text.Contains(account.FirstRelapseDay, StringComparison.Ordinal));
                Assert.Equal(relapseDates && tracks.Contains(account.Second), text.Contains(account.SecondRelapseDay, StringComparison.Ordinal));
                // The commitment is to a track: it shows only with a track, and counts only the tracks shown.
                var committed = page.QuerySelector("#shared-check-in [data-committed]")?.GetAttribute("data-committed");
                Assert.Equal(checkInShown && tracks.Length > 0 ? (tracks.Contains(account.First) ? "yes" : "no") : null, committed);

                // …and nothing else: no canary of either account but the shown names, no number, no time of day.
                var withoutAllowed = allowed.Aggregate(html, (h, shown) => h.Replace(shown, "", StringComparison.Ordinal));
                foreach (var word in neverWords)
                    Assert.False(withoutAllowed.Contains(word, StringComparison.OrdinalIgnoreCase), $"{scope}: \"{word}\" on the shared page");
                foreach (var number in account.Numbers.Concat(other.Numbers))
                    Assert.False(System.Text.RegularExpressions.Regex.IsMatch(text, $@"(?<![\d.,]){System.Text.RegularExpressions.Regex.Escape(number)}(?![\d])"), $"{scope}: {number} on the shared page");
                Assert.False(System.Text.RegularExpressions.Regex.IsMatch(text, @"\d{1,2}:\d{2}"), $"{scope}: a time of day on the shared page");
                Assert.DoesNotContain(other.FirstRelapseDay, text);
                Assert.DoesNotContain(other.SecondRelapseDay, text);
                Assert.Equal(HttpStatusCode.Redirect, (await account.User.PostFormAsync($"/account/shares/revoke?id={await LinkIdAsync(app, token)}", [], tokenFrom: "/account/shares")).StatusCode);
            }
        }
        Assert.Equal(2 * (3 * 8 + 3), combinations); // per account: each of three track choices with anything else, and three scopes without a track
    }
}

public sealed class SharePagesTestsOnSqlite() : SharePagesTests(DatabaseProvider.Sqlite);

public sealed class SharePagesTestsOnPostgres() : SharePagesTests(DatabaseProvider.Postgres);

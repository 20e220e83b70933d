using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Models;

namespace Sovereign.Tests.Pages.Shares;

public abstract class SharePagesTests(DatabaseProvider provider)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-06-15T12:00:00Z", CultureInfo.InvariantCulture);

    /// <summary>The create form's fields.</summary>
    internal static Dictionary<string, string> Form(string label, string name, IEnumerable<Guid>? tracks = null, bool habits = false, bool checkIn = false,
        bool relapseDates = false, string expiry = "30")
    {
        var fields = new List<KeyValuePair<string, string>> { new("Share.Label", label), new("Share.DisplayName", name), new("Share.Expiry", expiry) };
        if (habits) fields.Add(new("Share.Habits", "true"));
        if (checkIn) fields.Add(new("Share.CheckIn", "true"));
        if (relapseDates) fields.Add(new("Share.RelapseDates", "true"));
        // Several values of one name travel as Share.Tracks[0], [1]…: a dictionary holds one value per key.
        var i = 0;
        foreach (var track in tracks ?? []) fields.Add(new($"Share.Tracks[{i++}]", track.ToString()));
        return fields.ToDictionary();
    }

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
    private static async Task<(TestUser User, RecoveryTrack Alcohol, RecoveryTrack Betting)> SeedAsync(SovereignApp app)
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
        return (user, alcohol, betting);
    }

    [Fact]
    public async Task A_link_shows_exactly_what_it_was_given_its_token_once_and_follows_changes_until_revoked()
    {
        var clock = new FakeTimeProvider(Now);
        await using var app = await SovereignApp.CreateAsync(provider, clock: clock);
        var (user, alcohol, betting) = await SeedAsync(app);
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
        Assert.Contains("7 days reached — next: 14 days", page.QuerySelector(".shared-track label")!.TextContent);
        Assert.Null(page.QuerySelector(".relapse-days"));
        Assert.Equal("yes", page.QuerySelector("#shared-check-in [data-committed]")!.GetAttribute("data-committed"));
        Assert.Equal("no", page.QuerySelector("#shared-check-in [data-evening]")!.GetAttribute("data-evening"));
        Assert.Null(page.QuerySelector("#shared-habits"));
        var text = page.Body!.TextContent;
        foreach (var hidden in new[] { "Betting", "Morning walk", "Meeting", user.Username, user.Email, "Sam, my sponsor" })
            Assert.DoesNotContain(hidden, text);

        // The page's own refresh (htmx) is not an opening; a load is. Time only: the row has nowhere to keep an address.
        // A reload within the minute is the same opening.
        var refresh = await supporter.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/s/{token}").Htmx());
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supporter.GetAsync($"/s/{token}")).StatusCode);
        var list = await user.Client.GetDocumentAsync("/account/shares");
        Assert.Equal("opened 1 time", list.QuerySelector(".share-link .times-opened")!.TextContent);
        Assert.Contains("last opened 15 Jun 2026, 12:00", list.QuerySelector(".share-link")!.TextContent);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await supporter.GetAsync($"/s/{token}")).StatusCode);
        list = await user.Client.GetDocumentAsync("/account/shares");
        Assert.Equal("opened 2 times", list.QuerySelector(".share-link .times-opened")!.TextContent);
        Assert.Contains("last opened 15 Jun 2026, 12:01", list.QuerySelector(".share-link")!.TextContent);
        Assert.Contains("Alcohol clock, today's check-in", list.QuerySelector(".share-link .share-scope")!.TextContent);

        // Wider: habit streaks and relapse dates, then both tracks.
        var id = await LinkIdAsync(app, token);
        var scope = new Dictionary<string, string> { ["Scope.Tracks[0]"] = alcohol.Id.ToString(), ["Scope.Tracks[1]"] = betting.Id.ToString(), ["Scope.Habits"] = "true", ["Scope.RelapseDates"] = "true" };
        var changed = await user.PostFormAsync($"/account/shares/scope?id={id}", scope, tokenFrom: "/account/shares");
        Assert.Equal($"/account/shares#link-{id}", changed.Headers.Location?.OriginalString);
        page = await supporter.GetDocumentAsync($"/s/{token}");
        Assert.Equal(["Alcohol", "Betting"], page.QuerySelectorAll(".shared-track h2").Select(h => h.TextContent));
        Assert.Equal(["3 Jun 2026", "12 Jun 2026"], page.QuerySelectorAll(".relapse-days").Select(p => p.TextContent)); // two that day: one date, nothing "earlier"
        Assert.Equal(["Meeting", "Morning walk"], page.QuerySelectorAll(".shared-habit > span:first-child").Select(s => s.TextContent).Order());
        Assert.Contains("1-day streak · done today", page.QuerySelectorAll(".shared-habit").Single(h => h.TextContent.Contains("Morning walk")).TextContent);
        Assert.Null(page.QuerySelector("#shared-check-in"));

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
        var (user, alcohol, _) = await SeedAsync(app);
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
    public async Task Guesses_are_limited_per_address_while_working_links_still_open_there_and_a_token_in_capitals_opens()
    {
        await using var app = await SovereignApp.CreateAsync(provider, clock: new FakeTimeProvider(Now), services: ClientAddresses.Add);
        app.Settings["RateLimits:ShareMissesPerHourPerAddress"] = "5";
        var (user, alcohol, _) = await SeedAsync(app);
        var token = await CreateAsync(user, Form("Sam", "Alex", [alcohol.Id]));
        var guesser = ClientAddresses.From(app, "203.0.113.7");
        Assert.Equal(HttpStatusCode.OK, (await guesser.GetAsync($"/s/{token.ToUpperInvariant()}")).StatusCode);
        foreach (var guess in new[] { "x", new string('0', 32), "..%2F..%2Fetc%2Fpasswd", new string('g', 32), token[..31] })
            Assert.Equal(HttpStatusCode.NotFound, (await guesser.GetAsync($"/s/{guess}")).StatusCode);
        // Five misses: every further miss from this address is a 429 for the rest of the hour, but a working link opens.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await guesser.GetAsync($"/s/{new string('1', 32)}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await guesser.GetAsync($"/s/{token}")).StatusCode);
        // Another address has its own allowance; an IPv6 client counts by its /64.
        Assert.Equal(HttpStatusCode.NotFound, (await ClientAddresses.From(app, "198.51.100.2").GetAsync($"/s/{new string('1', 32)}")).StatusCode);
        for (var i = 0; i < 5; i++) await ClientAddresses.From(app, $"2001:db8:1:2::{i + 1}").GetAsync($"/s/{new string('2', 32)}");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await ClientAddresses.From(app, "2001:db8:1:2::99").GetAsync($"/s/{new string('2', 32)}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ClientAddresses.From(app, "2001:db8:1:3::1").GetAsync($"/s/{new string('2', 32)}")).StatusCode);
        // A supporter's page refreshing itself all day never counts.
        var supporter = ClientAddresses.From(app, "192.0.2.44");
        for (var i = 0; i < 20; i++)
            Assert.Equal(HttpStatusCode.OK, (await supporter.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/s/{token}").Htmx())).StatusCode);
    }

    [Fact]
    public async Task The_token_never_reaches_a_log_line_even_when_a_warning_is_written_during_a_visit()
    {
        await using var app = await SovereignApp.CreateAsync(provider, clock: new FakeTimeProvider(Now), services: ClientAddresses.Add);
        var (user, alcohol, _) = await SeedAsync(app);
        var token = await CreateAsync(user, Form("Sam", "Alex", [alcohol.Id]));
        // A proxy the app does not trust: the app warns, within the visit's log scope (which names the request's path).
        var visitor = ClientAddresses.From(app, "203.0.113.9");
        visitor.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.7");
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/s/{token}")).StatusCode);
        var warning = Assert.Single(app.Logs.Entries, e => e.Category.EndsWith("ForwardedHeadersWarning", StringComparison.Ordinal));
        Assert.Equal("/s/[token]", warning.Scope["RequestPath"]);
        Assert.DoesNotContain(app.Logs.Entries, e => $"{e.Message} {e.Exception} {string.Join(" ", e.Scope.Values)}".Contains(token, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Bad_input_is_a_422_with_its_message_and_another_users_track_or_link_is_a_404_and_nothing_is_written()
    {
        await using var app = await SovereignApp.CreateAsync(provider, clock: new FakeTimeProvider(Now));
        var (user, alcohol, _) = await SeedAsync(app);
        var (other, othersTrack, _) = await SeedAsync(app);
        var othersToken = await CreateAsync(other, Form("Theirs", "Kim", [othersTrack.Id]));
        var othersLink = await LinkIdAsync(app, othersToken);

        async Task Refused(Dictionary<string, string> form, string message)
        {
            var response = await user.PostFormAsync("/account/shares/create", form, tokenFrom: "/account/shares");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Contains(message, (await TestUser.ParseAsync(response)).QuerySelector("#new-share")!.TextContent);
        }
        await Refused(Form("Sam", "Alex"), "Tick at least one thing for the page to show.");
        await Refused(Form("Sam", "Alex", habits: true, relapseDates: true), "Relapse dates show for the tracks you tick");
        await Refused(Form("", "Alex", habits: true), "Say who the link is for");
        await Refused(Form("Sam", " ", habits: true), "Enter the name they know you by.");
        await Refused(Form(new string('x', 101), "Alex", habits: true), "Keep the label to 100 characters.");
        await Refused(Form("Sam", new string('x', 61), habits: true), "Keep the name to 60 characters.");
        await Refused(Form("Sam", "Alex", habits: true, expiry: "5"), "Choose 7, 30 or 90 days, or never.");
        var malformed = Form("Sam", "Alex", habits: true);
        malformed["Share.Tracks[0]"] = "not-a-guid";
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await user.PostFormAsync("/account/shares/create", malformed, tokenFrom: "/account/shares")).StatusCode);

        var theirs = await user.PostFormAsync("/account/shares/create", Form("Sam", "Alex", [othersTrack.Id]), tokenFrom: "/account/shares");
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        var scope = new Dictionary<string, string> { ["Scope.Habits"] = "true" };
        Assert.Equal(HttpStatusCode.NotFound, (await user.PostFormAsync($"/account/shares/scope?id={othersLink}", scope, tokenFrom: "/account/shares")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await user.PostFormAsync($"/account/shares/revoke?id={othersLink}", [], tokenFrom: "/account/shares")).StatusCode);
        var mine = await LinkIdAsync(app, await CreateAsync(user, Form("Sam", "Alex", [alcohol.Id])));
        var intoTheirs = new Dictionary<string, string> { ["Scope.Tracks[0]"] = othersTrack.Id.ToString() };
        Assert.Equal(HttpStatusCode.NotFound, (await user.PostFormAsync($"/account/shares/scope?id={mine}", intoTheirs, tokenFrom: "/account/shares")).StatusCode);
        var empty = await user.PostFormAsync($"/account/shares/scope?id={mine}", new() { ["Scope.Habits"] = "false" }, tokenFrom: "/account/shares");
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
        var (user, alcohol, _) = await SeedAsync(app);
        var sam = await CreateAsync(user, Form("Sam", "Alex", [alcohol.Id]));
        var mum = await CreateAsync(user, Form("Mum", "Lexie", habits: true));
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
        var (user, alcohol, betting) = await SeedAsync(app);
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
        Assert.Equal(4, System.Text.Json.JsonDocument.Parse(export).RootElement.GetProperty("version").GetInt32());

        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync($"/tracks/{betting.Id}/delete", new() { ["confirm"] = "delete" }, tokenFrom: $"/tracks/{betting.Id}")).StatusCode);
        var page = await supporter.GetDocumentAsync($"/s/{token}");
        Assert.Equal(["Alcohol"], page.QuerySelectorAll(".shared-track h2").Select(h => h.TextContent));

        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync("/account?handler=Delete", new() { ["Delete.Password"] = user.Password }, tokenFrom: "/account")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supporter.GetAsync($"/s/{token}")).StatusCode);
        await using var db = app.NewDbContext();
        Assert.False(await db.ShareLinks.AnyAsync());
        Assert.False(await db.ShareLinkTracks.AnyAsync());
    }

    /// <summary>The model's text columns that are not free text (codes, hashes, settings), so need no canary.</summary>
    private static readonly HashSet<string> NotFreeText =
    [
        "users.password_hash", "users.recovery_code_hash", "users.time_zone", "recovery_tracks.currency", "share_links.token_hash",
        "sign_in_failures.account_key", "sign_in_failures.client_key", "data_protection_keys.friendly_name", "data_protection_keys.xml",
    ];

    [Fact]
    public async Task No_free_text_reaches_a_shared_page_for_any_scope_only_the_names_the_scope_shows()
    {
        await using var app = await SovereignApp.CreateAsync(provider, clock: new FakeTimeProvider(Now));
        var user = await TestUser.RegisterAsync(app, email: "canaryemail@example.com", username: "canaryusername", timeZone: "Pacific/Kiritimati");
        // A distinct canary in every free-text column of the user's data (the device is what the browser said it was).
        var canaries = new Dictionary<string, string>();
        string Canary(string column) => canaries[column] = "canary" + column.Replace("_", "").Replace(".", "") + "x";
        var trackA = new RecoveryTrack { UserId = user.Id, Name = Canary("recovery_tracks.name"), Reasons = Canary("recovery_tracks.reasons"), Kind = TrackKind.Alcohol };
        var trackB = new RecoveryTrack { UserId = user.Id, Name = "canarysecondtrackx", Reasons = "canarysecondreasonsx", Kind = TrackKind.Gambling, Position = 1 };
        var habit = new Habit { UserId = user.Id, Name = Canary("habits.name"), Description = Canary("habits.description") };
        var local = DateOnly.FromDateTime(Now.UtcDateTime);
        var checkIn = new Sovereign.Web.Models.CheckIn { UserId = user.Id, LocalDate = local, Mood = 2, Craving = 7, EveningAt = Now.UtcDateTime, WentWell = Canary("check_ins.went_well"), Note = Canary("check_ins.note") };
        checkIn.Commitments.Add(new CheckInCommitment { CheckInId = checkIn.Id, TrackId = trackA.Id, UserId = user.Id });
        await using (var db = app.NewDbContext())
        {
            db.AddRange(trackA, trackB, habit, checkIn,
                new HabitLog { HabitId = habit.Id, UserId = user.Id, LocalDate = local.AddDays(-1), CompletedAt = Now.UtcDateTime.AddDays(-1), Notes = Canary("habit_logs.notes") },
                new RelapseEvent { UserId = user.Id, TrackId = trackA.Id, OccurredAt = Now.UtcDateTime.AddDays(-2), TriggerType = TriggerType.Stress, Severity = 8, Notes = Canary("relapse_events.notes") },
                new RelapseEvent { UserId = user.Id, TrackId = trackB.Id, OccurredAt = Now.UtcDateTime.AddDays(-4), TriggerType = TriggerType.Stress, Severity = 8, Notes = "canarysecondrelapsex" },
                new UrgeEvent { UserId = user.Id, TrackId = trackA.Id, OccurredAt = Now.UtcDateTime.AddHours(-5), TriggerType = TriggerType.Stress, Intensity = 9,
                    Notes = Canary("urge_events.notes"), HelpedWith = Canary("urge_events.helped_with") },
                new PlanStep { UserId = user.Id, TriggerType = TriggerType.Stress, Text = Canary("plan_steps.text") },
                new SupportPerson { UserId = user.Id, Name = Canary("support_people.name"), Phone = "+1 555 0100", Note = Canary("support_people.note") });
            var row = await db.Users.SingleAsync(u => u.Id == user.Id);
            row.Helplines = "Line: " + Canary("users.helplines");
            foreach (var session in db.UserSessions.Where(s => s.UserId == user.Id)) session.Device = Canary("user_sessions.device");
            await db.SaveChangesAsync();
            db.RecoveryTracks.RemoveRange(db.RecoveryTracks.Where(t => t.UserId == user.Id && t.Name == RecoveryTrack.FirstTrackName));
            await db.SaveChangesAsync();
            canaries["users.email"] = "canaryemail";
            canaries["users.username"] = "canaryusername";
            canaries["support_people.phone"] = "555 0100";
            canaries["share_links.label"] = "canarylabel";
            canaries["share_links.display_name"] = "Alex";
            // Every text column of the model is either free text with its canary here, or named as not free text: a new column must choose.
            var columns = db.Model.GetEntityTypes().SelectMany(e => e.GetProperties().Where(p => p.ClrType == typeof(string) && p.GetValueConverter() is null)
                .Select(p => $"{e.GetTableName()}.{p.GetColumnName()}"));
            Assert.DoesNotContain(columns, c => !canaries.ContainsKey(c) && !NotFreeText.Contains(c));
        }

        var supporter = app.NewClient();
        var combinations = 0;
        foreach (var tracks in new[] { Array.Empty<Guid>(), [trackA.Id], [trackB.Id], [trackA.Id, trackB.Id] })
        foreach (var habits in new[] { false, true })
        foreach (var checkInShown in new[] { false, true })
        foreach (var relapseDates in new[] { false, true })
        {
            if (tracks.Length == 0 && (!habits && !checkInShown || relapseDates)) continue; // not a scope the form takes
            combinations++;
            var token = await CreateAsync(user, Form($"canarylabel{combinations}", "Alex", tracks, habits, checkInShown, relapseDates));
            var html = await (await supporter.GetAsync($"/s/{token}")).Content.ReadAsStringAsync();
            var allowed = new List<string> { canaries["share_links.display_name"] };
            if (tracks.Contains(trackA.Id)) allowed.Add(trackA.Name);
            if (tracks.Contains(trackB.Id)) allowed.Add(trackB.Name);
            if (habits) allowed.Add(habit.Name);
            var scope = $"tracks={tracks.Length} habits={habits} checkIn={checkInShown} dates={relapseDates}";
            foreach (var shown in allowed) Assert.True(html.Contains(shown, StringComparison.Ordinal), $"{scope}: {shown} missing");
            foreach (var (column, canary) in canaries.Where(c => !allowed.Contains(c.Value)))
                Assert.False(html.Contains(canary, StringComparison.OrdinalIgnoreCase), $"{scope}: {column} reached the shared page");
            foreach (var other in new[] { "canarysecondtrackx", "canarysecondreasonsx", "canarysecondrelapsex" }.Where(o => !allowed.Contains(o)))
                Assert.DoesNotContain(other, html, StringComparison.OrdinalIgnoreCase);
            // Nor the chosen answers: every relapse, urge and plan here is on stress, the evening's craving a 7.
            Assert.DoesNotContain("Stress", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("craving", html, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync($"/account/shares/revoke?id={await LinkIdAsync(app, token)}", [], tokenFrom: "/account/shares")).StatusCode);
        }
        Assert.Equal(3 * 8 + 3, combinations); // each of three track choices with anything else, and three scopes without a track
    }
}

public sealed class SharePagesTestsOnSqlite() : SharePagesTests(DatabaseProvider.Sqlite);

public sealed class SharePagesTestsOnPostgres() : SharePagesTests(DatabaseProvider.Postgres);

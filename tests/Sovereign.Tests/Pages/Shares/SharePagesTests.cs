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
    internal static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-06-15T12:00:00Z", CultureInfo.InvariantCulture);

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

    internal static async Task<Guid> LinkIdAsync(SovereignApp app, string token)
    {
        await using var db = app.NewDbContext();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));
        return await db.ShareLinks.Where(l => l.TokenHash == hash).Select(l => l.Id).SingleAsync();
    }

    /// <summary>A user with two tracks (a relapse on each), two habits (one done today), and this morning's commitment.</summary>
    internal static async Task<(TestUser User, RecoveryTrack Alcohol, RecoveryTrack Betting, Guid Walk, Guid Meeting)> SeedAsync(SovereignApp app)
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
}

public sealed class SharePagesTestsOnSqlite() : SharePagesTests(DatabaseProvider.Sqlite);

public sealed class SharePagesTestsOnPostgres() : SharePagesTests(DatabaseProvider.Postgres);

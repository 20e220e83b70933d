using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Sovereign.Tests.Pages.Shares;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;

namespace Sovereign.Tests.Sweeps;

/// <summary>
/// The one route open to anyone with a key: random tokens, hostile ones, revoked and expired ones all get the same
/// 404 (the same bytes, the same headers but the date, no cookie), nothing answers 5xx, and the working links keep working.
/// </summary>
public abstract class SharedRouteSweepTests(DatabaseProvider provider)
{
    [Fact]
    public async Task Random_hostile_revoked_and_expired_tokens_are_all_the_same_404_and_live_links_still_open()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-01T09:00:00Z", CultureInfo.InvariantCulture));
        await using var app = await SovereignApp.CreateAsync(provider, clock: clock);
        var user = await TestUser.RegisterAsync(app, timeZone: "Pacific/Kiritimati");
        var live = new List<string>();
        var dead = new List<string>();
        for (var i = 0; i < 4; i++) live.Add(await SharePagesTests.CreateAsync(user, SharePagesTests.Form($"Live {i}", "Alex", checkIn: true, expiry: "never")));
        for (var i = 0; i < 3; i++) dead.Add(await SharePagesTests.CreateAsync(user, SharePagesTests.Form($"Week {i}", "Alex", checkIn: true, expiry: "7")));
        for (var i = 0; i < 3; i++)
        {
            var token = await SharePagesTests.CreateAsync(user, SharePagesTests.Form($"Revoked {i}", "Alex", checkIn: true));
            var id = (await user.Client.GetDocumentAsync("/account/shares")).QuerySelectorAll(".share-link").Single(l => l.TextContent.Contains($"Revoked {i}")).Id![5..];
            Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync($"/account/shares/revoke?id={id}", [], tokenFrom: "/account/shares")).StatusCode);
            dead.Add(token);
        }
        clock.Advance(TimeSpan.FromDays(7)); // the week links expire now

        string[] hostile = ["x", "..%2F..%2Fetc%2Fpasswd", new string('a', 31), new string('a', 33), new string('z', 32), new string('f', 5000),
            "00000000-0000-0000-0000-000000000000", "%3Cscript%3E", "%F0%9F%A7%98", Uri.EscapeDataString("' OR 1=1 --"), live[0] + "0", live[0][..31] + "%20"];
        var random = Enumerable.Range(0, 200).Select(_ => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        var supporter = app.NewClient();
        string? notFoundPage = null;
        var tried = 0;
        foreach (var token in random.Concat(hostile).Concat(dead).Concat(dead.Select(d => d.ToUpperInvariant())))
        {
            var response = await supporter.GetAsync($"/s/{token}");
            tried++;
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"/s/{token[..Math.Min(40, token.Length)]}: {(int)response.StatusCode}");
            Assert.Equal("noindex, nofollow", response.Headers.GetValues("X-Robots-Tag").Single());
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            Assert.False(response.Headers.Contains("Set-Cookie"));
            // The same page to the byte, and the same headers but the date.
            var page = await response.Content.ReadAsStringAsync() + string.Join("\n", response.Headers.Concat(response.Content.Headers)
                .Where(h => h.Key != "Date").OrderBy(h => h.Key).Select(h => $"{h.Key}: {string.Join(",", h.Value)}"));
            Assert.Equal(notFoundPage ??= page, page);
        }
        Assert.Equal(200 + hostile.Length + 12, tried);
        foreach (var token in live) Assert.Equal(HttpStatusCode.OK, (await supporter.GetAsync($"/s/{token}")).StatusCode);
    }
}

public sealed class SharedRouteSweepTestsOnSqlite() : SharedRouteSweepTests(DatabaseProvider.Sqlite);

public sealed class SharedRouteSweepTestsOnPostgres() : SharedRouteSweepTests(DatabaseProvider.Postgres);

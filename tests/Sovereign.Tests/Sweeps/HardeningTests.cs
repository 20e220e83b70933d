using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Models;

namespace Sovereign.Tests.Sweeps;

/// <summary>Caching, proxies, hosts, cookies and keys: the smaller points of the outside review.</summary>
public abstract class HardeningTests(DatabaseProvider provider)
{
    [Fact]
    public async Task Every_signed_in_answer_and_fragment_is_no_store_and_varies_by_HX_Request()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        await using (var db = app.NewDbContext())
        {
            var start = DateTime.UtcNow.AddDays(-60);
            db.Add(Entities.Track(user.Id));
            db.RelapseEvents.AddRange(Enumerable.Range(0, 30).Select(i => new RelapseEvent
                { UserId = user.Id, TrackId = user.Id, OccurredAt = start.AddDays(i), TriggerType = TriggerType.Stress, Severity = 3, Notes = "a private note" }));
            db.UrgeEvents.AddRange(Enumerable.Range(0, 30).Select(i => new UrgeEvent
                { UserId = user.Id, TrackId = user.Id, OccurredAt = start.AddDays(i), TriggerType = TriggerType.Stress, Intensity = 3, Notes = "a private note" }));
            await db.SaveChangesAsync();
        }
        var timeline = await user.Client.GetDocumentAsync("/relapse");
        var urges = await user.Client.GetDocumentAsync("/urges");
        var fragments = new[] { timeline, urges }.Select(p => p.QuerySelector("[hx-get*='after=']")!.GetAttribute("hx-get")!).ToList();
        Assert.Equal(2, fragments.Count);

        foreach (var url in new[] { "/dashboard", "/relapse", "/urges", "/account", "/account/export" }.Concat(fragments))
        {
            var response = await user.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, url).Htmx());
            Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode}");
            Assert.True(response.Headers.CacheControl?.NoStore == true, $"{url}: Cache-Control {response.Headers.CacheControl}");
            Assert.True(response.Headers.Vary.Contains("HX-Request"), $"{url}: Vary {string.Join(",", response.Headers.Vary)}");
        }
        // Static files keep their own long caching.
        var css = await user.Client.GetAsync(timeline.QuerySelector("link[rel=stylesheet]")!.GetAttribute("href"));
        Assert.False(css.Headers.CacheControl?.NoStore ?? false);
    }

    [Theory]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:ffff:eeee:dddd:9", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:3::1", "2001:db8:1:3::/64")]
    [InlineData("::ffff:192.0.2.1", "192.0.2.1")]
    [InlineData("192.0.2.1", "192.0.2.1")]
    public void Rate_limits_count_an_IPv6_client_by_its_64(string address, string key) =>
        Assert.Equal(key, ClientAddress.Key(IPAddress.Parse(address)));

    [Fact]
    public async Task A_proxy_in_a_known_network_is_believed_and_a_stranger_sending_forwarded_headers_is_logged()
    {
        await using var app = await SovereignApp.CreateAsync(provider, services: ClientAddresses.Add);
        app.Settings["ForwardedHeaders:KnownNetworks"] = "10.0.0.0/8";
        app.Settings["Auth:AttemptsPerMinutePerAddress"] = "2";
        async Task<HttpStatusCode> SignInAsync(string peer, string forwardedFor)
        {
            var client = ClientAddresses.From(app, peer);
            client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
            return (await TestUser.PostFormAsync(client, "/auth/login", new() { ["Input.Login"] = "someone", ["Input.Password"] = "a wrong guess" })).StatusCode;
        }

        // Behind the trusted proxy, each client has its own allowance.
        Assert.Equal([HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity, HttpStatusCode.TooManyRequests],
            [await SignInAsync("10.1.2.3", "203.0.113.1"), await SignInAsync("10.1.2.3", "203.0.113.1"), await SignInAsync("10.1.2.3", "203.0.113.1")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await SignInAsync("10.1.2.3", "203.0.113.2"));
        Assert.DoesNotContain(app.Logs.Entries, e => e.Message.Contains("not a trusted proxy"));

        // From a peer outside the known networks the header is ignored (its own address counts), and said so in the log.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await SignInAsync("198.51.100.7", "203.0.113.1"));
        Assert.Contains(app.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("198.51.100.7, which is not a trusted proxy"));
    }

    [Fact]
    public async Task With_AllowedHosts_set_another_Host_header_is_refused()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        app.Settings["AllowedHosts"] = "sovereign.example;localhost";
        var client = app.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        var evil = new HttpRequestMessage(HttpMethod.Get, "/auth/login");
        evil.Headers.Host = "evil.example";
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(evil)).StatusCode);
    }

    [Fact]
    public async Task The_key_ring_in_the_database_is_encrypted_with_a_certificate_kept_elsewhere()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        await TestUser.RegisterAsync(app); // signing in needs a key
        await using var db = app.NewDbContext();
        var keys = await db.DataProtectionKeys.Select(k => k.Xml).ToListAsync();
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("EncryptedData", xml);
            Assert.DoesNotContain("<value>", xml); // where an unencrypted key keeps its secret
        });
        Assert.DoesNotContain(app.Logs.Entries, e => e.Message.Contains("No XML encryptor configured"));
    }
}

public sealed class HardeningTestsOnSqlite() : HardeningTests(DatabaseProvider.Sqlite);

public sealed class HardeningTestsOnPostgres() : HardeningTests(DatabaseProvider.Postgres);

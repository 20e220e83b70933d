using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Infrastructure;

namespace Sovereign.Tests.Pages;

public abstract class ShellTests(DatabaseProvider provider)
{
    [Fact]
    public async Task The_landing_page_renders_in_the_layout_with_local_assets_only()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var page = await app.NewClient().GetDocumentAsync("/");

        Assert.Contains("Build the days that keep you well", page.QuerySelector("h1")!.TextContent);
        Assert.NotNull(page.QuerySelector("nav.navbar"));
        var assets = page.QuerySelectorAll("script[src], link[href]").Select(e => e.GetAttribute("src") ?? e.GetAttribute("href")!).ToList();
        Assert.Contains(assets, a => a.StartsWith("/lib/bootstrap/bootstrap.min", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.StartsWith("/lib/htmx/htmx.min", StringComparison.Ordinal));
        Assert.All(assets, a => Assert.StartsWith("/", a));
        Assert.All(assets, a => Assert.False(a.StartsWith("//", StringComparison.Ordinal), a));
        Assert.NotEmpty(page.AntiforgeryToken());
    }

    [Fact]
    public async Task Vendored_assets_are_served_with_long_lived_caching()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        // Published output (production) caches by default; a build output, as tests run from, only when asked.
        app.Settings["EnableStaticAssetsDevelopmentCaching"] = "true";
        var client = app.NewClient();
        var page = await client.GetDocumentAsync("/");
        var htmx = page.QuerySelector("script[src*='htmx']")!.GetAttribute("src")!;
        Assert.Matches(@"^/lib/htmx/htmx\.min\.[a-z0-9]{10}\.js$", htmx);

        var response = await client.GetAsync(htmx);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("htmx", await response.Content.ReadAsStringAsync());
        Assert.Contains("immutable", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Every_answer_carries_the_security_headers_and_no_server_name()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var client = app.NewClient();
        foreach (var url in new[] { "/", "/no-such-page", "/healthz" })
        {
            var response = await client.GetAsync(url);
            var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
            Assert.Equal(SecurityHeaders.ContentSecurityPolicy, csp);
            Assert.Contains("script-src 'self'", csp);
            Assert.DoesNotContain("unsafe-inline", csp);
            Assert.DoesNotContain("unsafe-eval", csp);
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.True(response.Headers.Contains("Permissions-Policy"));
            Assert.False(response.Headers.Contains("Server"), url);
        }
    }

    [Fact]
    public async Task Production_sends_HSTS_over_https()
    {
        await using var app = await SovereignApp.CreateAsync(provider, environment: "Production");
        var request = new HttpRequestMessage(HttpMethod.Get, "https://sovereign.example/healthz");
        var response = await app.NewClient().SendAsync(request);
        Assert.Contains("max-age=31536000", response.Headers.GetValues("Strict-Transport-Security").Single());
    }

    [Fact]
    public async Task An_unknown_url_shows_the_404_page_in_the_layout()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var response = await app.NewClient().GetAsync("/habits-of-someone-else/42");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("We couldn't find that", page.QuerySelector("h1")!.TextContent);
        Assert.NotNull(page.QuerySelector("nav.navbar"));
    }

    [Fact]
    public async Task An_htmx_request_for_an_unknown_url_gets_a_toast_fragment_aimed_at_the_alerts()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var response = await app.NewClient().SendAsync(new HttpRequestMessage(HttpMethod.Get, "/nothing-here").Htmx());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<html", html);
        Assert.Contains("We couldn't find that", Html.Parse(html).QuerySelector(".toast")!.TextContent);
        Assert.Equal("#alerts", response.Headers.GetValues("HX-Retarget").Single());
    }

    [Fact]
    public async Task A_post_without_an_antiforgery_token_is_refused_with_400()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var client = app.NewClient();
        await client.GetDocumentAsync("/"); // the antiforgery cookie, as a browser would have it
        var response = await client.PostAsync("/", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("That request could not be processed", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_thrown_exception_shows_the_500_page_without_internals_and_logs_it_with_the_trace_id()
    {
        await using var app = await SovereignApp.CreateAsync(provider, services: s => s.AddSingleton<IStartupFilter>(new ThrowingEndpoint()));
        var response = await app.NewClient().GetAsync("/test/throw");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var page = Html.Parse(html);
        Assert.Equal("Something went wrong on our side", page.QuerySelector("h1")!.TextContent);
        Assert.DoesNotContain(ThrowingEndpoint.Secret, html);
        Assert.DoesNotContain("InvalidOperationException", html);
        Assert.DoesNotContain("Sovereign.Tests", html);

        var traceId = page.QuerySelector("code")!.TextContent;
        var logged = Assert.Single(app.Logs.Entries, e => e.Level == LogLevel.Error && e.Exception?.Message == ThrowingEndpoint.Secret);
        Assert.Equal(traceId, logged.TraceId);
        Assert.Matches("^[0-9a-f]{32}$", traceId);
    }

    [Fact]
    public async Task Development_shows_the_detailed_exception_page()
    {
        await using var app = await SovereignApp.CreateAsync(provider, environment: "Development",
            services: s => s.AddSingleton<IStartupFilter>(new ThrowingEndpoint()));
        var response = await app.NewClient().GetAsync("/test/throw");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains(ThrowingEndpoint.Secret, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_and_readiness_answer_when_the_database_is_reachable()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var client = app.NewClient();
        Assert.Equal("ok", await client.GetStringAsync("/healthz"));
        Assert.Equal("ready", await client.GetStringAsync("/readyz"));
    }

    [Fact]
    public async Task Readiness_fails_with_503_when_PostgreSQL_is_unreachable_while_health_stays_up()
    {
        await using var app = await SovereignApp.CreateAsync(DatabaseProvider.Postgres);
        app.Settings["Database:MigrateOnStartup"] = "false";
        app.Settings["ConnectionStrings:Sovereign"] = "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none;Timeout=2";
        var client = app.NewClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task When_PostgreSQL_is_down_pages_that_need_it_answer_503_with_the_friendly_page()
    {
        await using var app = await SovereignApp.CreateAsync(DatabaseProvider.Postgres, environment: "Production");
        app.Settings["Database:MigrateOnStartup"] = "false";
        app.Settings["ConnectionStrings:Sovereign"] = "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none;Timeout=2";
        var client = app.NewClient();
        // The sign-in form needs the Data Protection key ring, which lives in the database.
        var response = await client.GetAsync("/auth/login");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Sovereign is briefly unavailable", page.QuerySelector("h1")!.TextContent);
        Assert.DoesNotContain("Npgsql", page.Body!.TextContent);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode); // the process is fine
    }

    [Fact]
    public async Task Under_a_path_base_every_link_form_and_redirect_stays_under_it()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        app.Settings["PathBase"] = "/sovereign";
        var client = app.NewClient();
        var signedIn = await TestUser.RegisterAndSignInAsync(client, "base@example.org", "base", pathBase: "/sovereign");
        Assert.Equal("/sovereign/dashboard", signedIn.Headers.Location?.OriginalString);
        var created = await TestUser.PostFormAsync(client, "/sovereign/habits/new", TestUser.HabitForm("Walk"));
        Assert.Equal("/sovereign/habits", created.Headers.Location?.OriginalString);

        var dashboard = await client.GetDocumentAsync("/sovereign/dashboard");
        var habitPath = dashboard.QuerySelector("article.habit-card h3 a")!.GetAttribute("href")!;
        foreach (var url in new[] { "/sovereign/dashboard", "/sovereign/habits", habitPath, "/sovereign/relapse", "/sovereign/relapse/new", "/sovereign/urges", "/sovereign/insights", "/sovereign/account", "/sovereign/help" })
        {
            var page = await client.GetDocumentAsync(url);
            var local = page.QuerySelectorAll("[href], [action], [formaction], [src], [hx-get], [hx-post]")
                .SelectMany(e => new[] { "href", "action", "formaction", "src", "hx-get", "hx-post" }.Select(e.GetAttribute))
                .OfType<string>().Where(v => v.StartsWith('/')).ToList();
            Assert.NotEmpty(local);
            Assert.All(local, v => Assert.True(v == "/sovereign" || v.StartsWith("/sovereign/", StringComparison.Ordinal), $"{url}: {v}"));
        }

        // Without JavaScript the card's form posts and comes back, still under the base.
        var token = dashboard.AntiforgeryToken();
        var done = await client.PostAsync($"{habitPath}/complete", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["returnUrl"] = dashboard.QuerySelector("#actions input[name=returnUrl]")!.GetAttribute("value")!,
        }));
        Assert.Equal("/sovereign/dashboard", done.Headers.Location?.OriginalString);
    }

    /// <summary>Adds GET /test/throw in front of the app, to see what a bug in a handler looks like from outside.</summary>
    private sealed class ThrowingEndpoint : IStartupFilter
    {
        public const string Secret = "connection string Password=hunter2 and SELECT * FROM users";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Map("/test/throw", branch => branch.Run(_ => throw new InvalidOperationException(Secret)));
        };
    }
}

public sealed class ShellTestsOnSqlite() : ShellTests(DatabaseProvider.Sqlite);

public sealed class ShellTestsOnPostgres() : ShellTests(DatabaseProvider.Postgres);

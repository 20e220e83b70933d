using System.Net;
using Microsoft.EntityFrameworkCore;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Shares;

namespace Sovereign.Tests.Sweeps;

/// <summary>Sweeps over every route the app has, read from its own metadata, so a new page is covered the day it is added.</summary>
public abstract class SecuritySweepTests(DatabaseProvider provider)
{
    private static readonly string[] StateChanging = ["POST", "PUT", "PATCH", "DELETE"];

    /// <summary>Values for route parameters that are not ids of somebody's data.</summary>
    private static readonly Dictionary<string, string> PlainParameters = new()
    {
        ["format"] = "json", ["code"] = "404", ["handler"] = "", ["date"] = TestDates.Text(TestDates.Today(TestUser.DefaultTimeZone).AddDays(-1)),
        // A share token is nobody's id but a key: a wrong one is a 404 for everyone (the shared route has its own sweep).
        ["token"] = ShareService.NewToken(),
    };

    [Fact]
    public async Task Every_state_changing_endpoint_refuses_a_request_without_an_antiforgery_token_and_changes_nothing()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        var routes = await Routes.AllAsync(app.Services);
        // The error page renders errors for any method and so ignores the token (a refused POST shows its 400 page there).
        var posts = routes.Where(r => StateChanging.Contains(r.Method) && !r.Template.StartsWith("error", StringComparison.Ordinal)).ToList();
        Assert.Contains(posts, r => r.Url() == "/auth/login");
        Assert.Contains(posts, r => r.Url() == "/account/delete");
        var before = await SnapshotAsync(app);

        foreach (var route in posts)
        {
            var url = route.Url(Ids(route, Guid.CreateVersion7().ToString()));
            var response = await user.Client.SendAsync(new HttpRequestMessage(new HttpMethod(route.Method), url)
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Delete.Password"] = user.Password }),
            });
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{route}: {(int)response.StatusCode}");
            var htmx = await user.Client.SendAsync(new HttpRequestMessage(new HttpMethod(route.Method), url).Htmx());
            Assert.True(htmx.StatusCode == HttpStatusCode.BadRequest, $"{route} (htmx): {(int)htmx.StatusCode}");
        }
        Assert.Equal(before, await SnapshotAsync(app));
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/account")).StatusCode); // still signed in
    }

    [Fact]
    public async Task Every_route_with_another_users_ids_answers_404_and_changes_nothing()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var owner = await TestUser.RegisterAsync(app);
        var intruder = await TestUser.RegisterAsync(app);
        var idsByArea = await OwnerIdsAsync(app, owner);
        var routes = (await Routes.AllAsync(app.Services)).Where(r => r.Parameters.Any(p => !PlainParameters.ContainsKey(p))).ToList();
        var before = await SnapshotAsync(app);

        Assert.Contains(routes, r => r.Template.StartsWith("urges/", StringComparison.Ordinal));
        foreach (var route in routes)
        {
            var ownerIds = idsByArea.GetValueOrDefault(route.Template.Split('/')[0]) ?? [];
            var missing = route.Parameters.Where(p => !PlainParameters.ContainsKey(p) && !ownerIds.ContainsKey(p)).ToList();
            Assert.True(missing.Count == 0, $"{route}: add an id of the owner's for {{{string.Join("}, {", missing)}}} to this sweep.");
            var url = route.Url(new Dictionary<string, string>(PlainParameters.Where(p => p.Key != "handler").Concat(ownerIds)));
            var request = new HttpRequestMessage(new HttpMethod(route.Method), url);
            if (route.Method != "GET")
                request.Htmx((await intruder.Client.GetDocumentAsync("/dashboard")).AntiforgeryToken());
            var response = await intruder.Client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{route} ({url}): {(int)response.StatusCode}");
        }

        // Ids in the query string (?id=, ?track=, ?from=, ?session=): each handler is given an id of the owner's of the kind it takes.
        var queryRoutes = (await Routes.AllAsync(app.Services)).Where(r => r.QueryIds.Count > 0).ToList();
        Assert.Contains(queryRoutes, r => r.Page == "/Shares/Index" && r.Handler == "Revoke");
        foreach (var page in new[] { "/Urges/Index", "/Relapse/Index", "/Insights/Index" })
            Assert.Contains(queryRoutes, r => r.Page == page && r.Method == "GET" && r.QueryIds.Contains("track"));
        foreach (var route in queryRoutes)
        foreach (var name in route.QueryIds)
        {
            Assert.True(idsByArea["?"].TryGetValue($"{route.Page}:{route.Handler}:{name}", out var id), $"{route}: add an id of the owner's for ?{name} to this sweep.");
            var path = route.Url(Ids(route, Guid.CreateVersion7().ToString()));
            var url = $"{path}{(path.Contains('?') ? '&' : '?')}{name}={id}";
            var request = new HttpRequestMessage(new HttpMethod(route.Method), url);
            if (route.Method != "GET")
                request.Htmx((await intruder.Client.GetDocumentAsync("/dashboard")).AntiforgeryToken());
            var response = await intruder.Client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{route} ({url}): {(int)response.StatusCode}");
        }
        Assert.Equal(before, await SnapshotAsync(app));
    }

    [Fact]
    public async Task Every_page_sends_the_security_headers_signed_in_and_out()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        var gets = (await Routes.AllAsync(app.Services)).Where(r => r.Method == "GET").ToList();
        Assert.True(gets.Count >= 8, $"only {gets.Count} GET routes found");

        foreach (var client in new[] { app.NewClient(), user.Client })
        foreach (var route in gets)
        {
            var url = route.Url(Ids(route, Guid.CreateVersion7().ToString()));
            var response = await client.GetAsync(url);
            Assert.True((int)response.StatusCode < 500, $"{route}: {(int)response.StatusCode}");
            Assert.Equal(SecurityHeaders.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.True(response.Headers.Contains("Permissions-Policy"), url);
            Assert.False(response.Headers.Contains("Server"), url);
        }
    }

    [Fact]
    public async Task A_handler_a_page_does_not_have_is_a_404_on_every_page_and_runs_nothing()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        var token = (await user.Client.GetDocumentAsync("/dashboard")).AntiforgeryToken();
        var pages = (await Routes.AllAsync(app.Services)).Where(r => r.IsPage && r.Method == "GET" && !r.Template.StartsWith("error", StringComparison.Ordinal)).ToList();
        foreach (var route in pages)
        {
            var url = route.Url(Ids(route, Guid.CreateVersion7().ToString()));
            var bogus = url + (url.Contains('?') ? "&" : "?") + "handler=NoSuchThing";
            var request = new HttpRequestMessage(HttpMethod.Post, bogus).Htmx(token);
            var response = await user.Client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"POST {bogus}: {(int)response.StatusCode}");
        }
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/account")).StatusCode); // not signed out by /auth/logout?handler=…
    }

    [Fact]
    public async Task Signed_out_every_private_route_sends_to_the_login_page()
    {
        await using var app = await SovereignApp.CreateAsync(provider, services: TestEndpoints.Add);
        var client = app.NewClient();
        var token = (await client.GetDocumentAsync("/")).AntiforgeryToken();
        var routes = (await Routes.AllAsync(app.Services)).Where(r => !r.AllowsAnonymous).ToList();
        Assert.Contains(routes, r => r.Url() == "/account");
        Assert.Contains(routes, r => r.Template == TestEndpoints.Template); // an endpoint that says nothing about sign-in needs it

        foreach (var route in routes)
        {
            var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Url(Ids(route, Guid.CreateVersion7().ToString())));
            if (route.Method != "GET") request.Headers.Add("RequestVerificationToken", token);
            var response = await client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{route}: {(int)response.StatusCode}");
            Assert.StartsWith("/auth/login?returnUrl=", response.Headers.Location!.OriginalString);
        }
    }

    [Fact]
    public async Task Private_by_default_a_signed_out_script_gets_401_a_browser_the_sign_in_page_and_a_missing_page_a_404()
    {
        await using var app = await SovereignApp.CreateAsync(provider, services: TestEndpoints.Add);
        var client = app.NewClient();
        async Task<HttpResponseMessage> Get(string url, string accept)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.ParseAdd(accept);
            return await client.SendAsync(request);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get("/dashboard", "application/json")).StatusCode);
        var endpoint = $"/test/endpoint/{Guid.CreateVersion7()}";
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get(endpoint, "application/json")).StatusCode);
        var browser = await Get("/dashboard", "text/html,application/xhtml+xml,*/*;q=0.8");
        Assert.Equal(HttpStatusCode.Redirect, browser.StatusCode);
        Assert.StartsWith("/auth/login?returnUrl=", browser.Headers.Location!.OriginalString);
        foreach (var missing in new[] { "/no/such/page", "/wp-login.php", "/s" })
            Assert.Equal(HttpStatusCode.NotFound, (await Get(missing, "text/html")).StatusCode);
        // The mapped endpoints say themselves whether they are public: only the health checks, the app's manifest and a
        // supporter's notifications (the link's token is their key) are.
        var endpoints = (await Routes.AllAsync(app.Services)).Where(r => !r.IsPage).ToList();
        Assert.Equal(["/healthz", "/manifest.webmanifest", "/readyz", "/s/{token}/notifications", "/s/{token}/notifications/stop"],
            endpoints.Where(r => r.AllowsAnonymous).Select(r => r.Template).Distinct().Order());
        Assert.Equal(HttpStatusCode.OK, (await Get("/healthz", "text/plain")).StatusCode);
        var user = await TestUser.RegisterAsync(app);
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync(endpoint)).StatusCode);
    }

    private static Dictionary<string, string> Ids(AppRoute route, string id) =>
        route.Parameters.Where(p => p != "handler").ToDictionary(p => p, p => PlainParameters.GetValueOrDefault(p) ?? id);

    /// <summary>For each route parameter that names somebody's data, an id of the owner's.</summary>
    /// <summary>The owner's ids, by the first segment of the route they belong to (habits/…, relapse/…, urges/…).</summary>
    private static async Task<Dictionary<string, Dictionary<string, string>>> OwnerIdsAsync(SovereignApp app, TestUser owner)
    {
        await using var db = app.NewDbContext();
        var habit = new Habit { UserId = owner.Id, Name = "Owner's habit" };
        var track = new RecoveryTrack { UserId = owner.Id, Name = "Owner's track", Kind = TrackKind.Gambling };
        var relapse = new RelapseEvent { UserId = owner.Id, TrackId = track.Id, OccurredAt = DateTime.UtcNow.AddHours(-1), TriggerType = TriggerType.Stress, Severity = 3 };
        var urge = new UrgeEvent { UserId = owner.Id, TrackId = track.Id, OccurredAt = DateTime.UtcNow.AddHours(-2), TriggerType = TriggerType.Other, Intensity = 6 };
        var step = new PlanStep { UserId = owner.Id, TriggerType = TriggerType.Stress, Text = "Owner's plan" };
        var yesterday = TestDates.Today(TestUser.DefaultTimeZone).AddDays(-1);
        var checkIn = new CheckIn { UserId = owner.Id, LocalDate = yesterday, Mood = 3, Craving = 2, EveningAt = DateTime.UtcNow.AddDays(-1) };
        checkIn.Commitments.Add(new CheckInCommitment { CheckInId = checkIn.Id, TrackId = track.Id, UserId = owner.Id });
        var person = new SupportPerson { UserId = owner.Id, Name = "Owner's sponsor", Phone = "+1 555 0100" };
        var link = new ShareLink { UserId = owner.Id, Label = "Owner's sponsor", DisplayName = "Owner", TokenHash = new string('a', 64) };
        link.Tracks.Add(new ShareLinkTrack { ShareLinkId = link.Id, TrackId = track.Id, UserId = owner.Id });
        link.Habits.Add(new ShareLinkHabit { ShareLinkId = link.Id, HabitId = habit.Id, UserId = owner.Id });
        db.AddRange(step, checkIn, person, link);
        db.AddRange(habit, track, relapse, urge,
            new HabitLog { HabitId = habit.Id, UserId = owner.Id, CompletedAt = DateTime.UtcNow.AddDays(-1), LocalDate = yesterday });
        await db.SaveChangesAsync();
        var device = new PushDevice { UserId = owner.Id, Endpoint = "https://push.example/owner", P256dh = "BA", Auth = "AA", Name = "Owner's phone" };
        db.Add(device);
        await db.SaveChangesAsync();
        var session = await db.UserSessions.Where(s => s.UserId == owner.Id).Select(s => s.Id).FirstAsync();
        return new()
        {
            // Query-string ids, by page, handler and name.
            ["?"] = new()
            {
                ["/Urges/Surf::track"] = track.Id.ToString(), ["/Relapse/New::track"] = track.Id.ToString(), ["/Plan/Index::from"] = relapse.Id.ToString(),
                ["/Plan/Index:DeleteStep:id"] = step.Id.ToString(), ["/Plan/Index:DeletePerson:id"] = person.Id.ToString(), ["/CheckIn/Index:Commit:track"] = track.Id.ToString(),
                ["/Account/Index:EndSession:session"] = session.ToString(), ["/Shares/Index:Scope:id"] = link.Id.ToString(), ["/Shares/Index:Revoke:id"] = link.Id.ToString(),
                ["/Reminders/Index:Stop:id"] = device.Id.ToString(),
                ["/Urges/Index::track"] = track.Id.ToString(), ["/Relapse/Index::track"] = track.Id.ToString(), ["/Insights/Index::track"] = track.Id.ToString(),
            },
            ["habits"] = new() { ["id"] = habit.Id.ToString() },
            ["relapse"] = new() { ["id"] = relapse.Id.ToString() },
            ["urges"] = new() { ["id"] = urge.Id.ToString() },
            ["tracks"] = new() { ["id"] = track.Id.ToString() },
        };
    }

    /// <summary>Every row of every account (<see cref="AccountSnapshot"/>), to prove a refused request wrote nothing.</summary>
    private static async Task<string> SnapshotAsync(SovereignApp app)
    {
        List<Guid> users;
        await using (var db = app.NewDbContext()) users = await db.Users.OrderBy(u => u.Id).Select(u => u.Id).ToListAsync();
        var parts = new List<string>();
        foreach (var user in users) parts.Add(await AccountSnapshot.TakeAsync(app, user));
        return string.Join("\n", parts);
    }
}

public sealed class SecuritySweepTestsOnSqlite() : SecuritySweepTests(DatabaseProvider.Sqlite);

public sealed class SecuritySweepTestsOnPostgres() : SecuritySweepTests(DatabaseProvider.Postgres);

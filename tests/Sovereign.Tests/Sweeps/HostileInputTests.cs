using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Shares;

namespace Sovereign.Tests.Sweeps;

/// <summary>
/// Every form, every field, a catalogue of hostile values: no answer is ever a 500. The fields are read from the
/// forms the pages themselves render, so new forms join the sweep.
/// </summary>
public abstract class HostileInputTests(DatabaseProvider provider)
{
    internal static readonly string[] Values =
    [
        "", " ", new string('x', 1_000_000), "\0", "a\0b", "\u0001\u0002\u001f", "\u202Eevil\u202C", "🧘‍♀️🌊💪",
        "<script>alert(1)</script>", "'; DROP TABLE users; --", "\" OR 1=1 --", "-1", "99999999999999999999", "1e309", "NaN",
        "00000000-0000-0000-0000-000000000000", "not-a-guid", "0001-01-01", "9999-12-31T23:59:59", "2026-02-30", "true,false",
        "../../etc/passwd", "%00", "{{7*7}}", "\uD800", "/plan?q=café", "/ünïcode/☕", "/a\r\nb",
    ];

    /// <summary>
    /// A signed-in user with habits in every state a form depends on (to do, done today and yesterday, skipped today,
    /// archived), a relapse and an urge to aim the sweeps at; and the pages their forms are on.
    /// </summary>
    internal sealed record Fixture(TestUser User, string Token, Guid HabitId, Guid RelapseId, Guid UrgeId, Guid TrackId, IReadOnlyList<string> Pages, string ShareToken, DateOnly Today)
    {
        /// <summary>The route's URL with this user's habit, relapse, urge or track as its id and yesterday as its date.</summary>
        public string UrlOf(AppRoute route)
        {
            var id = route.Template.Split('/')[0] switch { "habits" => HabitId, "relapse" => RelapseId, "tracks" => TrackId, _ => UrgeId };
            return route.Url(route.Parameters.Where(p => p != "handler")
                .ToDictionary(p => p, p => p == "date" ? TestDates.Text(Today.AddDays(-1)) : id.ToString()));
        }
    }

    /// <summary>The sweeps' user lives at an end of the date line (UTC+14 on SQLite, UTC−12 on PostgreSQL), where date arithmetic breaks first.</summary>
    internal static Task<HttpResponseMessage> PostAsync(TestUser user, string url, string token, IEnumerable<(string Name, string Value)> fields)
    {
        var body = string.Join("&", fields.Select(f => Uri.EscapeDataString(f.Name) + "=" + Uri.EscapeDataString(f.Value)));
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded") };
        request.Headers.Add("RequestVerificationToken", token);
        return user.Client.SendAsync(request);
    }

    internal static async Task<Fixture> SeedAsync(SovereignApp app)
    {
        var zone = app.Database.Provider == Sovereign.Web.Data.DatabaseProvider.Sqlite ? "Pacific/Kiritimati" : "Etc/GMT+12";
        var user = await TestUser.RegisterAsync(app, timeZone: zone);
        var today = TestDates.Today(zone);
        await using var db = app.NewDbContext();
        var walk = new Habit { UserId = user.Id, Name = "Walk" };
        var read = new Habit { UserId = user.Id, Name = "Read", Frequency = HabitFrequency.Weekly, TargetPerPeriod = 3 };
        var stretch = new Habit { UserId = user.Id, Name = "Stretch" };
        var old = new Habit { UserId = user.Id, Name = "Old habit", IsActive = false };
        var relapse = new RelapseEvent { UserId = user.Id, TrackId = user.Id, OccurredAt = DateTime.UtcNow.AddDays(-1), TriggerType = TriggerType.Stress, Severity = 3 };
        var urge = new UrgeEvent { UserId = user.Id, TrackId = user.Id, OccurredAt = DateTime.UtcNow.AddDays(-1), TriggerType = TriggerType.Stress, Intensity = 3 };
        var track = new RecoveryTrack { UserId = user.Id, Name = "Betting", Kind = TrackKind.Gambling, CostPerDay = 5, Currency = "EUR", Position = 1 };
        var archived = new RecoveryTrack { UserId = user.Id, Name = "Old track", ArchivedAt = DateTime.UtcNow.AddDays(-3) };
        db.AddRange(walk, read, stretch, old, Entities.Track(user.Id), track, archived, relapse, urge);
        foreach (var day in new[] { today, today.AddDays(-1) })
            db.Add(new HabitLog { HabitId = read.Id, UserId = user.Id, LocalDate = day, CompletedAt = DateTime.UtcNow });
        db.Add(new HabitSkip { HabitId = stretch.Id, UserId = user.Id, PeriodStart = today });
        db.AddRange(new PlanStep { UserId = user.Id, TriggerType = TriggerType.Stress, Text = "Walk, then call Sam." },
            new SupportPerson { UserId = user.Id, Name = "Sam", Phone = "+1 555 0100" },
            // A device with reminders on, so the reminders page has its "Stop" form.
            new PushDevice { UserId = user.Id, Endpoint = "https://push.example/sweep", P256dh = "BA", Auth = "AA", Name = "Phone" });
        var shareToken = ShareService.NewToken();
        var link = new ShareLink { UserId = user.Id, Label = "Sam", DisplayName = "Alex", TokenHash = ShareService.Hash(shareToken), ShowCheckIn = true, ShowRelapseDates = true };
        link.Tracks.Add(new ShareLinkTrack { ShareLinkId = link.Id, TrackId = track.Id, UserId = user.Id });
        link.Habits.Add(new ShareLinkHabit { ShareLinkId = link.Id, HabitId = walk.Id, UserId = user.Id });
        link.Habits.Add(new ShareLinkHabit { ShareLinkId = link.Id, HabitId = read.Id, UserId = user.Id });
        db.Add(link);
        await db.SaveChangesAsync();
        // A new recovery code waiting for "I've saved it", so the form that says so is on the account page.
        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync("/account/recoverycode", new() { ["NewCode.Password"] = TestUser.DefaultPassword }, tokenFrom: "/account")).StatusCode);
        // A PIN, so the form that removes it is on the appearance page.
        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync("/account/appearance/pin",
            new() { ["Pin.NewPin"] = "4071", ["Pin.CurrentPassword"] = TestUser.DefaultPassword })).StatusCode);
        var token = (await user.Client.GetDocumentAsync("/dashboard")).AntiforgeryToken();
        string[] pages =
        [
            "/habits", "/habits/new", $"/habits/{walk.Id}", $"/habits/{read.Id}", $"/habits/{old.Id}", $"/habits/{walk.Id}/edit",
            "/relapse/new", $"/relapse/{relapse.Id}/edit", "/urges", "/urges/surf", $"/urges/{urge.Id}/edit", "/account", "/account/appearance", "/account/import",
            "/tracks", "/tracks/new", $"/tracks/{track.Id}", $"/tracks/{track.Id}/edit", $"/tracks/{archived.Id}",
            "/checkin", "/plan", "/dashboard", "/account/shares", "/reminders",
        ];
        return new Fixture(user, token, walk.Id, relapse.Id, urge.Id, track.Id, pages, shareToken, today);
    }

    internal static bool IsRelapseUndo(AppRoute route) => route.Handler == "Undo" && route.Template.StartsWith("relapse", StringComparison.Ordinal);

    /// <summary>
    /// The first form (or htmx element) on the fixture's pages that posts to <paramref name="route"/> — for any of the
    /// user's ids and dates, and with whatever query values the page adds (which session to end) — with the values
    /// the page fills in (the first choice of a choice nobody made yet). A route no page posts to fails the test: the
    /// sweep must not guess field names.
    /// </summary>
    internal static async Task<(string Url, (Dictionary<string, string> Fields, Dictionary<string, string> Unticked) Form)> FormAsync(HttpClient client, AppRoute route, IEnumerable<string> pages)
    {
        // The route's path as a pattern (any id, any date), and its handler when it travels in the query string.
        var marker = route.Url(route.Parameters.Where(p => p != "handler").ToDictionary(p => p, p => $"\u0001{p}\u0002"));
        var path = new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(marker.Split('?')[0])
            .Replace("\u0001", "(?<").Replace("\u0002", ">[^/?&]+)") + "$", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        var handler = marker.Contains('?') ? marker.Split('?')[1] : null;
        bool PostsToRoute(string target) => path.IsMatch(target.Split('?')[0])
            && (handler is null || (target.Contains('?') && target.Split('?')[1].Split('&').Contains(handler, StringComparer.OrdinalIgnoreCase)));
        foreach (var pageUrl in pages)
        {
            var page = Html.Parse(await (await client.GetAsync(pageUrl)).Content.ReadAsStringAsync());
            string Target(AngleSharp.Dom.IElement e) => e.GetAttribute("hx-post") ?? e.GetAttribute("formaction") ?? e.GetAttribute("action") ?? pageUrl;
            var poster = page.QuerySelectorAll("main form, main [hx-post], main [formaction]").FirstOrDefault(e => PostsToRoute(Target(e)));
            if (poster is null) continue;
            // A button with formaction sends the form it belongs to (its form attribute names it).
            var form = poster.GetAttribute("form") is { } formId ? page.GetElementById(formId)! : poster;
            var fields = new Dictionary<string, string>();
            var unticked = new Dictionary<string, string>();
            foreach (var box in form.QuerySelectorAll("input[type=checkbox][name]").OfType<AngleSharp.Html.Dom.IHtmlInputElement>().Where(b => !b.IsChecked))
                unticked.TryAdd(box.Name!, box.Value);
            foreach (var element in form.QuerySelectorAll("[name]"))
            {
                var name = element.GetAttribute("name")!;
                if (name == "__RequestVerificationToken") continue;
                var value = element switch
                {
                    AngleSharp.Html.Dom.IHtmlInputElement { Type: "checkbox" } box => box.IsChecked ? box.Value : null,
                    AngleSharp.Html.Dom.IHtmlInputElement { Type: "radio" } radio => radio.IsChecked || !fields.ContainsKey(name) ? radio.Value : null,
                    AngleSharp.Html.Dom.IHtmlInputElement input => input.Value,
                    AngleSharp.Html.Dom.IHtmlSelectElement select => select.Value,
                    AngleSharp.Html.Dom.IHtmlTextAreaElement area => area.Value,
                    _ => null,
                };
                if (value is not null) fields[name] = value;
            }
            foreach (var name in fields.Keys) unticked.Remove(name);
            return (Target(poster), (fields, unticked));
        }
        throw new InvalidOperationException($"No page of the fixture posts to {route}: teach the sweep where its form lives.");
    }

    [Fact]
    public async Task No_form_field_value_ever_gets_a_500()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var fixture = await SeedAsync(app);
        var (user, token) = (fixture.User, fixture.Token);
        // Every form post but signing out and unlocking (five wrong tries end the sweep's session: SessionLockTests sends it hostile values).
        var posts = (await Routes.AllAsync(app.Services))
            .Where(r => r.IsPage && r.Method == "POST" && !r.Template.StartsWith("error", StringComparison.Ordinal) && r.Page is not ("/Auth/Logout" or "/Auth/Unlock"))
            .ToList();

        // The field names of each form, read while every fixture still exists (the sweep deletes some); the sign-in
        // forms as a signed-out visitor sees them; undoing a relapse is a button alone.
        var visitor = app.NewClient();
        var fieldsOf = new Dictionary<AppRoute, List<string>>();
        foreach (var route in posts)
            fieldsOf[route] = IsRelapseUndo(route) ? []
                : route.Template.StartsWith("auth", StringComparison.Ordinal) ? Names((await FormAsync(visitor, route, ["/auth/register", "/auth/login", "/auth/recover"])).Form)
                : Names((await FormAsync(user.Client, route, fixture.Pages)).Form);
        static List<string> Names((Dictionary<string, string> Fields, Dictionary<string, string> Unticked) form) => form.Fields.Keys.Concat(form.Unticked.Keys).ToList();

        var tried = 0;
        var failures = new List<string>();
        foreach (var route in posts)
        {
            var url = fixture.UrlOf(route);
            var fields = fieldsOf[route];
            foreach (var value in Values)
            {
                var body = new StringBuilder();
                foreach (var field in fields) body.Append(Uri.EscapeDataString(field)).Append('=').Append(Uri.EscapeDataString(value)).Append('&');
                var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body.ToString(), Encoding.UTF8, "application/x-www-form-urlencoded") };
                request.Headers.Add("RequestVerificationToken", token);
                var response = await user.Client.SendAsync(request);
                tried++;
                if ((int)response.StatusCode >= 500) failures.Add($"{route} {url} value[{value.Length}]={value[..Math.Min(20, value.Length)]}: {(int)response.StatusCode}");
            }
            // A few malformed requests per route: raw invalid UTF-8, a JSON body, a duplicated field.
            foreach (var (content, type) in new[] { (new byte[] { 0x49, 0x6e, 0x3d, 0xff, 0xfe, 0xc3 }, "application/x-www-form-urlencoded"), ("{\"a\":1}"u8.ToArray(), "application/json"), (Encoding.UTF8.GetBytes(string.Join("&", fields.Select(f => $"{f}=1&{f}=2"))), "application/x-www-form-urlencoded") })
            {
                var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(content) };
                request.Content.Headers.ContentType = new(type);
                request.Headers.Add("RequestVerificationToken", token);
                var response = await user.Client.SendAsync(request);
                tried++;
                if ((int)response.StatusCode >= 500) failures.Add($"{route} {url} raw {type}: {(int)response.StatusCode}");
            }
        }
        Assert.True(tried >= 500, $"only {tried} requests");
        Assert.True(failures.Count == 0, $"{failures.Count} of {tried} requests answered 5xx:\n" + string.Join("\n", failures.Take(30)));
        // Still signed in and the data still readable.
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/dashboard")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/relapse")).StatusCode);
    }

    [Fact]
    public async Task No_query_string_or_route_value_ever_gets_a_500()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        var gets = (await Routes.AllAsync(app.Services)).Where(r => r.Method == "GET").ToList();
        var tried = 0;
        var failures = new List<string>();
        foreach (var route in gets)
        foreach (var value in Values.Where(v => v.Length < 10_000).Append(new string('y', 5000)))
        {
            var escaped = Uri.EscapeDataString(value);
            // The value in every route parameter, and in every query parameter the pages read.
            // (A NUL in the path is refused by the HTTP layer before the app; it still goes into the query string.)
            var segment = escaped.Length == 0 || value.Contains('\0') ? "x" : escaped;
            var url = route.Url(route.Parameters.Where(p => p != "handler").ToDictionary(p => p, _ => segment));
            var query = $"trigger={escaped}&from={escaped}&to={escaped}&after={escaped}&returnUrl={escaped}";
            var response = await user.Client.GetAsync(url + (url.Contains('?') ? "&" : "?") + query);
            tried++;
            if ((int)response.StatusCode >= 500) failures.Add($"GET {url}?{query[..Math.Min(60, query.Length)]}: {(int)response.StatusCode}");
        }
        Assert.True(tried >= 300, $"only {tried} requests");
        Assert.True(failures.Count == 0, $"{failures.Count} of {tried} requests answered 5xx:\n" + string.Join("\n", failures.Take(30)));
    }
}

public sealed class HostileInputTestsOnSqlite() : HostileInputTests(DatabaseProvider.Sqlite);

public sealed class HostileInputTestsOnPostgres() : HostileInputTests(DatabaseProvider.Postgres);

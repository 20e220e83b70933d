using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Sovereign.Tests.Support;
using Sovereign.Web.Services;
using Sovereign.Web.Models;

namespace Sovereign.Tests.Pages;

/// <summary>
/// Every form, every field, a catalogue of hostile values: no answer is ever a 500. The fields are read from the
/// forms the pages themselves render, so new forms join the sweep.
/// </summary>
public class HostileInputTests
{
    private static readonly string[] Values =
    [
        "", " ", new string('x', 1_000_000), "\0", "a\0b", "\u0001\u0002\u001f", "\u202Eevil\u202C", "🧘‍♀️🌊💪",
        "<script>alert(1)</script>", "'; DROP TABLE users; --", "\" OR 1=1 --", "-1", "99999999999999999999", "1e309", "NaN",
        "00000000-0000-0000-0000-000000000000", "not-a-guid", "0001-01-01", "9999-12-31T23:59:59", "2026-02-30", "true,false",
        "../../etc/passwd", "%00", "{{7*7}}", "\uD800",
    ];

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task No_form_field_value_ever_gets_a_500(Sovereign.Web.Data.DatabaseProvider provider)
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var fixture = await SeedAsync(app);
        var (user, token) = (fixture.User, fixture.Token);
        // Every form post but signing out (which would end the sweep's session).
        var posts = (await Routes.AllAsync(app.Services))
            .Where(r => r.IsPage && r.Method == "POST" && !r.Template.StartsWith("error", StringComparison.Ordinal) && r.Template != "auth/logout")
            .ToList();

        var tried = 0;
        var failures = new List<string>();
        foreach (var route in posts)
        {
            var url = fixture.UrlOf(route);
            var fields = await FieldsAsync(user, url);
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

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task No_query_string_or_route_value_ever_gets_a_500(Sovereign.Web.Data.DatabaseProvider provider)
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

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Text_comes_back_exactly_as_entered_and_a_NUL_is_refused_without_a_write(Sovereign.Web.Data.DatabaseProvider provider)
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        const string name = "🧘‍♀️ \u202Emorning\u202C walk <b>&amp;</b> ' OR 1=1 --";
        var created = await user.PostFormAsync("/habits/new", new() { ["Input.Name"] = name, ["Input.Frequency"] = "Daily", ["Input.TargetPerPeriod"] = "1" });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var page = await user.Client.GetDocumentAsync("/habits");
        Assert.Equal(name, page.QuerySelector("article.habit-card h3 a")!.TextContent);

        // ASP.NET's form reader refuses a NUL character outright (PostgreSQL could not store it anyway).
        var nul = await user.PostFormAsync("/habits/new", new() { ["Input.Name"] = "a\0b", ["Input.Frequency"] = "Daily", ["Input.TargetPerPeriod"] = "1" });
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        await using var db = app.NewDbContext();
        Assert.Equal([name], db.Habits.Select(h => h.Name).ToList());
    }

    /// <summary>
    /// Every form filled in as its page renders it, then one field at a time left out, sent twice, or given a hostile
    /// value while the others stay valid — so the value reaches the validation and the database rather than being
    /// stopped by a neighbour. No answer is a 500, and an answer that refuses the input (4xx) has changed nothing: the
    /// account's full export is the same before and after.
    /// </summary>
    [Theory, ClassData(typeof(BothDatabases))]
    public async Task One_hostile_field_among_valid_ones_never_gets_a_500_and_a_refusal_writes_nothing(Sovereign.Web.Data.DatabaseProvider provider)
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var fixture = await SeedAsync(app);
        var (user, token) = (fixture.User, fixture.Token);
        // Deleting would end the sweep's fixtures or session; the all-fields sweep above covers those handlers.
        var posts = (await Routes.AllAsync(app.Services))
            .Where(r => r.IsPage && r.Method == "POST" && !r.Template.StartsWith("error", StringComparison.Ordinal) && !r.Template.StartsWith("auth", StringComparison.Ordinal)
                && r.Handler?.Contains("delete", StringComparison.OrdinalIgnoreCase) != true && !r.Template.Contains("delete", StringComparison.Ordinal))
            .ToList();
        Assert.True(posts.Count >= 20, $"{posts.Count} forms");

        var tried = 0;
        var failures = new List<string>();
        var before = await ExportAsync(app, user.Id);
        var forms = new Dictionary<string, List<string>>();
        foreach (var route in posts)
        {
            var url = fixture.UrlOf(route);
            var form = await FormAsync(user, url);
            forms[url] = form.Keys.ToList();
            foreach (var field in form.Keys)
            {
                var variants = Values.Select(v => form.Select(f => (Name: f.Key, Value: f.Key == field ? v : f.Value)))
                    .Append(form.Where(f => f.Key != field).Select(f => (Name: f.Key, f.Value)))           // missing
                    .Append(form.Select(f => (Name: f.Key, f.Value)).Append((Name: field, Value: "2")));  // sent twice
                foreach (var fields in variants)
                {
                    var body = string.Join("&", fields.Select(f => Uri.EscapeDataString(f.Name) + "=" + Uri.EscapeDataString(f.Value)));
                    var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded") };
                    request.Headers.Add("RequestVerificationToken", token);
                    var response = await user.Client.SendAsync(request);
                    tried++;
                    var status = (int)response.StatusCode;
                    if (status >= 500) failures.Add($"{route} {url} {field}: {status}");
                    var after = await ExportAsync(app, user.Id);
                    if (status is >= 400 and < 500 && after != before) failures.Add($"{route} {url} {field}: {status} but the data changed");
                    // Whatever was accepted, the user's own pages still open.
                    if (status < 400 && after != before)
                        foreach (var own in new[] { "/dashboard", "/insights", "/relapse", $"/habits/{fixture.HabitId}" })
                            if ((await user.Client.GetAsync(own)).StatusCode != HttpStatusCode.OK) failures.Add($"{route} {url} {field}: accepted, then {own} failed");
                    before = after;
                }
            }
        }
        Assert.True(tried >= 1000, $"only {tried} requests");
        Assert.True(failures.Count == 0, $"{failures.Count} of {tried} requests failed:\n" + string.Join("\n", failures.Take(30)));
        await File.WriteAllTextAsync(Path.Combine(Repository.Artifacts("reliability"), $"hostile-fields-{provider}.txt"),
            $"{provider}: {posts.Count} forms, {tried} requests with one hostile, missing or repeated field, 0 answered 5xx, 0 refusals changed data\n" +
            string.Join("\n", forms.Select(f => $"  {f.Key}: {string.Join(", ", f.Value)}")) + "\n");
    }

    /// <summary>A signed-in user with a habit, a relapse and an urge to aim the sweeps at.</summary>
    private sealed record Fixture(TestUser User, string Token, Guid HabitId, Guid RelapseId, Guid UrgeId)
    {
        /// <summary>The route's URL with this user's habit, relapse or urge as its id and yesterday as its date.</summary>
        public string UrlOf(AppRoute route)
        {
            var id = route.Template.Split('/')[0] switch { "habits" => HabitId, "relapse" => RelapseId, _ => UrgeId };
            return route.Url(route.Parameters.Where(p => p != "handler")
                .ToDictionary(p => p, p => p == "date" ? DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd") : id.ToString()));
        }
    }

    /// <summary>The sweeps' user lives at an end of the date line (UTC+14 on SQLite, UTC−12 on PostgreSQL), where date arithmetic breaks first.</summary>
    private static async Task<Fixture> SeedAsync(SovereignApp app)
    {
        var user = await TestUser.RegisterAsync(app, timeZone: app.Database.Provider == Sovereign.Web.Data.DatabaseProvider.Sqlite ? "Pacific/Kiritimati" : "Etc/GMT+12");
        await using var db = app.NewDbContext();
        var habit = new Habit { UserId = user.Id, Name = "Walk" };
        var relapse = new RelapseEvent { UserId = user.Id, OccurredAt = DateTime.UtcNow.AddDays(-1), TriggerType = TriggerType.Stress, Severity = 3 };
        var urge = new UrgeEvent { UserId = user.Id, OccurredAt = DateTime.UtcNow.AddDays(-1), TriggerType = TriggerType.Stress, Intensity = 3 };
        db.AddRange(habit, relapse, urge);
        await db.SaveChangesAsync();
        var token = (await user.Client.GetDocumentAsync("/dashboard")).AntiforgeryToken();
        return new Fixture(user, token, habit.Id, relapse.Id, urge.Id);
    }

    /// <summary>Everything the account holds, as its export has it (without the moment of export).</summary>
    private static async Task<string> ExportAsync(SovereignApp app, Guid userId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var export = await scope.ServiceProvider.GetRequiredService<PersonalDataService>().ExportAsync(userId);
        return System.Text.Json.JsonSerializer.Serialize(export with { ExportedAt = default });
    }

    /// <summary>The fields of the form that posts to <paramref name="url"/>, with the values its page fills in.</summary>
    private static async Task<Dictionary<string, string>> FormAsync(TestUser user, string url)
    {
        var page = Html.Parse(await (await user.Client.GetAsync(PageOf(url))).Content.ReadAsStringAsync());
        // A form without an action posts to its own page.
        var form = page.QuerySelectorAll("main form").FirstOrDefault(f => string.Equals(
            f.GetAttribute("hx-post") ?? f.GetAttribute("action") ?? PageOf(url), url, StringComparison.OrdinalIgnoreCase));
        var fields = new Dictionary<string, string>();
        foreach (var element in form?.QuerySelectorAll("[name]") ?? (IEnumerable<AngleSharp.Dom.IElement>)[])
        {
            var name = element.GetAttribute("name")!;
            if (name == "__RequestVerificationToken") continue;
            var value = element switch
            {
                AngleSharp.Html.Dom.IHtmlInputElement { Type: "checkbox" or "radio" } box => box.IsChecked ? box.Value : null,
                AngleSharp.Html.Dom.IHtmlInputElement input => input.Value,
                AngleSharp.Html.Dom.IHtmlSelectElement select => select.Value,
                AngleSharp.Html.Dom.IHtmlTextAreaElement area => area.Value,
                _ => null,
            };
            if (value is not null) fields.TryAdd(name, value);
        }
        return fields.Count > 0 ? fields : new() { ["date"] = "", ["time"] = "", ["returnUrl"] = "" };
    }

    private static string PageOf(string url)
    {
        var path = url.Split('?')[0];
        return path.Contains("/days/") || path.EndsWith("/complete") || path.EndsWith("/undo") || path.EndsWith("/mark")
            || path.EndsWith("/archive") || path.EndsWith("/restore") || path.EndsWith("/delete") ? "/habits/" + path.Split('/')[2] : path;
    }

    /// <summary>The names of the fields of the forms on the page at <paramref name="url"/> (its GET), or of the account forms.</summary>
    private static async Task<List<string>> FieldsAsync(TestUser user, string url)
    {
        var response = await user.Client.GetAsync(PageOf(url));
        if (!response.IsSuccessStatusCode) return ["date", "time", "mark", "confirm", "returnUrl"];
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        return page.QuerySelectorAll("main form [name]").Select(e => e.GetAttribute("name")!)
            .Where(n => n != "__RequestVerificationToken").Distinct().ToList() is { Count: > 0 } names ? names : ["date", "time", "mark", "confirm", "returnUrl"];
    }
}

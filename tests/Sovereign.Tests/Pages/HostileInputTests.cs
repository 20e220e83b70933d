using System.Net;
using System.Text;
using Sovereign.Tests.Support;
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
        var user = await TestUser.RegisterAsync(app);
        Guid habitId, relapseId, urgeId;
        await using (var db = app.NewDbContext())
        {
            var habit = new Habit { UserId = user.Id, Name = "Walk" };
            var relapse = new RelapseEvent { UserId = user.Id, OccurredAt = DateTime.UtcNow.AddDays(-1), TriggerType = TriggerType.Stress, Severity = 3 };
            var urge = new UrgeEvent { UserId = user.Id, OccurredAt = DateTime.UtcNow.AddDays(-1), TriggerType = TriggerType.Stress, Intensity = 3 };
            db.AddRange(habit, relapse, urge);
            await db.SaveChangesAsync();
            (habitId, relapseId, urgeId) = (habit.Id, relapse.Id, urge.Id);
        }
        var token = (await user.Client.GetDocumentAsync("/dashboard")).AntiforgeryToken();
        // Every form post but signing out (which would end the sweep's session).
        var posts = (await Routes.AllAsync(app.Services))
            .Where(r => r.IsPage && r.Method == "POST" && !r.Template.StartsWith("error", StringComparison.Ordinal) && r.Template != "auth/logout")
            .ToList();

        var tried = 0;
        var failures = new List<string>();
        foreach (var route in posts)
        {
            var area = route.Template.Split('/')[0];
            var id = area switch { "habits" => habitId, "relapse" => relapseId, _ => urgeId };
            var url = route.Url(route.Parameters.Where(p => p != "handler").ToDictionary(p => p, p => p == "date" ? DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd") : id.ToString()));
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

    /// <summary>The names of the fields of the forms on the page at <paramref name="url"/> (its GET), or of the account forms.</summary>
    private static async Task<List<string>> FieldsAsync(TestUser user, string url)
    {
        var path = url.Split('?')[0];
        var pageUrl = path.Contains("/days/") || path.EndsWith("/complete") || path.EndsWith("/undo") || path.EndsWith("/mark")
            || path.EndsWith("/archive") || path.EndsWith("/restore") || path.EndsWith("/delete") ? "/habits/" + path.Split('/')[2] : path;
        var response = await user.Client.GetAsync(pageUrl);
        if (!response.IsSuccessStatusCode) return ["date", "time", "mark", "confirm", "returnUrl"];
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        return page.QuerySelectorAll("main form [name]").Select(e => e.GetAttribute("name")!)
            .Where(n => n != "__RequestVerificationToken").Distinct().ToList() is { Count: > 0 } names ? names : ["date", "time", "mark", "confirm", "returnUrl"];
    }
}

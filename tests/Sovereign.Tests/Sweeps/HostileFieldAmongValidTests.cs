using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Shares;

namespace Sovereign.Tests.Sweeps;

/// <summary>One hostile value among the valid fields of a form the page rendered: a clear 4xx and no write, never a 500.</summary>
public abstract class HostileFieldAmongValidTests(DatabaseProvider provider)
{
    /// <summary>
    /// Every form filled in as its page renders it, then one field at a time left out, sent twice, or given a hostile
    /// value while the others stay valid — so the value reaches the validation and the database rather than being
    /// stopped by a neighbour. No answer is a 500, and an answer that refuses the input (4xx) has changed nothing: the
    /// account's full export is the same before and after.
    /// </summary>
    [Fact]
    public async Task One_hostile_field_among_valid_ones_never_gets_a_500_and_a_refusal_writes_nothing()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var fixture = await HostileInputTests.SeedAsync(app);
        var (user, token) = (fixture.User, fixture.Token);
        // Deleting would end the sweep's fixtures or session, and undoing a relapse needs one logged from this page a
        // moment ago; the all-fields sweep above covers those handlers, and their own page tests the rest.
        var posts = (await Routes.AllAsync(app.Services))
            .Where(r => r.IsPage && r.Method == "POST" && !r.Template.StartsWith("error", StringComparison.Ordinal) && !r.Template.StartsWith("auth", StringComparison.Ordinal)
                && r.Handler?.Contains("delete", StringComparison.OrdinalIgnoreCase) != true && !r.Template.Contains("delete", StringComparison.Ordinal)
                // The first device listed is this one; revoking ends the shared page the sweep opens; a stopped device is gone.
                && r.Handler is not ("EndSession" or "Revoke" or "Stop")
                && !HostileInputTests.IsRelapseUndo(r))
            .ToList();
        Assert.True(posts.Count >= 20, $"{posts.Count} forms");

        var tried = 0;
        var failures = new List<string>();
        var before = await AccountSnapshot.TakeAsync(app, user.Id);
        // Every form as its page renders it, read before the sweep changes what the pages show.
        var found = new List<(AppRoute Route, string Url, (Dictionary<string, string> Fields, Dictionary<string, string> Unticked) Form)>();
        foreach (var route in posts)
        {
            var (url, form) = await HostileInputTests.FormAsync(user.Client, route, fixture.Pages);
            found.Add((route, url, form));
        }
        var forms = found.ToDictionary(f => f.Url, f => f.Form.Fields.Keys.Concat(f.Form.Unticked.Keys).ToList());
        foreach (var (route, url, (form, unticked)) in found)
        {
            // Positive controls: the form as its page renders it, and with every checkbox ticked, reach validation (422) or succeed.
            foreach (var sent in new[] { form, form.Concat(unticked).ToDictionary() })
            {
                var asRendered = await HostileInputTests.PostAsync(user, url, token, sent.Select(f => (f.Key, f.Value)));
                tried++;
                if ((int)asRendered.StatusCode is not (< 400 or 422)) failures.Add($"{route} {url}: the form as rendered answered {(int)asRendered.StatusCode}");
                await OwnPagesStillOpenAsync(route, url, "as rendered");
            }
            before = await AccountSnapshot.TakeAsync(app, user.Id);
            // Every field, an unticked checkbox too (a browser leaves it out; anyone else may send it).
            foreach (var field in form.Keys.Concat(unticked.Keys))
            {
                var variants = HostileInputTests.Values.Select(v => form.Select(f => (Name: f.Key, Value: f.Key == field ? v : f.Value)))
                    .Append(form.Where(f => f.Key != field).Select(f => (Name: f.Key, f.Value)))           // missing
                    .Append(form.Select(f => (Name: f.Key, f.Value)).Append((Name: field, Value: "2")));  // sent twice
                foreach (var fields in variants)
                {
                    var response = await HostileInputTests.PostAsync(user, url, token, fields);
                    tried++;
                    var status = (int)response.StatusCode;
                    if (status >= 500) failures.Add($"{route} {url} {field}: {status}");
                    var after = await AccountSnapshot.TakeAsync(app, user.Id);
                    if (status is >= 400 and < 500 && after != before) failures.Add($"{route} {url} {field}: {status} but the data changed");
                    // Whatever was accepted, every page of the user's and their shared page still open.
                    if (status < 400 && after != before)
                    {
                        await OwnPagesStillOpenAsync(route, url, field);
                        // Opening the shared page counts a visit (times_opened, last_opened_at): that is no change of the next request's.
                        after = await AccountSnapshot.TakeAsync(app, user.Id);
                    }
                    before = after;
                }
            }
        }
        Assert.True(tried >= 1000, $"only {tried} requests");

        async Task OwnPagesStillOpenAsync(AppRoute route, string url, string field)
        {
            foreach (var own in fixture.Pages.Concat(["/insights", "/relapse", "/help", "/account/export"]))
            {
                var answer = await user.Client.GetAsync(own);
                if (answer.StatusCode != HttpStatusCode.OK) failures.Add($"{route} {url} {field}: accepted, then {own} answered {(int)answer.StatusCode}");
            }
            var shared = await app.NewClient().GetAsync($"/s/{fixture.ShareToken}");
            if (shared.StatusCode != HttpStatusCode.OK) failures.Add($"{route} {url} {field}: accepted, then the shared page answered {(int)shared.StatusCode}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {tried} requests failed:\n" + string.Join("\n", failures.Take(30)));
        await File.WriteAllTextAsync(Path.Combine(Repository.Artifacts("reliability"), $"hostile-fields-{provider}.txt"),
            $"{provider}: {posts.Count} forms, {tried} requests with one hostile, missing or repeated field, 0 answered 5xx, 0 refusals changed data\n" +
            string.Join("\n", forms.Select(f => $"  {f.Key}: {string.Join(", ", f.Value)}")) + "\n");
    }
}

public sealed class HostileFieldAmongValidTestsOnSqlite() : HostileFieldAmongValidTests(DatabaseProvider.Sqlite);

public sealed class HostileFieldAmongValidTestsOnPostgres() : HostileFieldAmongValidTests(DatabaseProvider.Postgres);

using System.Text;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;

namespace Sovereign.Tests.Sweeps;

/// <summary>docs/routes.md, the app's table of contents, is made from its own route metadata and kept current by this test.</summary>
public class RouteTableTests
{
    [Fact]
    public async Task The_route_table_in_docs_matches_the_app()
    {
        await using var app = await SovereignApp.CreateAsync(DatabaseProvider.Sqlite);
        var routes = (await Routes.AllAsync(app.Services))
            .Where(r => !r.Template.StartsWith("error", StringComparison.Ordinal))
            .OrderBy(r => r.ToString().Split(' ')[1].Split('?')[0], StringComparer.Ordinal).ThenBy(r => r.Method != "GET").ThenBy(r => r.ToString(), StringComparer.Ordinal)
            .ToList();
        var table = new StringBuilder()
            .AppendLine("# Routes")
            .AppendLine()
            .AppendLine("Every address the app answers, made from its own route metadata (`tests/…/Sweeps/RouteTableTests.cs` checks that it is current;")
            .AppendLine("when it fails, it leaves the new table in `artifacts/routes.md` to copy here). Error pages (`/error/{code}`) are left out.")
            .AppendLine()
            .AppendLine("| method | path | page / handler | sign-in |")
            .AppendLine("|---|---|---|---|");
        foreach (var route in routes)
        {
            var where = route.IsPage ? $"`Pages{route.Page}`" + (route.Handler is { } h ? $" · `On{route.Method[0]}{route.Method[1..].ToLowerInvariant()}{h}`" : "") : $"endpoint (`{route.Source}`)";
            table.AppendLine($"| {route.Method} | `{route.ToString().Split(' ', 2)[1]}` | {where} | {(route.AllowsAnonymous ? "no" : "yes")} |");
        }
        var expected = table.ToString();
        var path = Path.Combine(Repository.Root, "docs", "routes.md");
        var current = File.Exists(path) ? await File.ReadAllTextAsync(path) : "";
        if (current != expected) await File.WriteAllTextAsync(Path.Combine(Repository.Artifacts("."), "routes.md"), expected);
        Assert.True(current == expected, "docs/routes.md is out of date: the current table is in artifacts/routes.md.");
    }
}

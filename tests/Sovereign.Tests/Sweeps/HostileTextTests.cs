using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Shares;

namespace Sovereign.Tests.Sweeps;

/// <summary>Text and return addresses with any characters come back exactly as entered, encoded; a NUL is refused.</summary>
public abstract class HostileTextTests(DatabaseProvider provider)
{
    [Fact]
    public async Task Every_way_back_takes_a_return_address_with_any_characters_and_encodes_it()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var fixture = await HostileInputTests.SeedAsync(app);
        const string back = "/plan?trigger=stress&q=café ☕";
        const string encoded = "/plan?trigger=stress&q=caf%C3%A9%20%E2%98%95";
        // A card's button, the check-in commitment, "I'm struggling": each posts the page's way back along.
        foreach (var url in new[] { $"/habits/{fixture.HabitId}/complete", $"/checkin/commit?track={fixture.TrackId}", "/account/shares/support?ask=true" })
        {
            var response = await HostileInputTests.PostAsync(fixture.User, url, fixture.Token, [("returnUrl", back)]);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{url}: {(int)response.StatusCode}");
            Assert.Equal(encoded, response.Headers.Location!.OriginalString);
        }
    }

    [Fact]
    public async Task Text_comes_back_exactly_as_entered_and_a_NUL_is_refused_without_a_write()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        const string name = "🧘‍♀️ \u202Emorning\u202C walk <b>&amp;</b> ' OR 1=1 --";
        var created = await user.PostFormAsync("/habits/new", TestUser.HabitForm(name));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var page = await user.Client.GetDocumentAsync("/habits");
        Assert.Equal(name, page.QuerySelector("article.habit-card h3 a")!.TextContent);

        // ASP.NET's form reader refuses a NUL character outright (PostgreSQL could not store it anyway).
        var nul = await user.PostFormAsync("/habits/new", TestUser.HabitForm("a\0b"));
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        await using var db = app.NewDbContext();
        Assert.Equal([name], db.Habits.Select(h => h.Name).ToList());
    }
}

public sealed class HostileTextTestsOnSqlite() : HostileTextTests(DatabaseProvider.Sqlite);

public sealed class HostileTextTestsOnPostgres() : HostileTextTests(DatabaseProvider.Postgres);

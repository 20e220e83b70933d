using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Models;

namespace Sovereign.Tests.Pages.Tracks;

public abstract class TrackFormTests(DatabaseProvider provider)
{
    [Theory]
    [InlineData("Input.Name", "", "Give it a name")]
    [InlineData("Input.Name", "101", "100 characters")]
    [InlineData("Input.Kind", "chocolate", "from the list")]
    [InlineData("Input.CleanSince", "2026-06-16", "can't be in the future")]
    [InlineData("Input.CleanSince", "1899-12-31", "1 January 1900")]
    [InlineData("Input.CleanSinceTime", "25:00", "like 18:30")]
    [InlineData("Input.CostPerDay", "-1", "0 to 100,000")]
    [InlineData("Input.CostPerDay", "100000.01", "0 to 100,000")]
    [InlineData("Input.CostPerDay", "12.345", "at most 2 decimal places")]
    [InlineData("Input.Currency", "XYZ", "from the list")]
    [InlineData("Input.MinutesPerDay", "1441", "1440")]
    [InlineData("Input.Reasons", "2001", "2,000 characters")]
    public async Task Every_bad_field_is_refused_with_its_message_and_nothing_is_stored(string field, string value, string message)
    {
        await using var app = await SovereignApp.CreateAsync(provider, clock: new FakeTimeProvider(TrackPagesTests.Now));
        var user = await TestUser.RegisterAsync(app, timeZone: "UTC");
        var form = TrackPagesTests.Form("Alcohol", "alcohol", "2026-06-01", "10", "EUR", "60");
        form[field] = value is "101" or "2001" ? new string('x', int.Parse(value)) : value;
        var response = await user.PostFormAsync("/tracks/new", form);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(message, (await TestUser.ParseAsync(response)).QuerySelector("main form")!.TextContent);
        await using var db = app.NewDbContext();
        Assert.Equal(0, await db.RecoveryTracks.CountAsync());
    }

    [Fact]
    public async Task Names_are_unique_per_person_ignoring_case_and_a_yen_amount_is_whole()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        var other = await TestUser.RegisterAsync(app);
        await TrackPagesTests.CreateTrackAsync(user, TrackPagesTests.Form("Alcohol"));
        await TrackPagesTests.CreateTrackAsync(other, TrackPagesTests.Form("Alcohol")); // another person's name is no clash
        var again = await user.PostFormAsync("/tracks/new", TrackPagesTests.Form("ALCOHOL"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Contains("already have a track with that name", await again.Content.ReadAsStringAsync());
        var yen = await user.PostFormAsync("/tracks/new", TrackPagesTests.Form("Pachinko", "gambling", cost: "1500.5", currency: "JPY"));
        Assert.Contains("JPY has no smaller unit", await yen.Content.ReadAsStringAsync());
        await TrackPagesTests.CreateTrackAsync(user, TrackPagesTests.Form("Pachinko", "gambling", cost: "1500", currency: "JPY"));
        // The next form offers the currency used last; nothing else is guessed.
        Assert.Equal("JPY", (await user.Client.GetDocumentAsync("/tracks/new")).QuerySelector("#Input_Currency option[selected]")!.GetAttribute("value"));
        Assert.Null((await other.Client.GetDocumentAsync("/tracks/new")).QuerySelector("#Input_Currency option[selected]"));
    }

    [Fact]
    public async Task Tracks_move_up_and_down_archive_restore_and_delete_only_when_confirmed_taking_their_events()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        var a = await TrackPagesTests.CreateTrackAsync(user, TrackPagesTests.Form("A"));
        var b = await TrackPagesTests.CreateTrackAsync(user, TrackPagesTests.Form("B"));
        var c = await TrackPagesTests.CreateTrackAsync(user, TrackPagesTests.Form("C"));
        async Task<string[]> OrderAsync() => (await user.Client.GetDocumentAsync("/dashboard")).QuerySelectorAll("#track-clocks h2").Select(h => h.TextContent.Trim()).ToArray();

        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync($"/tracks/{c}/up", [], tokenFrom: "/tracks")).StatusCode);
        Assert.Equal(["A", "C", "B"], await OrderAsync());
        await user.PostFormAsync($"/tracks/{a}/down", [], tokenFrom: "/tracks");
        Assert.Equal(["C", "A", "B"], await OrderAsync());
        await user.PostFormAsync($"/tracks/{c}/up", [], tokenFrom: "/tracks"); // already first: stays
        Assert.Equal(["C", "A", "B"], await OrderAsync());

        await user.PostFormAsync($"/tracks/{a}/archive", [], tokenFrom: "/tracks");
        Assert.Equal(["C", "B"], await OrderAsync());
        Assert.Contains("Archived", await user.Client.GetStringAsync("/tracks"));
        await user.PostFormAsync($"/tracks/{a}/restore", [], tokenFrom: "/tracks");
        Assert.Equal(["C", "B", "A"], await OrderAsync()); // back at the end

        await user.PostFormAsync("/relapse/new", new() { ["Input.Track"] = b.ToString(), ["Input.Trigger"] = "stress", ["Input.Severity"] = "3" });
        await user.PostFormAsync("/urges", new() { ["Input.Track"] = b.ToString(), ["Input.Trigger"] = "stress", ["Input.Intensity"] = "3" });
        var details = await user.Client.GetStringAsync($"/tracks/{b}");
        Assert.Contains("1 relapse and 1 urge", details);
        Assert.Contains("archive it instead", details);
        var unconfirmed = await user.PostFormAsync($"/tracks/{b}/delete", [], tokenFrom: "/tracks");
        Assert.Equal(HttpStatusCode.Redirect, unconfirmed.StatusCode);
        await using (var db = app.NewDbContext()) Assert.Equal(3, await db.RecoveryTracks.CountAsync());
        await user.PostFormAsync($"/tracks/{b}/delete", new() { ["confirm"] = "delete" }, tokenFrom: "/tracks");
        await using (var db = app.NewDbContext())
        {
            Assert.Equal(2, await db.RecoveryTracks.CountAsync());
            Assert.Equal((0, 0), (await db.RelapseEvents.CountAsync(), await db.UrgeEvents.CountAsync()));
        }
        Assert.Equal(HttpStatusCode.NotFound, (await user.Client.GetAsync($"/tracks/{b}")).StatusCode);
    }
}

public sealed class TrackFormTestsOnSqlite() : TrackFormTests(DatabaseProvider.Sqlite);

public sealed class TrackFormTestsOnPostgres() : TrackFormTests(DatabaseProvider.Postgres);

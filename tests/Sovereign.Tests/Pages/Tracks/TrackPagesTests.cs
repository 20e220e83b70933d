using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Models;

namespace Sovereign.Tests.Pages.Tracks;

public abstract class TrackPagesTests(DatabaseProvider provider)
{
    internal static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-06-15T12:00:00Z", CultureInfo.InvariantCulture);

    public static Dictionary<string, string> Form(string name, string kind = "other", string cleanSince = "", string cost = "", string currency = "",
        string minutes = "", string reasons = "", string time = "") => new()
    {
        ["Input.Name"] = name, ["Input.Kind"] = kind, ["Input.CleanSince"] = cleanSince, ["Input.CleanSinceTime"] = time, ["Input.CostPerDay"] = cost,
        ["Input.Currency"] = currency, ["Input.MinutesPerDay"] = minutes, ["Input.Reasons"] = reasons,
    };

    internal static async Task<Guid> CreateTrackAsync(TestUser user, Dictionary<string, string> form)
    {
        var response = await user.PostFormAsync("/tracks/new", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return Guid.Parse(response.Headers.Location!.OriginalString.Split('/')[^1]);
    }

    private static (decimal Since, decimal Total) Money(IHtmlDocument page, Guid track)
    {
        var money = page.QuerySelector($"[data-track='{track}'] [data-money-since]")!;
        return (decimal.Parse(money.GetAttribute("data-money-since")!, CultureInfo.InvariantCulture), decimal.Parse(money.GetAttribute("data-money-total")!, CultureInfo.InvariantCulture));
    }

    private static string Since(IHtmlDocument page, Guid track) => page.QuerySelector($"[data-track='{track}'] [data-since]")!.GetAttribute("data-since")!;

    [Fact]
    public async Task A_relapse_on_nicotine_restarts_only_its_clock_and_its_total_savings_stay()
    {
        var clock = new FakeTimeProvider(Now);
        await using var app = await SovereignApp.CreateAsync(provider, clock: clock);
        var user = await TestUser.RegisterAsync(app, timeZone: "UTC");
        var alcohol = await CreateTrackAsync(user, Form("Alcohol", "alcohol", "2026-05-16", "20", "EUR", "90", "My mornings back"));
        var nicotine = await CreateTrackAsync(user, Form("Nicotine", "nicotine", "2026-06-05", "8.50", "EUR", time: "12:00"));

        var before = await user.Client.GetDocumentAsync("/dashboard");
        Assert.Equal(["Alcohol", "Nicotine"], before.QuerySelectorAll("#track-clocks [data-track] h2").Select(h => h.TextContent.Trim()));
        Assert.Equal((610m, 610m), Money(before, alcohol));   // 30½ days × €20
        Assert.Equal((85m, 85m), Money(before, nicotine));    // 10 days × €8.50
        Assert.Contains("€610.00", before.QuerySelector($"[data-track='{alcohol}'] [data-money-since]")!.TextContent);
        Assert.Equal("2745", before.QuerySelector($"[data-track='{alcohol}'] [data-minutes-since]")!.GetAttribute("data-minutes-since")); // 30½ × 90 minutes

        clock.Advance(TimeSpan.FromHours(6));
        var logged = await user.PostFormAsync("/relapse/new", new() { ["Input.Track"] = nicotine.ToString(), ["Input.Trigger"] = "stress", ["Input.Severity"] = "4" });
        Assert.Equal(HttpStatusCode.Redirect, logged.StatusCode);

        var after = await user.Client.GetDocumentAsync("/dashboard");
        Assert.Equal((0m, 87.13m), Money(after, nicotine));   // 10¼ days × €8.50 = €87.125, kept whole
        Assert.Equal((615m, 615m), Money(after, alcohol));    // the alcohol clock ran on: 30¾ days
        Assert.Equal("2026-06-15T18:00:00.0000000Z", Since(after, nicotine));
        Assert.Equal("2026-05-16T00:00:00.0000000Z", Since(after, alcohol));
        var calm = await user.Client.GetDocumentAsync(logged.Headers.Location!.OriginalString);
        Assert.Contains("€87.13 not spent", calm.QuerySelector($".kept [data-track='{nicotine}']")!.TextContent);

        clock.Advance(TimeSpan.FromHours(1));
        var later = await user.Client.GetDocumentAsync("/tracks");
        Assert.Equal((0.35m, 87.48m), Money(later, nicotine)); // a clean hour on top of the total
        await using var db = app.NewDbContext();
        Assert.Equal(nicotine, (await db.RelapseEvents.SingleAsync()).TrackId);
    }

    [Fact]
    public async Task A_track_page_shows_its_reasons_and_only_its_own_events_and_logging_from_it_preselects_it()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        var gambling = await CreateTrackAsync(user, Form("Betting", "gambling", reasons: "The kids' savings"));
        var alcohol = await CreateTrackAsync(user, Form("Alcohol", "alcohol"));
        var form = await user.Client.GetDocumentAsync($"/relapse/new?track={gambling}");
        Assert.Equal(gambling.ToString(), form.QuerySelector("#Input_Track option[selected]")!.GetAttribute("value"));
        Assert.Null((await user.Client.GetDocumentAsync("/relapse/new")).QuerySelector("#Input_Track option[selected]"));

        await user.PostFormAsync("/relapse/new", new() { ["Input.Track"] = gambling.ToString(), ["Input.Trigger"] = "stress", ["Input.Severity"] = "3", ["Input.Notes"] = "at the bookmaker" });
        await user.PostFormAsync("/relapse/new", new() { ["Input.Track"] = alcohol.ToString(), ["Input.Trigger"] = "other", ["Input.Severity"] = "3", ["Input.Notes"] = "at the pub" });
        var page = await user.Client.GetStringAsync($"/tracks/{gambling}");
        Assert.Contains("The kids&#x27; savings", page);
        Assert.Contains("at the bookmaker", page);
        Assert.DoesNotContain("at the pub", page);
        var timeline = await user.Client.GetStringAsync($"/relapse?track={alcohol}");
        Assert.Contains("at the pub", timeline);
        Assert.DoesNotContain("at the bookmaker", timeline);

        // Editing opens on the event's own track, and can move it to another.
        Guid bookmaker;
        await using (var read = app.NewDbContext()) bookmaker = (await read.RelapseEvents.SingleAsync(r => r.Notes == "at the bookmaker")).Id;
        var edit = await user.Client.GetDocumentAsync($"/relapse/{bookmaker}/edit");
        Assert.Equal(gambling.ToString(), edit.QuerySelector("#Input_Track option[selected]")!.GetAttribute("value"));
        var moved = await user.PostFormAsync($"/relapse/{bookmaker}/edit", new()
        {
            ["Input.Track"] = alcohol.ToString(), ["Input.OccurredAt"] = edit.QuerySelector("#Input_OccurredAt")!.GetAttribute("value")!,
            ["Input.Trigger"] = "stress", ["Input.Severity"] = "3", ["Input.Notes"] = "at the bookmaker",
        });
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        await using (var read = app.NewDbContext()) Assert.Equal(alcohol, (await read.RelapseEvents.SingleAsync(r => r.Id == bookmaker)).TrackId);

        // Several tracks and none chosen: the form asks, and nothing is stored.
        var unchosen = await user.PostFormAsync("/relapse/new", new() { ["Input.Trigger"] = "stress", ["Input.Severity"] = "3" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unchosen.StatusCode);
        Assert.Contains("Choose which recovery", (await TestUser.ParseAsync(unchosen)).QuerySelector("#Input_Track-error")!.TextContent);
        await using var db = app.NewDbContext();
        Assert.Equal(2, await db.RelapseEvents.CountAsync());
    }

    [Fact]
    public async Task Someone_without_a_track_who_logs_an_urge_gets_a_first_track_and_the_dashboard_invites_one_before()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        var dashboard = await user.Client.GetDocumentAsync("/dashboard");
        Assert.Equal("/tracks/new?welcome=true", dashboard.QuerySelector(".first-step a")!.GetAttribute("href"));
        var welcome = await user.Client.GetDocumentAsync("/tracks/new?welcome=true");
        Assert.Equal("What are you recovering from?", welcome.QuerySelector("h1")!.TextContent);
        Assert.Equal("/dashboard", welcome.QuerySelector("a.btn-link")!.GetAttribute("href")); // skip

        var urge = await user.PostFormAsync("/urges", new() { ["Input.Trigger"] = "stress", ["Input.Intensity"] = "6" });
        Assert.Equal(HttpStatusCode.Redirect, urge.StatusCode);
        await using var db = app.NewDbContext();
        var track = await db.RecoveryTracks.SingleAsync();
        Assert.Equal((RecoveryTrack.FirstTrackName, user.Id), (track.Name, track.UserId));
        Assert.Equal(track.Id, (await db.UrgeEvents.SingleAsync()).TrackId);
        Assert.Null((await user.Client.GetDocumentAsync("/dashboard")).QuerySelector(".first-step"));
    }

    [Fact]
    public async Task Insights_filter_by_track_and_compare_tracks_that_each_have_enough_relapses()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        var alcohol = await CreateTrackAsync(user, Form("Alcohol", "alcohol"));
        var betting = await CreateTrackAsync(user, Form("Betting", "gambling"));
        async Task LogAsync(Guid track, string trigger, int severity, int daysAgo) => Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync("/relapse/new", new()
        {
            ["Input.Track"] = track.ToString(), ["Input.Trigger"] = trigger, ["Input.Severity"] = severity.ToString(CultureInfo.InvariantCulture),
            ["Input.OccurredAt"] = TimeZoneInfo.ConvertTimeBySystemTimeZoneId(DateTime.UtcNow.AddDays(-daysAgo), TestUser.DefaultTimeZone).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture),
        })).StatusCode);
        foreach (var d in new[] { 30, 20, 10 }) await LogAsync(alcohol, "social_situation", 6, d);
        foreach (var d in new[] { 25, 15 }) await LogAsync(betting, "stress", 3, d);

        var few = await user.Client.GetDocumentAsync("/insights");
        Assert.NotNull(few.QuerySelector("#no-comparison")); // Betting has only two relapses
        await LogAsync(betting, "stress", 4, 5);
        var both = await user.Client.GetDocumentAsync("/insights");
        var rows = both.QuerySelectorAll("#track-comparison tbody tr").Select(r => string.Join("|", r.Children.Select(c => c.TextContent.Trim()))).ToList();
        Assert.Equal(["Alcohol|3|0|A social situation|6.0 of 10", "Betting|3|0|Stress|3.3 of 10"], rows);

        var alcoholOnly = await user.Client.GetDocumentAsync($"/insights?track={alcohol}");
        Assert.Contains("about Alcohol", alcoholOnly.QuerySelector("h1")!.TextContent);
        Assert.Contains("3 relapses", alcoholOnly.QuerySelector(".lead")!.TextContent);
        Assert.Null(alcoholOnly.QuerySelector("#track-comparison"));
        Assert.Equal(HttpStatusCode.NotFound, (await user.Client.GetAsync("/insights?track=not-a-track")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await user.Client.GetAsync($"/insights?track={Guid.CreateVersion7()}")).StatusCode);

        var timeline = await user.Client.GetDocumentAsync("/relapse");
        Assert.Equal(["Betting", "Alcohol", "Betting", "Alcohol", "Betting", "Alcohol"], timeline.QuerySelectorAll(".relapse-row .event-track").Select(e => e.TextContent));
    }
}

public sealed class TrackPagesTestsOnSqlite() : TrackPagesTests(DatabaseProvider.Sqlite);

public sealed class TrackPagesTestsOnPostgres() : TrackPagesTests(DatabaseProvider.Postgres);

using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Sovereign.Tests.Pages.Tracks;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;

namespace Sovereign.Tests.Pages.CheckIn;

public abstract class CheckInPagesTests(DatabaseProvider provider)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-06-15T12:00:00Z", CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Evening(string mood = "4", string craving = "3", string hours = "", string wentWell = "", string note = "") => new()
    {
        ["Input.Mood"] = mood, ["Input.Craving"] = craving, ["Input.HoursSlept"] = hours, ["Input.WentWell"] = wentWell, ["Input.Note"] = note,
    };

    private static async Task<Guid> TrackAsync(TestUser user, string name = "Alcohol", string kind = "alcohol")
    {
        var response = await user.PostFormAsync("/tracks/new", TrackPagesTests.Form(name, kind));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return Guid.Parse(response.Headers.Location!.OriginalString.Split('/')[^1]);
    }

    private static async Task<List<Sovereign.Web.Models.CheckIn>> CheckInsAsync(SovereignApp app, Guid userId)
    {
        await using var db = app.NewDbContext();
        return await db.CheckIns.AsNoTracking().Include(c => c.Commitments).Where(c => c.UserId == userId).OrderBy(c => c.LocalDate).ToListAsync();
    }

    [Fact]
    public async Task Morning_and_evening_make_one_check_in_a_day_and_the_streak_counts_the_days()
    {
        await using var app = await SovereignApp.CreateAsync(provider, clock: new FakeTimeProvider(Now));
        var user = await TestUser.RegisterAsync(app, timeZone: "UTC");
        var alcohol = await TrackAsync(user);
        var card = (await user.Client.GetDocumentAsync("/dashboard")).QuerySelector("#check-in")!;
        Assert.Equal("0", card.GetAttribute("data-streak"));
        Assert.Equal("Today I stay away from alcohol.", card.QuerySelector($"[data-track='{alcohol}'] span")!.TextContent);
        // The card names no day: a dashboard left open overnight commits to the day it is tapped on.
        Assert.DoesNotContain("date=", card.QuerySelector("button[formaction]")!.GetAttribute("formaction"));

        // The morning, without JavaScript: the card's button posts the page's form of actions and comes back.
        var committed = await user.PostFormAsync($"/checkin/commit?date=2026-06-15&track={alcohol}", new() { ["returnUrl"] = "/dashboard" }, tokenFrom: "/dashboard");
        Assert.Equal("/dashboard", committed.Headers.Location?.OriginalString);
        card = (await user.Client.GetDocumentAsync("/dashboard")).QuerySelector("#check-in")!;
        Assert.Equal(("1", "true"), (card.GetAttribute("data-streak"), card.QuerySelector($"[data-track='{alcohol}']")!.GetAttribute("data-committed")));

        // The evening, then changed the same day: still one check-in.
        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync("/checkin?date=2026-06-15", Evening(hours: "7.5", wentWell: "A walk", note: "Quiet day"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync("/checkin", Evening(mood: "2", craving: "6"))).StatusCode);
        var today = Assert.Single(await CheckInsAsync(app, user.Id));
        Assert.Equal((new DateOnly(2026, 6, 15), 2, 6, (decimal?)null, false), (today.LocalDate, today.Mood!.Value, today.Craving!.Value, today.HoursSlept, today.Backfilled));
        Assert.Equal(alcohol, Assert.Single(today.Commitments).TrackId);
        Assert.Equal("true", (await user.Client.GetDocumentAsync("/dashboard")).QuerySelector("#check-in")!.GetAttribute("data-evening-done"));

        // Yesterday, filled in today: kept as backfilled, and the streak is two days.
        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync("/checkin?date=2026-06-14", Evening())).StatusCode);
        var days = await CheckInsAsync(app, user.Id);
        Assert.Equal([true, false], days.Select(d => d.Backfilled));
        Assert.Equal("2", (await user.Client.GetDocumentAsync("/dashboard")).QuerySelector("#check-in")!.GetAttribute("data-streak"));

        // Over htmx the answer is the card, out of band (it replaces the dashboard's card wherever it is); taking the commitment back leaves the evening.
        var page = await user.Client.GetDocumentAsync("/dashboard");
        var htmx = await user.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/checkin/commit?date=2026-06-15&track={alcohol}&undo=true") { Content = new FormUrlEncodedContent([]) }
            .Htmx(page.AntiforgeryToken()));
        Assert.Equal(HttpStatusCode.OK, htmx.StatusCode);
        Assert.False(htmx.Headers.Contains("HX-Retarget"));
        var answer = Html.Parse(await htmx.Content.ReadAsStringAsync());
        Assert.Equal("true", answer.QuerySelector("#check-in")!.GetAttribute("hx-swap-oob"));
        Assert.Equal("false", answer.QuerySelector($"[data-track='{alcohol}']")!.GetAttribute("data-committed"));
        Assert.Empty((await CheckInsAsync(app, user.Id))[1].Commitments);
    }

    [Fact]
    public async Task A_hard_evening_leads_to_the_plan_for_the_days_trigger_and_earlier_evenings_can_be_read_again()
    {
        await using var app = await SovereignApp.CreateAsync(provider, clock: new FakeTimeProvider(Now));
        var user = await TestUser.RegisterAsync(app, timeZone: "UTC");
        // A calm evening: rest well.
        var calm = await user.PostFormAsync("/checkin?date=2026-06-14", Evening(craving: "2", note: "PRIVATE calm evening"));
        Assert.Equal("/dashboard", calm.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync("/checkin", Evening(craving: "3"))).StatusCode);
        Assert.Contains("Rest well", (await user.Client.GetDocumentAsync("/dashboard")).QuerySelector("main .alert")!.TextContent);

        // An urge set off by stress today, then an evening with craving 8: the plan for stress and the people to call.
        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync("/urges", new() { ["Input.Intensity"] = "8", ["Input.Trigger"] = "stress" })).StatusCode);
        var hard = await user.PostFormAsync("/checkin", Evening(craving: "8"));
        Assert.Equal("/help?trigger=stress#going-on", hard.Headers.Location?.OriginalString);
        var help = await user.Client.GetDocumentAsync(hard.Headers.Location!.OriginalString);
        Assert.Contains("A craving of 8 is a lot to carry tonight", help.QuerySelector("main .alert")!.TextContent);
        Assert.DoesNotContain("Rest well", help.QuerySelector("main")!.TextContent);
        Assert.NotNull(help.QuerySelector(".help-plan[data-trigger='stress']"));

        // Earlier evenings are listed on the check-in page, their notes folded away.
        var page = await user.Client.GetDocumentAsync("/checkin");
        var past = page.QuerySelector(".past-check-ins li[data-date='2026-06-14']")!;
        Assert.Contains("PRIVATE calm evening", past.QuerySelector("details")!.TextContent);
        Assert.Empty(page.QuerySelectorAll(".past-check-ins li[data-date='2026-06-15']")); // today is the form above
    }

    [Fact]
    public async Task Earlier_evenings_go_back_fourteen_at_a_time()
    {
        await using var app = await SovereignApp.CreateAsync(provider, clock: new FakeTimeProvider(Now));
        var user = await TestUser.RegisterAsync(app, timeZone: "UTC");
        var today = new DateOnly(2026, 6, 15);
        for (var d = 1; d <= 20; d++)
            Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync($"/checkin?date={today.AddDays(-d):yyyy-MM-dd}", Evening())).StatusCode);
        var first = await user.Client.GetDocumentAsync("/checkin");
        var days = first.QuerySelectorAll(".past-check-ins li").Select(li => li.GetAttribute("data-date")).ToList();
        Assert.Equal(Enumerable.Range(1, 14).Select(d => today.AddDays(-d).ToString("yyyy-MM-dd")), days);
        var earlier = first.QuerySelector("#past a:not(.past-check-ins a)")!.GetAttribute("href")!;
        Assert.Equal("/checkin?date=2026-05-31#past", earlier);
        var second = await user.Client.GetDocumentAsync(earlier);
        Assert.Equal(["2026-05-30", "2026-05-29", "2026-05-28", "2026-05-27", "2026-05-26"], second.QuerySelectorAll(".past-check-ins li").Select(li => li.GetAttribute("data-date")));
        Assert.Null(second.QuerySelector("#past a:not(.past-check-ins a)"));
    }

    [Fact]
    public async Task A_commitment_taken_back_with_nothing_else_that_day_leaves_no_check_in()
    {
        await using var app = await SovereignApp.CreateAsync(provider, clock: new FakeTimeProvider(Now));
        var user = await TestUser.RegisterAsync(app, timeZone: "UTC");
        var track = await TrackAsync(user);
        await user.PostFormAsync($"/checkin/commit?track={track}", [], tokenFrom: "/dashboard");
        Assert.Single(await CheckInsAsync(app, user.Id));
        await user.PostFormAsync($"/checkin/commit?track={track}&undo=true", [], tokenFrom: "/dashboard");
        Assert.Empty(await CheckInsAsync(app, user.Id));
        Assert.Equal("0", (await user.Client.GetDocumentAsync("/dashboard")).QuerySelector("#check-in")!.GetAttribute("data-streak"));
    }

    [Fact]
    public async Task A_check_in_changed_the_next_day_stays_on_time_and_a_commitment_outlives_neither_archive_nor_delete()
    {
        var clock = new FakeTimeProvider(Now);
        await using var app = await SovereignApp.CreateAsync(provider, clock: clock);
        var user = await TestUser.RegisterAsync(app, timeZone: "Asia/Tokyo"); // 21:00 there: the next day is four hours away
        var alcohol = await TrackAsync(user);
        var gaming = await TrackAsync(user, "Gaming", "gaming");
        await user.PostFormAsync($"/checkin/commit?track={alcohol}", [], tokenFrom: "/dashboard");
        clock.Advance(TimeSpan.FromHours(4));
        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync("/checkin?date=2026-06-15", Evening())).StatusCode);
        Assert.False(Assert.Single(await CheckInsAsync(app, user.Id)).Backfilled); // made on its day, finished the next

        // Archived, a commitment can still be taken back (not made).
        await user.PostFormAsync($"/checkin/commit?track={gaming}", [], tokenFrom: "/dashboard");
        await user.PostFormAsync($"/tracks/{gaming}/archive", [], tokenFrom: $"/tracks/{gaming}");
        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync($"/checkin/commit?track={gaming}&undo=true", [], tokenFrom: "/dashboard")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await user.PostFormAsync($"/checkin/commit?track={gaming}", [], tokenFrom: "/dashboard")).StatusCode);

        // A day that held only a commitment to a deleted track is no check-in any more (and the export still imports).
        await user.PostFormAsync($"/checkin/commit?track={alcohol}", [], tokenFrom: "/dashboard");
        await user.PostFormAsync($"/tracks/{alcohol}/delete", new() { ["confirm"] = "delete" }, tokenFrom: "/tracks");
        Assert.Equal([new DateOnly(2026, 6, 15)], (await CheckInsAsync(app, user.Id)).Select(c => c.LocalDate));
    }

    [Theory]
    [InlineData("Input.Mood", "")]
    [InlineData("Input.Mood", "6")]
    [InlineData("Input.Mood", "0")]
    [InlineData("Input.Mood", "good")]
    [InlineData("Input.Craving", "11")]
    [InlineData("Input.Craving", "-1")]
    [InlineData("Input.HoursSlept", "25")]
    [InlineData("Input.HoursSlept", "-1")]
    [InlineData("Input.HoursSlept", "lots")]
    [InlineData("Input.WentWell", "501")]
    [InlineData("Input.Note", "2001")]
    public async Task A_bad_evening_field_is_a_422_with_a_message_and_nothing_is_stored(string field, string value)
    {
        await using var app = await SovereignApp.CreateAsync(provider, clock: new FakeTimeProvider(Now));
        var user = await TestUser.RegisterAsync(app, timeZone: "UTC");
        var form = Evening();
        form[field] = value is "501" or "2001" ? new string('x', int.Parse(value, CultureInfo.InvariantCulture)) : value;
        var response = await user.PostFormAsync("/checkin", form);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains((await TestUser.ParseAsync(response)).QuerySelectorAll(".invalid-feedback"), e => e.TextContent.Trim().Length > 0);
        Assert.Empty(await CheckInsAsync(app, user.Id));
    }

    [Fact]
    public async Task Another_users_track_an_archived_track_and_days_outside_the_calendar_are_404s()
    {
        await using var app = await SovereignApp.CreateAsync(provider, clock: new FakeTimeProvider(Now));
        var owner = await TestUser.RegisterAsync(app, timeZone: "UTC");
        var theirs = await TrackAsync(owner);
        var user = await TestUser.RegisterAsync(app, timeZone: "UTC");
        var archived = await TrackAsync(user, "Gaming", "gaming");
        await user.PostFormAsync($"/tracks/{archived}/archive", [], tokenFrom: $"/tracks/{archived}");

        foreach (var url in new[] { $"/checkin/commit?track={theirs}", $"/checkin/commit?track={archived}", $"/checkin/commit?track={Guid.NewGuid()}",
                     "/checkin?date=2026-06-16", "/checkin?date=1899-12-31", "/checkin?date=2026-02-30", "/checkin?date=junk" })
            Assert.Equal(HttpStatusCode.NotFound, (await user.PostFormAsync(url, Evening(), tokenFrom: "/dashboard")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await user.Client.GetAsync("/checkin?date=9999-12-31")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/checkin?date=1900-01-01")).StatusCode);
        Assert.Empty(await CheckInsAsync(app, user.Id));
        Assert.Empty(await CheckInsAsync(app, owner.Id));
    }

    [Theory]
    [InlineData("Pacific/Kiritimati", "2026-06-16")] // UTC+14: already tomorrow
    [InlineData("Pacific/Pago_Pago", "2026-06-15")]  // UTC−11: still today
    public async Task A_check_in_is_kept_under_the_users_own_day_at_both_ends_of_the_date_line(string zone, string localDay)
    {
        await using var app = await SovereignApp.CreateAsync(provider, clock: new FakeTimeProvider(Now));
        var user = await TestUser.RegisterAsync(app, timeZone: zone);
        var track = await TrackAsync(user);
        await user.PostFormAsync($"/checkin/commit?track={track}", [], tokenFrom: "/dashboard");
        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync("/checkin", Evening())).StatusCode);
        Assert.Equal(DateOnly.Parse(localDay, CultureInfo.InvariantCulture), Assert.Single(await CheckInsAsync(app, user.Id)).LocalDate);
        foreach (var url in new[] { "/dashboard", "/checkin", $"/checkin?date={localDay}", "/insights", "/plan", "/help" })
            Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync(url)).StatusCode);
        Assert.Equal("1", (await user.Client.GetDocumentAsync("/dashboard")).QuerySelector("#check-in")!.GetAttribute("data-streak"));
    }
}

public sealed class CheckInPagesTestsOnSqlite() : CheckInPagesTests(DatabaseProvider.Sqlite);

public sealed class CheckInPagesTestsOnPostgres() : CheckInPagesTests(DatabaseProvider.Postgres);

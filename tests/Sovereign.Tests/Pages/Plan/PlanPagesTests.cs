using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Models;

namespace Sovereign.Tests.Pages.Plan;

public abstract class PlanPagesTests(DatabaseProvider provider)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-06-15T12:00:00Z", CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Step(string trigger, string text) => new() { ["Step.Trigger"] = trigger, ["Step.Text"] = text };
    private static Dictionary<string, string> Person(string name, string phone, string note = "") => new() { ["Person.Name"] = name, ["Person.Phone"] = phone, ["Person.Note"] = note };

    /// <summary>Relapses and urges on the user's first track, at the given days before now.</summary>
    private static async Task SeedAsync(SovereignApp app, TestUser user, (int DaysAgo, TriggerType Trigger)[] relapses, (int DaysAgo, TriggerType Trigger, string? Helped)[] urges)
    {
        await using var db = app.NewDbContext();
        db.RecoveryTracks.Add(Entities.Track(user.Id));
        foreach (var (daysAgo, trigger) in relapses)
            db.RelapseEvents.Add(Entities.Relapse(await db.Users.SingleAsync(u => u.Id == user.Id), Now.UtcDateTime.AddDays(-daysAgo), trigger: trigger));
        foreach (var (daysAgo, trigger, helped) in urges)
            db.UrgeEvents.Add(new UrgeEvent { UserId = user.Id, TrackId = user.Id, OccurredAt = Now.UtcDateTime.AddDays(-daysAgo), Intensity = 6, TriggerType = trigger, HelpedWith = helped });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task The_ninety_days_end_between_89_and_91_days_ago_and_another_users_events_never_count()
    {
        await using var app = await SovereignApp.CreateAsync(provider, clock: new FakeTimeProvider(Now));
        var user = await TestUser.RegisterAsync(app, timeZone: "UTC");
        var other = await TestUser.RegisterAsync(app, timeZone: "UTC");
        await SeedAsync(app, user, relapses: [(89, TriggerType.EnvironmentalCue), (91, TriggerType.PeerPressure)], urges: [(89, TriggerType.EnvironmentalCue, null), (91, TriggerType.Other, "breathing")]);
        await SeedAsync(app, other, relapses: [(1, TriggerType.Stress), (2, TriggerType.Stress)], urges: [(1, TriggerType.EmotionalDistress, "called_someone")]);

        var suggestions = (await user.Client.GetDocumentAsync("/plan")).QuerySelectorAll(".plan-suggestion");
        Assert.Equal(["environmental_cue"], suggestions.Select(s => s.GetAttribute("data-trigger")!));
        Assert.Contains("1 relapse and 1 urge", suggestions[0].TextContent);
        Assert.Equal(["stress", "emotional_distress"], (await other.Client.GetDocumentAsync("/plan")).QuerySelectorAll(".plan-suggestion").Select(s => s.GetAttribute("data-trigger")!));
    }

    [Fact]
    public async Task The_plan_suggests_where_to_start_from_the_last_ninety_days_and_saves_only_on_a_tap()
    {
        await using var app = await SovereignApp.CreateAsync(provider, clock: new FakeTimeProvider(Now));
        var user = await TestUser.RegisterAsync(app, timeZone: "UTC");
        await SeedAsync(app, user,
            relapses: [(3, TriggerType.Stress), (10, TriggerType.Stress), (20, TriggerType.SocialSituation), (200, TriggerType.PeerPressure)],
            urges: [(1, TriggerType.Stress, "went_for_a_walk,called_someone"), (5, TriggerType.Stress, "went_for_a_walk"), (40, TriggerType.SocialSituation, null),
                (60, TriggerType.Other, "breathing"), (120, TriggerType.Other, "urge_surfing")]);

        // Hand-counted: stress 2 relapses + 2 urges (a walk twice, a call once); social 1 + 1; other 0 + 1 (breathing). The pressure
        // relapse 200 days ago and the urge 120 days ago are older than 90 days.
        var page = await user.Client.GetDocumentAsync("/plan");
        var suggestions = page.QuerySelectorAll(".plan-suggestion");
        Assert.Equal(["stress", "social_situation", "other"], suggestions.Select(s => s.GetAttribute("data-trigger")!));
        Assert.Contains("2 relapses and 2 urges", suggestions[0].TextContent);
        Assert.Contains("What helped: Went for a walk, Called someone.", suggestions[0].TextContent);
        Assert.Equal("If I'm stressed, then I will go for a walk and call someone.", suggestions[0].QuerySelector("textarea")!.TextContent);
        Assert.Equal("If I'm somewhere people are using, then I will go for a walk and call someone.", suggestions[1].QuerySelector("textarea")!.TextContent);
        Assert.Equal("If the urge comes, then I will breathe slowly for five minutes.", suggestions[2].QuerySelector("textarea")!.TextContent);
        await using (var db = app.NewDbContext()) Assert.False(await db.PlanSteps.AnyAsync()); // suggested, not saved

        // Accepted with the user's own words: saved, and the trigger is no longer suggested.
        var saved = await user.PostFormAsync("/plan/addstep", Step("stress", "If I'm stressed after work, then I walk for twenty minutes and call Sam."), tokenFrom: "/plan");
        Assert.Equal("/plan#plan-stress", saved.Headers.Location?.OriginalString);
        page = await user.Client.GetDocumentAsync("/plan");
        Assert.Equal(["social_situation", "other"], page.QuerySelectorAll(".plan-suggestion").Select(s => s.GetAttribute("data-trigger")!));
        Assert.Equal("If I'm stressed after work, then I walk for twenty minutes and call Sam.", page.QuerySelector("#plan-stress .plan-text")!.TextContent);
    }

    [Fact]
    public async Task People_and_plans_show_on_the_help_page_for_the_trigger_picked_and_after_a_relapse()
    {
        await using var app = await SovereignApp.CreateAsync(provider, clock: new FakeTimeProvider(Now));
        var user = await TestUser.RegisterAsync(app, timeZone: "UTC");
        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync("/plan/addstep", Step("stress", "Walk, then call Sam."), tokenFrom: "/plan")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync("/plan/addperson", Person("Sam", "+44 20 7946 0000", "My sponsor"), tokenFrom: "/plan")).StatusCode);

        var help = await user.Client.GetDocumentAsync("/help?trigger=stress");
        Assert.Equal("tel:+442079460000", help.QuerySelector(".support-people a")!.GetAttribute("href"));
        Assert.Equal("Walk, then call Sam.", help.QuerySelector(".help-plan[data-trigger=stress] li")!.TextContent);
        Assert.Null((await user.Client.GetDocumentAsync("/help?trigger=peer_pressure")).QuerySelector(".help-plan li"));
        Assert.NotNull((await user.Client.GetDocumentAsync("/help?trigger=nonsense")).QuerySelector("#going-on"));

        var logged = await user.PostFormAsync("/relapse/new", new() { ["Input.Trigger"] = "stress", ["Input.Severity"] = "6", ["Input.Notes"] = "After the meeting ran late" });
        var after = logged.Headers.Location!.OriginalString;
        Assert.Matches("^/relapse/[0-9a-f-]{36}/after$", after);
        var page = await user.Client.GetDocumentAsync(after);
        Assert.Equal("Walk, then call Sam.", page.QuerySelector(".plan-steps li")!.TextContent);
        Assert.Equal("tel:+442079460000", page.QuerySelector(".support-people a")!.GetAttribute("href"));
        Assert.NotNull(page.QuerySelector(".kept [data-total-clean]"));
        foreach (var word in new[] { "fail", "failure", "reset", "lost", "ruined", "shame", "weak", "start over", "back to zero" })
            Assert.DoesNotContain(word, page.QuerySelector("main")!.TextContent, StringComparison.OrdinalIgnoreCase);

        // No plan for that trigger: an invitation, and the notes only when asked for.
        var other = await user.PostFormAsync("/relapse/new", new() { ["Input.Trigger"] = "social_situation", ["Input.Severity"] = "3", ["Input.Notes"] = "The wedding" });
        var invitation = await user.Client.GetDocumentAsync(other.Headers.Location!.OriginalString);
        Assert.Null(invitation.QuerySelector(".plan-steps"));
        var fromNotes = invitation.QuerySelectorAll("a").Single(a => a.TextContent.Contains("from what I noted")).GetAttribute("href")!;
        Assert.DoesNotContain("The wedding", (await user.Client.GetDocumentAsync("/plan?trigger=social_situation")).QuerySelector("#Step_Text")!.TextContent);
        Assert.Contains("The wedding", (await user.Client.GetDocumentAsync(fromNotes)).QuerySelector("#Step_Text")!.TextContent);
    }

    [Theory]
    [InlineData("addstep", "Step.Trigger", "")]
    [InlineData("addstep", "Step.Trigger", "boredom")]
    [InlineData("addstep", "Step.Text", "")]
    [InlineData("addstep", "Step.Text", "501")]
    [InlineData("addperson", "Person.Name", "")]
    [InlineData("addperson", "Person.Name", "101")]
    [InlineData("addperson", "Person.Phone", "")]
    [InlineData("addperson", "Person.Phone", "call me maybe")]
    [InlineData("addperson", "Person.Phone", "12")]
    [InlineData("addperson", "Person.Note", "501")]
    public async Task A_bad_field_is_a_422_with_a_message_and_nothing_is_stored(string handler, string field, string value)
    {
        await using var app = await SovereignApp.CreateAsync(provider, clock: new FakeTimeProvider(Now));
        var user = await TestUser.RegisterAsync(app, timeZone: "UTC");
        var form = handler == "addstep" ? Step("stress", "Walk.") : Person("Sam", "+1 555 0100");
        form[field] = value is "101" or "501" ? new string('x', int.Parse(value, CultureInfo.InvariantCulture)) : value;
        var response = await user.PostFormAsync($"/plan/{handler}", form, tokenFrom: "/plan");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains((await TestUser.ParseAsync(response)).QuerySelectorAll(".invalid-feedback"), e => e.TextContent.Trim().Length > 0);
        await using var db = app.NewDbContext();
        Assert.False(await db.PlanSteps.AnyAsync() || await db.SupportPeople.AnyAsync());
    }

    [Fact]
    public async Task Another_users_plan_person_and_relapse_are_404s()
    {
        await using var app = await SovereignApp.CreateAsync(provider, clock: new FakeTimeProvider(Now));
        var owner = await TestUser.RegisterAsync(app, timeZone: "UTC");
        await owner.PostFormAsync("/plan/addstep", Step("stress", "Walk."), tokenFrom: "/plan");
        await owner.PostFormAsync("/plan/addperson", Person("Samwise Owner", "+1 555 0100"), tokenFrom: "/plan");
        var relapse = (await owner.PostFormAsync("/relapse/new", new() { ["Input.Trigger"] = "stress", ["Input.Severity"] = "6" })).Headers.Location!.OriginalString;
        Guid step, person;
        await using (var db = app.NewDbContext()) (step, person) = (await db.PlanSteps.Select(p => p.Id).SingleAsync(), await db.SupportPeople.Select(p => p.Id).SingleAsync());

        var user = await TestUser.RegisterAsync(app, timeZone: "UTC");
        Assert.Equal(HttpStatusCode.NotFound, (await user.PostFormAsync($"/plan/deletestep?id={step}", [], tokenFrom: "/plan")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await user.PostFormAsync($"/plan/deleteperson?id={person}", [], tokenFrom: "/plan")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await user.Client.GetAsync(relapse)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await user.Client.GetAsync($"/plan?from={relapse.Split('/')[2]}")).StatusCode);
        Assert.DoesNotContain("Samwise", (await user.Client.GetDocumentAsync("/help")).QuerySelector("main")!.TextContent);
        await using (var db = app.NewDbContext()) Assert.Equal((1, 1), (await db.PlanSteps.CountAsync(), await db.SupportPeople.CountAsync()));

        Assert.Equal(HttpStatusCode.Redirect, (await owner.PostFormAsync($"/plan/deletestep?id={step}", [], tokenFrom: "/plan")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await owner.PostFormAsync($"/plan/deleteperson?id={person}", [], tokenFrom: "/plan")).StatusCode);
        await using (var db = app.NewDbContext()) Assert.Equal((0, 0), (await db.PlanSteps.CountAsync(), await db.SupportPeople.CountAsync()));
    }
}

public sealed class PlanPagesTestsOnSqlite() : PlanPagesTests(DatabaseProvider.Sqlite);

public sealed class PlanPagesTestsOnPostgres() : PlanPagesTests(DatabaseProvider.Postgres);

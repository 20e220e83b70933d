using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Account;

namespace Sovereign.Tests.Pages.Account;

public abstract class AccountTests(DatabaseProvider provider)
{
    internal static Dictionary<string, string> Profile(TestUser user, string timeZone = "America/Denver", string hour = "2") => new()
    {
        ["Profile.Username"] = user.Username, ["Profile.TimeZone"] = timeZone, ["Profile.DayEndsAtHour"] = hour,
    };

    /// <summary>Two habits (one archived) with three logs, and a relapse whose note looks like a spreadsheet formula.</summary>
    internal static async Task SeedHistoryAsync(SovereignApp app, Guid userId)
    {
        await using var db = app.NewDbContext();
        var walk = new Habit { UserId = userId, Name = "Evening walk", Description = "Around the park, 20 minutes" };
        var call = new Habit { UserId = userId, Name = "Call my sponsor", Frequency = HabitFrequency.Weekly, IsActive = false };
        var nicotine = new RecoveryTrack { UserId = userId, Name = "Nicotine", Kind = TrackKind.Nicotine, CostPerDay = 12.5m, Currency = "EUR", MinutesPerDay = 45,
            CleanSince = new(2026, 1, 2), CleanSinceTime = new(8, 15), Reasons = "My lungs, my kids", Position = 1 };
        db.AddRange(Entities.Track(userId, "Alcohol", TrackKind.Alcohol), nicotine, walk, call,
            new HabitLog { HabitId = walk.Id, UserId = userId, CompletedAt = DateTime.Parse("2026-02-14T10:30:45.123456Z").ToUniversalTime(), LocalDate = new(2026, 2, 14), StreakCount = 1, Notes = "Felt good — rain, then sun ☀" },
            new HabitLog { HabitId = walk.Id, UserId = userId, CompletedAt = DateTime.Parse("2026-02-15T10:00:00Z").ToUniversalTime(), LocalDate = new(2026, 2, 15), StreakCount = 2 },
            new HabitLog { HabitId = call.Id, UserId = userId, CompletedAt = DateTime.Parse("2026-02-16T18:00:00Z").ToUniversalTime(), LocalDate = new(2026, 2, 16), StreakCount = 1 },
            new HabitSkip { HabitId = call.Id, UserId = userId, PeriodStart = new(2026, 2, 23) },
            new RelapseEvent { UserId = userId, TrackId = userId, OccurredAt = DateTime.Parse("2026-03-01T23:59:59.999Z").ToUniversalTime(), TriggerType = TriggerType.SocialSituation, Severity = 6, Notes = "=HYPERLINK(\"x\") <b>not bold</b>", Lonely = true },
            new UrgeEvent { UserId = userId, TrackId = nicotine.Id, OccurredAt = DateTime.Parse("2026-03-05T21:00:00Z").ToUniversalTime(), TriggerType = TriggerType.Stress, Intensity = 8, IntensityAfter = 3, HelpedWith = "called_someone,urge_surfing", Tired = true });
        // Check-ins: a morning on nicotine with its evening, and an evening filled in the next day; a plan and someone to call.
        var morning = new Sovereign.Web.Models.CheckIn { UserId = userId, LocalDate = new(2026, 3, 6), EveningAt = DateTime.Parse("2026-03-06T21:30:00Z").ToUniversalTime(), Mood = 4, Craving = 7,
            Tired = true, HoursSlept = 7.5m, WentWell = "Cooked dinner", Note = "=SUM(A1) hard evening" };
        morning.Commitments.Add(new CheckInCommitment { CheckInId = morning.Id, TrackId = nicotine.Id, UserId = userId });
        db.AddRange(morning,
            new Sovereign.Web.Models.CheckIn { UserId = userId, LocalDate = new(2026, 3, 7), EveningAt = DateTime.Parse("2026-03-08T09:00:00Z").ToUniversalTime(), Mood = 2, Craving = 3, Backfilled = true },
            new PlanStep { UserId = userId, TriggerType = TriggerType.Stress, Text = "If I'm stressed after work, then I walk and call Sam." },
            new SupportPerson { UserId = userId, Name = "Sam", Phone = "+44 20 7946 0000", Note = "My sponsor" });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Settings_change_the_time_zone_and_day_end()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        var response = await user.PostFormAsync("/account/profile", Profile(user));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await user.LoadAsync();
        Assert.Equal("America/Denver", stored.TimeZone);
        Assert.Equal(2, stored.DayEndsAtHour);
        var page = await user.Client.GetDocumentAsync("/account");
        Assert.Contains("saved", page.QuerySelector(".alert-success")!.TextContent);
        Assert.Equal("America/Denver", page.QuerySelector("#Profile_TimeZone option[selected]")!.GetAttribute("value"));
    }

    [Theory]
    [InlineData("Profile.TimeZone", "Atlantis/Capital", "Choose a time zone")]
    [InlineData("Profile.DayEndsAtHour", "7", "midnight to 6 am")]
    [InlineData("Profile.DayEndsAtHour", "soon", "")]
    [InlineData("Profile.Username", "", "Choose a username")]
    public async Task A_bad_setting_is_refused_with_its_message_and_nothing_changes(string field, string value, string message)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-06-01T12:00:00Z"));
        await using var app = await SovereignApp.CreateAsync(provider, clock: clock);
        var user = await TestUser.RegisterAsync(app);
        var before = await user.LoadAsync();
        var fields = Profile(user);
        fields[field] = value;
        var response = await user.PostFormAsync("/account/profile", fields);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await TestUser.ParseAsync(response);
        var error = page.GetElementById(field.Replace('.', '_') + "-error");
        Assert.NotNull(error);
        Assert.Contains(message, error.TextContent);
        var after = await user.LoadAsync();
        Assert.Equal((before.TimeZone, before.DayEndsAtHour, before.Username), (after.TimeZone, after.DayEndsAtHour, after.Username));
    }

    [Fact]
    public async Task A_username_of_another_account_is_refused()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var taken = await TestUser.RegisterAsync(app, username: "Alex");
        var user = await TestUser.RegisterAsync(app);
        var fields = Profile(user);
        fields["Profile.Username"] = "alex";
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await user.PostFormAsync("/account/profile", fields)).StatusCode);
        Assert.Equal(user.Username, (await user.LoadAsync()).Username);
    }

    [Fact]
    public async Task Changing_the_email_needs_the_password()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        var wrong = await user.PostFormAsync("/account/email", new() { ["Email.NewEmail"] = "new@example.org", ["Email.CurrentPassword"] = "nope nope nope" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        Assert.Equal(user.Email, (await user.LoadAsync()).Email);

        var right = await user.PostFormAsync("/account/email", new() { ["Email.NewEmail"] = "new@example.org", ["Email.CurrentPassword"] = user.Password });
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("new@example.org", (await user.LoadAsync()).Email);
    }

    [Fact]
    public async Task Changing_the_email_answers_alike_whether_another_account_has_the_address_and_signs_out_other_devices()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var other = await TestUser.RegisterAsync(app, email: "taken@example.org");
        var prober = await TestUser.RegisterAsync(app);

        async Task<(HttpStatusCode, string?, string, bool)> ChangeAsync(string address)
        {
            var laptop = await prober.SignInElsewhereAsync();
            var response = await prober.PostFormAsync("/account/email", new() { ["Email.NewEmail"] = address, ["Email.CurrentPassword"] = prober.Password });
            var message = (await prober.Client.GetDocumentAsync("/account")).QuerySelector(".alert-success")!.TextContent.Trim();
            var laptopStillIn = (await laptop.GetAsync("/account")).StatusCode == HttpStatusCode.OK;
            return (response.StatusCode, response.Headers.Location?.OriginalString, message, laptopStillIn);
        }

        var taken = await ChangeAsync("taken@example.org");
        var spelledOtherwise = await ChangeAsync("ＴＡＫＥＮ@exam\u00ADple.org");
        var free = await ChangeAsync("free@example.org");
        Assert.Equal(free, taken);
        Assert.Equal(free, spelledOtherwise);
        Assert.Equal((HttpStatusCode.Redirect, "/account", Sovereign.Web.Pages.Account.IndexModel.EmailChanged, false), free);

        // Nothing of the other account changed hands; the free address is the prober's now.
        Assert.Equal("taken@example.org", (await other.LoadAsync()).Email);
        Assert.Equal("free@example.org", (await prober.LoadAsync()).Email);
        Assert.Equal(HttpStatusCode.Redirect, (await TestUser.PostFormAsync(app.NewClient(), "/auth/login",
            new() { ["Input.Login"] = "taken@example.org", ["Input.Password"] = other.Password })).StatusCode);
    }
}

public sealed class AccountTestsOnSqlite() : AccountTests(DatabaseProvider.Sqlite);

public sealed class AccountTestsOnPostgres() : AccountTests(DatabaseProvider.Postgres);

using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Auth;

namespace Sovereign.Tests.Pages.Auth;

/// <summary>Locked when left alone: on the server, by the app's clock (a fake one here), whatever the page does.</summary>
public abstract class SessionLockTests(DatabaseProvider provider)
{
    private const string Pin = "4071";

    private async Task<(SovereignApp App, FakeTimeProvider Clock, TestUser User)> LockingAccountAsync(int minutes = 15, string? pin = Pin)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 22, 40, 0, TimeSpan.Zero));
        var app = await SovereignApp.CreateAsync(provider, clock: clock);
        var user = await TestUser.RegisterAsync(app);
        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync("/account/appearance/lock", new() { ["Lock.After"] = $"{minutes}" })).StatusCode);
        if (pin is not null)
            Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync("/account/appearance/pin",
                new() { ["Pin.NewPin"] = pin, ["Pin.CurrentPassword"] = user.Password })).StatusCode);
        return (app, clock, user);
    }

    private static Task<HttpResponseMessage> UnlockAsync(TestUser user, string secret, string? returnUrl = null) =>
        user.PostFormAsync("/auth/unlock" + (returnUrl is null ? "" : "?returnUrl=" + Uri.EscapeDataString(returnUrl)), new() { ["Secret"] = secret }, tokenFrom: "/auth/unlock");

    [Fact]
    public async Task A_session_left_alone_locks_answers_only_unlock_help_and_sign_out_and_the_PIN_opens_it()
    {
        var (app, clock, user) = await LockingAccountAsync();
        await using var _ = app;
        await using (var db = app.NewDbContext())
        {
            var account = await db.Users.SingleAsync(u => u.Id == user.Id);
            Assert.StartsWith("$2", account.PinHash); // hashed as a password is
            account.Helplines = "Sam, my sponsor: 0612345678";
            await db.SaveChangesAsync();
        }
        var token = (await user.Client.GetDocumentAsync("/habits")).AntiforgeryToken();

        clock.Advance(TimeSpan.FromMinutes(15)); // exactly the lock time: not yet (and this request is activity)
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/dashboard")).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(15) + SessionService.CheckInterval + TimeSpan.FromSeconds(1));

        var page = await user.Client.GetAsync("/plan?trigger=stress");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/auth/unlock?returnUrl=%2Fplan%3Ftrigger%3Dstress", page.Headers.Location!.OriginalString);
        var card = await user.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/habits").Htmx());
        Assert.Equal(HttpStatusCode.Unauthorized, card.StatusCode);
        Assert.Equal("/auth/unlock", card.Headers.GetValues("HX-Redirect").Single());
        // A form left open on the page: refused, nothing written.
        var form = new Dictionary<string, string>(TestUser.HabitForm("Night walk")) { ["__RequestVerificationToken"] = token };
        Assert.Equal("/auth/unlock", (await user.Client.PostAsync("/habits/new", new FormUrlEncodedContent(form))).Headers.Location!.OriginalString);
        await using (var db = app.NewDbContext()) Assert.False(await db.Habits.AnyAsync());

        var help = await user.Client.GetAsync("/help");
        Assert.Equal(HttpStatusCode.OK, help.StatusCode);
        Assert.DoesNotContain("Sam, my sponsor", await help.Content.ReadAsStringAsync()); // the public page, nothing of theirs
        Assert.Equal(HttpStatusCode.Locked, (await user.Client.GetAsync("/auth/unlock/state")).StatusCode);
        Assert.Contains("<h1 class=\"h3\">Locked</h1>", await user.Client.GetStringAsync("/auth/unlock"));

        foreach (var nothing in new[] { "", new string('9', 300) }) // nothing, or too long to be either: not a try
            Assert.Contains("Enter your PIN or your password.", await (await UnlockAsync(user, nothing)).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await UnlockAsync(user, "24\u000068")).StatusCode); // a control character: no form of ours takes one
        var wrong = await UnlockAsync(user, "1357");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        Assert.Contains("4 tries left", await wrong.Content.ReadAsStringAsync());
        var right = await UnlockAsync(user, Pin, returnUrl: "/plan?trigger=stress");
        Assert.Equal("/plan?trigger=stress", right.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/dashboard")).StatusCode);
        Assert.Contains("Sam, my sponsor", await user.Client.GetStringAsync("/help"));
        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.GetAsync("/auth/unlock/state")).StatusCode);

        // Locked again: the password opens it too, and the wrong try before was forgotten.
        clock.Advance(TimeSpan.FromMinutes(17));
        Assert.Equal(HttpStatusCode.Redirect, (await user.Client.GetAsync("/dashboard")).StatusCode);
        Assert.Equal("/dashboard", (await UnlockAsync(user, user.Password)).Headers.Location!.OriginalString);
        await using (var db = app.NewDbContext())
            Assert.Equal(0, await db.UserSessions.Where(s => s.UserId == user.Id).Select(s => s.FailedUnlocks).SingleAsync());
    }

    [Fact]
    public async Task Five_wrong_tries_end_the_session_and_quick_exit_ends_a_locked_one()
    {
        var (app, clock, user) = await LockingAccountAsync(minutes: 5);
        await using var _ = app;
        var other = await user.SignInElsewhereAsync();
        clock.Advance(TimeSpan.FromMinutes(7));
        for (var left = 4; left >= 1; left--)
            Assert.Contains($"{left} tr", await (await UnlockAsync(user, "0000")).Content.ReadAsStringAsync());
        var last = await UnlockAsync(user, Pin + "0");
        Assert.Equal("/auth/login", last.Headers.Location!.OriginalString);
        var after = await user.Client.GetAsync("/dashboard");
        Assert.StartsWith("/auth/login", after.Headers.Location!.OriginalString); // signed out, not locked
        await using (var db = app.NewDbContext()) Assert.Equal(1, await db.UserSessions.CountAsync(s => s.UserId == user.Id));

        // The other device, locked too: Quick exit's beacon still ends its session.
        var token = (await other.GetDocumentAsync("/auth/unlock")).AntiforgeryToken();
        var beacon = await other.PostAsync("/auth/logout/quick", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.NoContent, beacon.StatusCode);
        await using (var db = app.NewDbContext()) Assert.Equal(0, await db.UserSessions.CountAsync(s => s.UserId == user.Id));
    }

    [Fact]
    public async Task The_page_locking_itself_locks_the_session_at_once_and_tries_sent_together_still_end_it()
    {
        var (app, _, user) = await LockingAccountAsync();
        await using var __ = app;
        Assert.Equal(HttpStatusCode.NoContent, (await user.PostFormAsync("/auth/unlock/lock", [], tokenFrom: "/dashboard")).StatusCode);
        Assert.StartsWith("/auth/unlock", (await user.Client.GetAsync("/dashboard")).Headers.Location!.OriginalString); // no waiting for the clock

        var token = (await user.Client.GetDocumentAsync("/auth/unlock")).AntiforgeryToken();
        var wrong = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => user.Client.PostAsync("/auth/unlock",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Secret"] = $"90{i}1", ["__RequestVerificationToken"] = token }))));
        // A wrong try (422), the one that ends it (302), or one arriving after (400: its token was the ended session's).
        Assert.All(wrong, r => Assert.True((int)r.StatusCode is 422 or 302 or 400, $"{r.StatusCode}"));
        Assert.True(wrong.Count(r => r.StatusCode == HttpStatusCode.UnprocessableEntity) <= UserSession.MaxFailedUnlocks - 1);
        Assert.StartsWith("/auth/login", (await user.Client.GetAsync("/dashboard")).Headers.Location!.OriginalString); // signed out, not locked
        await using var db = app.NewDbContext();
        Assert.Equal(0, await db.UserSessions.CountAsync(s => s.UserId == user.Id));
    }

    [Fact]
    public async Task Without_a_lock_time_a_session_never_locks_and_with_one_activity_keeps_it_open()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
        await using var app = await SovereignApp.CreateAsync(provider, clock: clock);
        var user = await TestUser.RegisterAsync(app);
        clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/dashboard")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync("/account/appearance/lock", new() { ["Lock.After"] = "5" })).StatusCode);
        for (var i = 0; i < 12; i++) // an hour of a request every 5 minutes
        {
            clock.Advance(TimeSpan.FromMinutes(5));
            Assert.Equal(HttpStatusCode.NoContent, (await user.Client.GetAsync("/auth/unlock/state")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/dashboard")).StatusCode);
    }

    [Theory]
    [InlineData("lock", "Lock.After", "7", "Choose never, 5, 15 or 60 minutes.")]
    [InlineData("pin", "Pin.NewPin", "12a4", "A PIN is 4 to 12 digits.")]
    [InlineData("pin", "Pin.NewPin", "123", "A PIN is 4 to 12 digits.")]
    [InlineData("pin", "Pin.NewPin", "2468", "among the first anyone would try")]
    [InlineData("pin", "Pin.NewPin", "0000", "among the first anyone would try")]
    [InlineData("pin", "Pin.NewPin", "121212", "among the first anyone would try")]
    [InlineData("pin", "Pin.NewPin", "1987", "among the first anyone would try")]
    [InlineData("pin", "Pin.CurrentPassword", "not my password", "That isn&#x27;t your current password.")]
    public async Task A_bad_lock_setting_or_PIN_is_refused_with_its_reason_and_changes_nothing(string handler, string field, string value, string message)
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        var fields = handler == "lock" ? new Dictionary<string, string> { [field] = value }
            : new() { ["Pin.NewPin"] = Pin, ["Pin.CurrentPassword"] = user.Password, [field] = value };
        var response = await user.PostFormAsync($"/account/appearance/{handler}", fields);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
        var account = await user.LoadAsync();
        Assert.Equal((null, null), (account.LockAfterMinutes, account.PinHash));

        // Set, then removed: the password alone opens a locked page again.
        await user.PostFormAsync("/account/appearance/pin", new() { ["Pin.NewPin"] = Pin, ["Pin.CurrentPassword"] = user.Password });
        Assert.NotNull((await user.LoadAsync()).PinHash);
        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync("/account/appearance/removepin", [])).StatusCode);
        Assert.Null((await user.LoadAsync()).PinHash);
    }
}

public sealed class SessionLockTestsOnSqlite() : SessionLockTests(DatabaseProvider.Sqlite);

public sealed class SessionLockTestsOnPostgres() : SessionLockTests(DatabaseProvider.Postgres);

using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Pages.Auth;
using Sovereign.Web.Pages.Account;

namespace Sovereign.Tests.Pages.Auth;

public abstract class SignInTests(DatabaseProvider provider)
{
    /// <summary>The sign-in form's fields.</summary>
    internal static Dictionary<string, string> Login(string login, string password) =>
        new() { ["Input.Login"] = login, ["Input.Password"] = password };

    [Fact]
    public async Task Sign_in_works_with_the_email_or_the_username_in_any_case()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app, email: "Robin@Example.org", username: "Robin");
        foreach (var login in new[] { "robin@example.org", "ROBIN", "Robin@Example.org" })
        {
            var response = await TestUser.PostFormAsync(app.NewClient(), "/auth/login", Login(login, user.Password));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/dashboard", response.Headers.Location!.OriginalString);
        }
    }

    [Fact]
    public async Task An_unknown_email_and_a_wrong_password_get_the_same_answer()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        var unknown = await TestUser.PostFormAsync(app.NewClient(), "/auth/login", Login("nobody@example.org", user.Password));
        var wrong = await TestUser.PostFormAsync(app.NewClient(), "/auth/login", Login(user.Email, "not my password at all"));

        Assert.Equal(unknown.StatusCode, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        var unknownMessage = (await TestUser.ParseAsync(unknown)).QuerySelector(".alert-danger")!.TextContent.Trim();
        var wrongMessage = (await TestUser.ParseAsync(wrong)).QuerySelector(".alert-danger")!.TextContent.Trim();
        Assert.Equal(LoginModel.WrongCredentials, wrongMessage);
        Assert.Equal(wrongMessage, unknownMessage);
    }

    [Fact]
    public async Task A_100_character_password_is_significant_past_bcrypts_72_bytes()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var first72 = new string('s', 72);
        var user = await TestUser.RegisterAsync(app, password: first72 + new string('a', 28));

        var other = await TestUser.PostFormAsync(app.NewClient(), "/auth/login", Login(user.Email, first72 + new string('b', 28)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        var same = await TestUser.PostFormAsync(app.NewClient(), "/auth/login", Login(user.Email, user.Password));
        Assert.Equal(HttpStatusCode.Redirect, same.StatusCode);
    }

    [Fact]
    public async Task An_inactive_account_cannot_sign_in_and_its_sessions_end()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-06-01T12:00:00Z"));
        await using var app = await SovereignApp.CreateAsync(provider, clock: clock);
        var user = await TestUser.RegisterAsync(app);
        await using (var db = app.NewDbContext())
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false));

        var response = await TestUser.PostFormAsync(app.NewClient(), "/auth/login", Login(user.Email, user.Password));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        // …and the session it already had ends at the next session check.
        clock.Advance(SessionService.CheckInterval + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Redirect, (await user.Client.GetAsync("/account")).StatusCode);
    }
}

public sealed class SignInTestsOnSqlite() : SignInTests(DatabaseProvider.Sqlite);

public sealed class SignInTestsOnPostgres() : SignInTests(DatabaseProvider.Postgres);

using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Auth;
using Sovereign.Web.Services;

namespace Sovereign.Tests.Pages;

public class AuthTests
{
    private static Dictionary<string, string> Login(string login, string password) =>
        new() { ["Input.Login"] = login, ["Input.Password"] = password };

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Registering_signs_in_shows_the_recovery_code_once_and_stores_a_cost_12_bcrypt_hash(DatabaseProvider provider)
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        app.Settings["Auth:BcryptWorkFactor"] = null; // the production default
        var user = await TestUser.RegisterAsync(app, timeZone: "Pacific/Auckland");

        Assert.Matches("^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$", user.RecoveryCode);
        var again = await user.Client.GetDocumentAsync("/dashboard");
        Assert.Null(again.QuerySelector("[data-recovery-code]"));
        Assert.Contains(user.Username, again.QuerySelector("h1")!.TextContent);

        var stored = await user.LoadAsync();
        Assert.Matches(@"^\$2[aby]\$12\$", stored.PasswordHash);
        Assert.Equal("Pacific/Auckland", stored.TimeZone);
        Assert.DoesNotContain(user.RecoveryCode!, stored.RecoveryCodeHash);
    }

    [Theory]
    [InlineData("Input.Email", "not-an-email", "Enter an email address")]
    [InlineData("Input.Password", "short", "at least 8 characters")]
    [InlineData("Input.Password", "password1", "most common")]
    [InlineData("Input.ConfirmPassword", "something else entirely", "The two passwords differ")]
    [InlineData("Input.TimeZone", "Mars/Olympus_Mons", "Choose a time zone")]
    [InlineData("Input.Username", "<script>", "Use letters, digits")]
    [InlineData("Input.Username", "", "Choose a username")]
    public async Task Registration_with_a_bad_field_shows_the_message_and_stores_nothing(string field, string value, string message)
    {
        await using var app = await SovereignApp.CreateAsync();
        var client = app.NewClient();
        var fields = new Dictionary<string, string>
        {
            ["Input.Email"] = "new@example.org", ["Input.Username"] = "newcomer", ["Input.Password"] = "river stones and rain",
            ["Input.ConfirmPassword"] = "river stones and rain", ["Input.TimeZone"] = "UTC",
        };
        fields[field] = value;
        if (field == "Input.Password") fields["Input.ConfirmPassword"] = value;
        var response = await TestUser.PostFormAsync(client, "/auth/register", fields);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await TestUser.ParseAsync(response);
        var input = page.QuerySelector($"[name='{field}']")!;
        Assert.Contains("is-invalid", input.ClassName);
        Assert.Contains(message, page.GetElementById(input.GetAttribute("aria-describedby")!.Split(' ').Last())!.TextContent);
        await using var db = app.NewDbContext();
        Assert.Equal(0, await db.Users.CountAsync());
    }

    [Fact]
    public async Task An_email_taken_in_another_case_cannot_register_again()
    {
        await using var app = await SovereignApp.CreateAsync();
        await TestUser.RegisterAsync(app, email: "Sam@Example.org");
        var response = await TestUser.PostFormAsync(app.NewClient(), "/auth/register", new()
        {
            ["Input.Email"] = "sam@example.ORG", ["Input.Username"] = "another", ["Input.Password"] = "river stones and rain",
            ["Input.ConfirmPassword"] = "river stones and rain", ["Input.TimeZone"] = "UTC",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("already exists", (await TestUser.ParseAsync(response)).QuerySelector(".invalid-feedback")!.TextContent);
        await using var db = app.NewDbContext();
        Assert.Equal(1, await db.Users.CountAsync());
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Sign_in_works_with_the_email_or_the_username_in_any_case(DatabaseProvider provider)
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
        await using var app = await SovereignApp.CreateAsync();
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
        await using var app = await SovereignApp.CreateAsync();
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
        await using var app = await SovereignApp.CreateAsync(clock: clock);
        var user = await TestUser.RegisterAsync(app);
        await using (var db = app.NewDbContext())
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false));

        var response = await TestUser.PostFormAsync(app.NewClient(), "/auth/login", Login(user.Email, user.Password));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        // …and the session it already had ends at the next stamp check.
        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.Redirect, (await user.Client.GetAsync("/account")).StatusCode);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Ten_failures_lock_the_account_for_15_minutes_with_429_and_success_resets_the_count(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-06-01T12:00:00Z"));
        await using var app = await SovereignApp.CreateAsync(provider, clock: clock);
        var user = await TestUser.RegisterAsync(app);

        for (var i = 1; i < User.MaxFailedSignIns; i++)
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await TestUser.PostFormAsync(app.NewClient(), "/auth/login", Login(user.Email, $"wrong guess {i}"))).StatusCode);
        var tenth = await TestUser.PostFormAsync(app.NewClient(), "/auth/login", Login(user.Email, "wrong guess 10"));
        Assert.Equal(HttpStatusCode.TooManyRequests, tenth.StatusCode);
        Assert.Contains("locked for 15 more minutes", (await TestUser.ParseAsync(tenth)).QuerySelector(".alert-danger")!.TextContent);

        // Locked: even the right password waits.
        var right = await TestUser.PostFormAsync(app.NewClient(), "/auth/login", Login(user.Email, user.Password));
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.Equal(clock.GetUtcNow().UtcDateTime.AddMinutes(15), (await user.LoadAsync()).LockedUntil);

        clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        await TestUser.PostFormAsync(app.NewClient(), "/auth/login", Login(user.Email, "one more wrong guess"));
        Assert.Equal(1, (await user.LoadAsync()).FailedSignInCount);
        Assert.Equal(HttpStatusCode.Redirect, (await TestUser.PostFormAsync(app.NewClient(), "/auth/login", Login(user.Email, user.Password))).StatusCode);
        var after = await user.LoadAsync();
        Assert.Equal(0, after.FailedSignInCount);
        Assert.Null(after.LockedUntil);
    }

    [Fact]
    public async Task The_rate_limiter_answers_429_after_too_many_posts_from_one_address()
    {
        await using var app = await SovereignApp.CreateAsync();
        app.Settings["Auth:AttemptsPerMinutePerAddress"] = "3";
        var client = app.NewClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            statuses.Add((await TestUser.PostFormAsync(client, "/auth/login", Login($"guess{i}@example.org", "whatever it is"))).StatusCode);

        Assert.Equal([HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/auth/login")).StatusCode); // reading the form is not limited
    }

    [Fact]
    public async Task Pages_need_a_signed_in_user_and_remember_where_they_were_going()
    {
        await using var app = await SovereignApp.CreateAsync();
        var client = app.NewClient();
        var response = await client.GetAsync("/account");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("https://localhost/auth/login?returnUrl=%2Faccount", response.Headers.Location!.ToString());

        var htmx = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/account").Htmx());
        Assert.Equal(HttpStatusCode.Unauthorized, htmx.StatusCode);
        Assert.Contains("/auth/login?returnUrl=%2Faccount", htmx.Headers.GetValues("HX-Redirect").Single());
    }

    [Theory]
    [InlineData("/account", "/account")]
    [InlineData("https://evil.example/phish", "/dashboard")]
    [InlineData("//evil.example", "/dashboard")]
    [InlineData("/\\evil.example", "/dashboard")]
    public async Task After_sign_in_only_a_local_return_url_is_followed(string returnUrl, string expected)
    {
        await using var app = await SovereignApp.CreateAsync();
        var user = await TestUser.RegisterAsync(app);
        var fields = Login(user.Email, user.Password);
        fields["ReturnUrl"] = returnUrl;
        var response = await TestUser.PostFormAsync(app.NewClient(), "/auth/login", fields);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_session_cookie_is_HttpOnly_Secure_and_SameSite_Lax()
    {
        await using var app = await SovereignApp.CreateAsync();
        var user = await TestUser.RegisterAsync(app);
        var response = await TestUser.PostFormAsync(app.NewClient(), "/auth/login", Login(user.Email, user.Password));
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("sovereign.auth=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("httponly", cookie);
        Assert.Contains("secure", cookie);
        Assert.Contains("samesite=lax", cookie);
        Assert.DoesNotContain("expires", cookie); // not "remember me": it ends with the browser session
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Signing_out_everywhere_ends_every_other_session_within_a_minute(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-06-01T12:00:00Z"));
        await using var app = await SovereignApp.CreateAsync(provider, clock: clock);
        var user = await TestUser.RegisterAsync(app);
        var phone = await user.SignInElsewhereAsync();
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/account")).StatusCode);

        var response = await user.PostFormAsync("/account?handler=SignOutEverywhere", []);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        clock.Advance(TimeSpan.FromSeconds(61));

        var phoneAfter = await phone.GetAsync("/account");
        Assert.Equal(HttpStatusCode.Redirect, phoneAfter.StatusCode);
        Assert.StartsWith("/auth/login", phoneAfter.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/account")).StatusCode);
    }

    [Fact]
    public async Task Changing_the_password_needs_the_current_one_and_ends_other_sessions()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-06-01T12:00:00Z"));
        await using var app = await SovereignApp.CreateAsync(clock: clock);
        var user = await TestUser.RegisterAsync(app);
        var laptop = await user.SignInElsewhereAsync();

        var wrong = await user.PostFormAsync("/account?handler=Password", new()
        {
            ["Password.CurrentPassword"] = "not the password", ["Password.NewPassword"] = "a brand new phrase here", ["Password.ConfirmPassword"] = "a brand new phrase here",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        var before = await user.LoadAsync();

        Secrets.Add("a brand new phrase here");
        var right = await user.PostFormAsync("/account?handler=Password", new()
        {
            ["Password.CurrentPassword"] = user.Password, ["Password.NewPassword"] = "a brand new phrase here", ["Password.ConfirmPassword"] = "a brand new phrase here",
        });
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.NotEqual(before.PasswordHash, (await user.LoadAsync()).PasswordHash);
        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.Redirect, (await laptop.GetAsync("/account")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/account")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await TestUser.PostFormAsync(app.NewClient(), "/auth/login", Login(user.Email, user.Password))).StatusCode);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task The_recovery_code_sets_a_new_password_once_and_a_new_code_is_issued(DatabaseProvider provider)
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        Secrets.Add("after forgetting everything");
        Dictionary<string, string> Recover(string code) => new()
        {
            ["Input.Email"] = user.Email, ["Input.RecoveryCode"] = code,
            ["Input.NewPassword"] = "after forgetting everything", ["Input.ConfirmPassword"] = "after forgetting everything",
        };

        var response = await TestUser.PostFormAsync(app.NewClient(), "/auth/recover", Recover(user.RecoveryCode!.ToLowerInvariant().Replace("-", " ")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var next = (await TestUser.ParseAsync(response)).QuerySelector("[data-recovery-code]")!.TextContent.Trim();
        Secrets.Add(next);
        Assert.NotEqual(user.RecoveryCode, next);

        Assert.Equal(HttpStatusCode.Redirect, (await TestUser.PostFormAsync(app.NewClient(), "/auth/login", Login(user.Email, "after forgetting everything"))).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await TestUser.PostFormAsync(app.NewClient(), "/auth/login", Login(user.Email, user.Password))).StatusCode);
        // The old code is spent.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await TestUser.PostFormAsync(app.NewClient(), "/auth/recover", Recover(user.RecoveryCode!))).StatusCode);
    }

    [Fact]
    public async Task The_operator_can_issue_a_new_recovery_code_which_also_lifts_a_lock()
    {
        await using var app = await SovereignApp.CreateAsync();
        var user = await TestUser.RegisterAsync(app);
        await using (var db = app.NewDbContext())
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.LockedUntil, DateTime.UtcNow.AddHours(1)));

        string? code;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            Assert.Null(await accounts.IssueRecoveryCodeAsync("nobody@example.org"));
            code = await accounts.IssueRecoveryCodeAsync(user.Email.ToUpperInvariant());
        }
        Secrets.Add(code!);
        Assert.Null((await user.LoadAsync()).LockedUntil);
        Secrets.Add("the operator helped me");
        var response = await TestUser.PostFormAsync(app.NewClient(), "/auth/recover", new()
        {
            ["Input.Email"] = user.Email, ["Input.RecoveryCode"] = code!,
            ["Input.NewPassword"] = "the operator helped me", ["Input.ConfirmPassword"] = "the operator helped me",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Signing_out_is_a_post_and_ends_the_session()
    {
        await using var app = await SovereignApp.CreateAsync();
        var user = await TestUser.RegisterAsync(app);
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/auth/logout")).StatusCode); // a confirmation form, not a sign-out
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/account")).StatusCode);

        var response = await user.PostFormAsync("/auth/logout", [], tokenFrom: "/dashboard");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await user.Client.GetAsync("/account")).StatusCode);
    }
}

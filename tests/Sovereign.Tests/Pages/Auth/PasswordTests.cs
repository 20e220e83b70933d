using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Pages.Auth;
using Sovereign.Web.Pages.Account;

namespace Sovereign.Tests.Pages.Auth;

public abstract class PasswordTests(DatabaseProvider provider)
{
    [Fact]
    public async Task Changing_the_password_needs_the_current_one_and_ends_other_sessions()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        var laptop = await user.SignInElsewhereAsync();

        var wrong = await user.PostFormAsync("/account/password", new()
        {
            ["Password.CurrentPassword"] = "not the password", ["Password.NewPassword"] = "a brand new phrase here", ["Password.ConfirmPassword"] = "a brand new phrase here",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        var before = await user.LoadAsync();

        Secrets.Add("a brand new phrase here");
        var right = await user.PostFormAsync("/account/password", new()
        {
            ["Password.CurrentPassword"] = user.Password, ["Password.NewPassword"] = "a brand new phrase here", ["Password.ConfirmPassword"] = "a brand new phrase here",
        });
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.NotEqual(before.PasswordHash, (await user.LoadAsync()).PasswordHash);
        Assert.Equal(HttpStatusCode.Redirect, (await laptop.GetAsync("/account")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/account")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await TestUser.PostFormAsync(app.NewClient(), "/auth/login", SignInTests.Login(user.Email, user.Password))).StatusCode);
    }

    [Fact]
    public async Task The_recovery_code_sets_a_new_password_once_and_a_new_code_is_issued()
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

        Assert.Equal(HttpStatusCode.Redirect, (await TestUser.PostFormAsync(app.NewClient(), "/auth/login", SignInTests.Login(user.Email, "after forgetting everything"))).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await TestUser.PostFormAsync(app.NewClient(), "/auth/login", SignInTests.Login(user.Email, user.Password))).StatusCode);
        // The old code is spent.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await TestUser.PostFormAsync(app.NewClient(), "/auth/recover", Recover(user.RecoveryCode!))).StatusCode);
    }

    [Fact]
    public async Task The_operator_can_issue_a_new_recovery_code()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);

        string? code;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            Assert.Null(await accounts.IssueRecoveryCodeAsync("nobody@example.org"));
            code = await accounts.IssueRecoveryCodeAsync(user.Email.ToUpperInvariant());
        }
        Secrets.Add(code!);
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
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/auth/logout")).StatusCode); // a confirmation form, not a sign-out
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/account")).StatusCode);

        var response = await user.PostFormAsync("/auth/logout", [], tokenFrom: "/dashboard");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await user.Client.GetAsync("/account")).StatusCode);
    }
}

public sealed class PasswordTestsOnSqlite() : PasswordTests(DatabaseProvider.Sqlite);

public sealed class PasswordTestsOnPostgres() : PasswordTests(DatabaseProvider.Postgres);

using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Pages.Auth;
using Sovereign.Web.Pages.Account;

namespace Sovereign.Tests.Pages.Auth;

public abstract class RegistrationTests(DatabaseProvider provider)
{
    [Fact]
    public async Task The_first_sign_in_shows_the_recovery_code_once_and_a_cost_12_bcrypt_hash_is_stored()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        app.Settings["Auth:BcryptWorkFactor"] = null; // the production default
        var user = await TestUser.RegisterAsync(app, timeZone: "Pacific/Auckland");

        Assert.Matches("^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$", user.RecoveryCode);
        // (RegisterAsync said "I've saved it", which is when the code leaves the screen: see the next test.)
        var again = await user.Client.GetDocumentAsync("/dashboard");
        Assert.Null(again.QuerySelector("[data-recovery-code]"));
        Assert.Contains(user.Username, again.QuerySelector("h1")!.TextContent);
        // A later sign-in shows no new code.
        var laptop = await user.SignInElsewhereAsync();
        Assert.Null((await laptop.GetDocumentAsync("/dashboard")).QuerySelector("[data-recovery-code]"));

        var stored = await user.LoadAsync();
        Assert.Matches(@"^\$2[aby]\$12\$", stored.PasswordHash);
        Assert.Equal("Pacific/Auckland", stored.TimeZone);
        Assert.Equal(RecoveryCodes.Hash(user.RecoveryCode!), stored.RecoveryCodeHash);
    }

    [Fact]
    public async Task The_recovery_code_stays_until_the_person_says_it_is_saved_and_settings_make_a_new_one_with_the_password()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var client = app.NewClient();
        var signedIn = await TestUser.RegisterAndSignInAsync(client, "keeper@example.org", "keeper");
        Assert.Equal("/dashboard", signedIn.Headers.Location?.OriginalString);
        var first = (await client.GetDocumentAsync("/dashboard")).QuerySelector("[data-recovery-code]")!.TextContent.Trim();
        Secrets.Add(first);
        // A reload, another page and back: still there, with a copy button, until "I've saved it".
        Assert.Equal(first, (await client.GetDocumentAsync("/dashboard")).QuerySelector("[data-recovery-code]")?.TextContent.Trim());
        await client.GetAsync("/habits");
        var page = await client.GetDocumentAsync("/dashboard");
        Assert.Equal(first, page.QuerySelector("[data-recovery-code]")?.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("#recovery-code button[data-copy='recovery-code-text']"));
        var saved = await TestUser.PostFormAsync(client, "/account/recoverycodesaved", new() { ["returnUrl"] = "/dashboard" }, tokenFrom: "/dashboard");
        Assert.Equal("/dashboard", saved.Headers.Location?.OriginalString);
        Assert.Null((await client.GetDocumentAsync("/dashboard")).QuerySelector("[data-recovery-code]"));

        // A new code needs the password; a wrong one changes nothing.
        var wrong = await TestUser.PostFormAsync(client, "/account/recoverycode", new() { ["NewCode.Password"] = "not my password at all" }, tokenFrom: "/account");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        Assert.Contains("isn't your current password", (await TestUser.ParseAsync(wrong)).QuerySelector("#NewCode_Password-error")!.TextContent);
        var made = await TestUser.PostFormAsync(client, "/account/recoverycode", new() { ["NewCode.Password"] = TestUser.DefaultPassword }, tokenFrom: "/account");
        Assert.Equal("/account", made.Headers.Location?.OriginalString);
        var second = (await client.GetDocumentAsync("/account")).QuerySelector("[data-recovery-code]")!.TextContent.Trim();
        Secrets.Add(second);
        Assert.NotEqual(first, second);

        // The old code no longer works; the new one does.
        Dictionary<string, string> Recover(string code) => new()
            { ["Input.Email"] = "keeper@example.org", ["Input.RecoveryCode"] = code, ["Input.NewPassword"] = "a brand new long password", ["Input.ConfirmPassword"] = "a brand new long password" };
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await TestUser.PostFormAsync(app.NewClient(), "/auth/recover", Recover(first))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await TestUser.PostFormAsync(app.NewClient(), "/auth/recover", Recover(second))).StatusCode);
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
        await using var app = await SovereignApp.CreateAsync(provider);
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
    public async Task Registering_a_taken_email_answers_exactly_like_a_new_one_and_changes_nothing()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var owner = await TestUser.RegisterAsync(app, email: "Sam@Example.org");
        var before = await owner.LoadAsync();
        async Task<(HttpStatusCode, string?, string)> Register(string email, string username)
        {
            var client = app.NewClient();
            var response = await TestUser.PostFormAsync(client, "/auth/register", new()
            {
                ["Input.Email"] = email, ["Input.Username"] = username, ["Input.Password"] = "river stones and rain",
                ["Input.ConfirmPassword"] = "river stones and rain", ["Input.TimeZone"] = "UTC",
            });
            var next = await client.GetDocumentAsync(response.Headers.Location!.OriginalString);
            return (response.StatusCode, response.Headers.Location?.OriginalString, next.QuerySelector("main .alert")!.TextContent.Trim());
        }

        var taken = await Register("sam@example.ORG", "another");
        // Either way the sign-in form greets a newcomer and keeps the address typed at registration.
        foreach (var (email, username) in new[] { ("sam@example.ORG", "another2"), ("new2@example.org", "newcomer2") })
        {
            var client = app.NewClient();
            var response = await TestUser.PostFormAsync(client, "/auth/register", new()
            {
                ["Input.Email"] = email, ["Input.Username"] = username, ["Input.Password"] = "river stones and rain",
                ["Input.ConfirmPassword"] = "river stones and rain", ["Input.TimeZone"] = "UTC",
            });
            var login = await client.GetDocumentAsync(response.Headers.Location!.OriginalString);
            Assert.Equal("Sign in to your new account", login.QuerySelector("h1")!.TextContent.Trim());
            Assert.Equal(email, login.QuerySelector("input[name='Input.Login']")!.GetAttribute("value"));
            // Only once: a later visit is a plain sign-in.
            Assert.Equal("Welcome back", (await client.GetDocumentAsync("/auth/login")).QuerySelector("h1")!.TextContent.Trim());
        }
        var fresh = await Register("new@example.org", "newcomer");
        Assert.Equal(fresh, taken);
        Assert.Equal((HttpStatusCode.Redirect, "/auth/login", RegisterModel.Registered), fresh);
        await using var db = app.NewDbContext();
        Assert.Equal(3, await db.Users.CountAsync()); // Sam, newcomer and newcomer2
        Assert.False(await db.Users.AnyAsync(u => u.Username == "another" || u.Username == "another2"));
        Assert.Equal(before.PasswordHash, (await owner.LoadAsync()).PasswordHash);
    }

    [Fact]
    public async Task A_taken_username_is_the_one_conflict_registration_shows()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        await TestUser.RegisterAsync(app, username: "Robin");
        var response = await TestUser.PostFormAsync(app.NewClient(), "/auth/register", new()
        {
            ["Input.Email"] = "other@example.org", ["Input.Username"] = "robin", ["Input.Password"] = "river stones and rain",
            ["Input.ConfirmPassword"] = "river stones and rain", ["Input.TimeZone"] = "UTC",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("username is taken", (await TestUser.ParseAsync(response)).QuerySelector(".invalid-feedback")!.TextContent);
        await using var db = app.NewDbContext();
        Assert.Equal(1, await db.Users.CountAsync());
    }
}

public sealed class RegistrationTestsOnSqlite() : RegistrationTests(DatabaseProvider.Sqlite);

public sealed class RegistrationTestsOnPostgres() : RegistrationTests(DatabaseProvider.Postgres);

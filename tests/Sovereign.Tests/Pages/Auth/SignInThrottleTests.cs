using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Pages.Auth;
using Sovereign.Web.Pages.Account;

namespace Sovereign.Tests.Pages.Auth;

public abstract class SignInThrottleTests(DatabaseProvider provider)
{
    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string login, string password) =>
        await TestUser.PostFormAsync(client, "/auth/login", SignInTests.Login(login, password));

    private static async Task<string> AlertAsync(HttpResponseMessage response) =>
        (await TestUser.ParseAsync(response)).QuerySelector(".alert-danger")!.TextContent.Trim();

    [Fact]
    public async Task Someone_guessing_is_slowed_down_but_the_owners_own_device_still_signs_in()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-06-01T12:00:00Z"));
        await using var app = await SovereignApp.CreateAsync(provider, clock: clock, services: ClientAddresses.Add);
        var owner = await TestUser.RegisterAsync(app); // signed in once: this browser is a known device now
        var guesser = ClientAddresses.From(app, "203.0.113.7");

        for (var i = 1; i <= SignInThrottle.PerClient; i++)
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await SignInAsync(guesser, owner.Email, $"wrong guess {i}")).StatusCode);
        var throttled = await SignInAsync(guesser, owner.Email, owner.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode); // even the right password, from there
        Assert.Equal(SignInThrottle.Message, await AlertAsync(throttled));

        // The owner, from the same network even, on the device they signed in with before: not held up.
        var ownerDevice = owner.Client;
        ownerDevice.DefaultRequestHeaders.Add(ClientAddresses.Header, "203.0.113.7");
        Assert.Equal(HttpStatusCode.Redirect, (await owner.PostFormAsync("/auth/logout", [], tokenFrom: "/dashboard")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(ownerDevice, owner.Email, owner.Password)).StatusCode);

        // The window passes and the guesser may try again.
        clock.Advance(SignInThrottle.Window + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await SignInAsync(guesser, owner.Email, "one more guess")).StatusCode);
    }

    [Fact]
    public async Task New_clients_share_ten_failures_per_account_and_the_right_recovery_code_always_works()
    {
        await using var app = await SovereignApp.CreateAsync(provider, services: ClientAddresses.Add);
        var owner = await TestUser.RegisterAsync(app);
        for (var i = 1; i <= SignInThrottle.PerAccountFromNewClients; i++)
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await SignInAsync(ClientAddresses.From(app, $"198.51.100.{i}"), owner.Email, $"guess {i}")).StatusCode);

        // A client new to the account is held back now, whatever its address (IPv6 counts by /64)…
        var newPhone = ClientAddresses.From(app, "2001:db8:1:2::99");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInAsync(newPhone, owner.Email, owner.Password)).StatusCode);
        // …but the recovery code works, and signs that client in.
        Secrets.Add("back in my own account");
        var recovered = await TestUser.PostFormAsync(newPhone, "/auth/recover", new()
        {
            ["Input.Email"] = owner.Email, ["Input.RecoveryCode"] = owner.RecoveryCode!,
            ["Input.NewPassword"] = "back in my own account", ["Input.ConfirmPassword"] = "back in my own account",
        });
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        Secrets.Add((await TestUser.ParseAsync(recovered)).QuerySelector("[data-recovery-code]")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.OK, (await newPhone.GetAsync("/account")).StatusCode);
    }

    [Fact]
    public async Task Every_spelling_of_an_account_shares_its_throttle_and_finds_the_same_account()
    {
        await using var app = await SovereignApp.CreateAsync(provider, services: ClientAddresses.Add);
        var owner = await TestUser.RegisterAsync(app, email: "alex.rivers@example.org", username: "Alex Rivers");
        var guesser = ClientAddresses.From(app, "203.0.113.9");
        for (var i = 1; i <= SignInThrottle.PerClient; i++)
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await SignInAsync(guesser, "alex.rivers@example.org", $"wrong guess {i}")).StatusCode);

        // The username, a soft hyphen, a zero-width space, full-width letters: the same account, so the same throttle.
        foreach (var spelling in new[] { "alex rivers", "alex.ri\u00ADvers@example.org", "alex\u200B.rivers@example.org",
                     "ＡＬＥＸ．ｒｉｖｅｒｓ＠ｅｘａｍｐｌｅ．ｏｒｇ", "Ａｌｅｘ Ｒｉｖｅｒｓ" })
        {
            var answer = await SignInAsync(guesser, spelling, owner.Password);
            Assert.Equal(HttpStatusCode.TooManyRequests, answer.StatusCode);
        }

        // From a client that isn't guessing, each spelling signs the owner in.
        foreach (var (spelling, n) in new[] { "ＡＬＥＸ．ｒｉｖｅｒｓ＠ｅｘａｍｐｌｅ．ｏｒｇ", "ALEX RI\u00ADVERS" }.Select((s, n) => (s, n)))
            Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(ClientAddresses.From(app, $"198.51.100.{50 + n}"), spelling, owner.Password)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_name_is_throttled_in_every_spelling_too()
    {
        await using var app = await SovereignApp.CreateAsync(provider, services: ClientAddresses.Add);
        var guesser = ClientAddresses.From(app, "203.0.113.10");
        for (var i = 1; i <= SignInThrottle.PerClient; i++)
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await SignInAsync(guesser, "nobody@example.org", $"guess {i}")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInAsync(guesser, "ＮＯＢＯＤＹ@example.org", "guess 6")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInAsync(guesser, "no\u200Dbody@exam\u00ADple.org", "guess 7")).StatusCode);
    }

    [Fact]
    public async Task A_spelling_of_a_taken_username_or_email_is_taken_too()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var first = await TestUser.RegisterAsync(app, email: "sam@example.org", username: "Sam Lake");
        var client = app.NewClient();
        var fields = new Dictionary<string, string>
        {
            ["Input.Email"] = "someone-else@example.org", ["Input.Username"] = "ＳＡＭ\u00AD LAKE", ["Input.Password"] = "river stones and rain",
            ["Input.ConfirmPassword"] = "river stones and rain", ["Input.TimeZone"] = "UTC",
        };
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await TestUser.PostFormAsync(client, "/auth/register", fields)).StatusCode);

        // A variant of the e-mail gets registration's usual answer, and no second account.
        fields["Input.Username"] = "sam two";
        fields["Input.Email"] = "ＳＡＭ@example.org";
        Assert.Equal(HttpStatusCode.Redirect, (await TestUser.PostFormAsync(client, "/auth/register", fields)).StatusCode);
        await using var db = app.NewDbContext();
        Assert.Equal(1, await db.Users.CountAsync());
        Assert.Equal(LoginNames.Key("sam@example.org"), (await first.LoadAsync()).EmailKey);
    }

    [Fact]
    public async Task A_throttled_unknown_account_answers_exactly_like_a_throttled_known_one()
    {
        await using var app = await SovereignApp.CreateAsync(provider, services: ClientAddresses.Add);
        var owner = await TestUser.RegisterAsync(app);
        async Task<(HttpStatusCode, string)[]> Guess(string login, string address)
        {
            var client = ClientAddresses.From(app, address);
            var answers = new List<(HttpStatusCode, string)>();
            for (var i = 0; i <= SignInThrottle.PerClient; i++)
            {
                var response = await SignInAsync(client, login, $"guess number {i}");
                answers.Add((response.StatusCode, await AlertAsync(response)));
            }
            return [.. answers];
        }

        var known = await Guess(owner.Email, "192.0.2.1");
        var unknown = await Guess("nobody-here@example.org", "192.0.2.2");
        Assert.Equal(known, unknown);
        Assert.Equal((HttpStatusCode.TooManyRequests, SignInThrottle.Message), known[^1]);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, LoginModel.WrongCredentials), known[0]);
    }

    [Fact]
    public async Task Current_password_checks_in_settings_are_throttled_too()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        Dictionary<string, string> Change(string current) => new()
        {
            ["Email.NewEmail"] = "changed@example.org", ["Email.CurrentPassword"] = current,
        };
        for (var i = 1; i <= SignInThrottle.PerClient; i++)
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await user.PostFormAsync("/account/email", Change($"guess {i}"), tokenFrom: "/account")).StatusCode);
        var throttled = await user.PostFormAsync("/account/email", Change(user.Password), tokenFrom: "/account");
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(user.Email, (await user.LoadAsync()).Email);
    }

    [Fact]
    public async Task The_rate_limiter_answers_429_after_too_many_posts_from_one_address()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        app.Settings["Auth:AttemptsPerMinutePerAddress"] = "3";
        var client = app.NewClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            statuses.Add((await TestUser.PostFormAsync(client, "/auth/login", SignInTests.Login($"guess{i}@example.org", "whatever it is"))).StatusCode);

        Assert.Equal([HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/auth/login")).StatusCode); // reading the form is not limited
    }
}

public sealed class SignInThrottleTestsOnSqlite() : SignInThrottleTests(DatabaseProvider.Sqlite);

public sealed class SignInThrottleTestsOnPostgres() : SignInThrottleTests(DatabaseProvider.Postgres);

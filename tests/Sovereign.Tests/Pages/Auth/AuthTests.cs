using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Pages.Auth;
using Sovereign.Web.Pages.Account;

namespace Sovereign.Tests.Pages.Auth;

public abstract class AuthTests(DatabaseProvider provider)
{
    private static Dictionary<string, string> Login(string login, string password) =>
        new() { ["Input.Login"] = login, ["Input.Password"] = password };

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

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string login, string password) =>
        await TestUser.PostFormAsync(client, "/auth/login", Login(login, password));

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
            statuses.Add((await TestUser.PostFormAsync(client, "/auth/login", Login($"guess{i}@example.org", "whatever it is"))).StatusCode);

        Assert.Equal([HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/auth/login")).StatusCode); // reading the form is not limited
    }

    [Fact]
    public async Task Pages_need_a_signed_in_user_and_remember_where_they_were_going()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var client = app.NewClient();
        var response = await client.GetAsync("/account");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/auth/login?returnUrl=%2Faccount", response.Headers.Location!.OriginalString); // the Host header is not echoed

        var htmx = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/account").Htmx());
        Assert.Equal(HttpStatusCode.Unauthorized, htmx.StatusCode);
        Assert.Contains("/auth/login?returnUrl=%2Faccount", htmx.Headers.GetValues("HX-Redirect").Single());
    }

    [Theory]
    [InlineData("/account", "/account")]
    [InlineData("https://evil.example/phish", "/dashboard")]
    [InlineData("//evil.example", "/dashboard")]
    [InlineData("/\\evil.example", "/dashboard")]
    [InlineData("~/account", "/dashboard")]
    [InlineData("/plan?trigger=stress&q=café", "/plan?trigger=stress&q=caf%C3%A9")]
    [InlineData("/tracks/ünï 😀", "/tracks/%C3%BCn%C3%AF%20%F0%9F%98%80")]
    [InlineData("/relapse?to=%E9%ZZ", "/relapse?to=%E9%25ZZ")]
    [InlineData("/account\r\nSet-Cookie: x=1", "/dashboard")]
    public async Task After_sign_in_only_a_local_return_url_is_followed_encoded_and_the_person_is_signed_in(string returnUrl, string expected)
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        var fields = Login(user.Email, user.Password);
        fields["ReturnUrl"] = returnUrl;
        var client = app.NewClient();
        var response = await TestUser.PostFormAsync(client, "/auth/login", fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account")).StatusCode);
        // Signed in already, the sign-in link goes straight back the same way.
        var again = await client.GetAsync("/auth/login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        Assert.Equal(expected, again.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_session_cookie_is_HttpOnly_Secure_SameSite_Lax_and_host_only()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        var response = await TestUser.PostFormAsync(app.NewClient(), "/auth/login", Login(user.Email, user.Password));
        var cookies = response.Headers.GetValues("Set-Cookie").Select(c => c.ToLowerInvariant()).ToList();
        var session = cookies.Single(c => c.StartsWith("__host-sovereign.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", session);
        Assert.Contains("secure", session);
        Assert.Contains("samesite=lax", session);
        Assert.Contains("path=/;", session + ";");
        Assert.DoesNotContain("domain=", session);
        Assert.DoesNotContain("expires", session); // not "remember me": it ends with the browser session
        Assert.All(cookies, c => Assert.StartsWith("__host-", c));
    }

    [Fact]
    public async Task Signing_out_everywhere_else_ends_every_other_session_at_once()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        var phone = await user.SignInElsewhereAsync();
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/account")).StatusCode);

        var response = await user.PostFormAsync("/account/signouteverywhere", []);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var phoneAfter = await phone.GetAsync("/account");
        Assert.Equal(HttpStatusCode.Redirect, phoneAfter.StatusCode);
        Assert.StartsWith("/auth/login", phoneAfter.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/account")).StatusCode);
    }

    [Fact]
    public async Task A_cookie_copied_before_sign_out_opens_nothing_after_it()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var owner = await TestUser.RegisterAsync(app);
        var jar = new CookieJar();
        var browser = app.CreateDefaultClient(new Uri("https://localhost"), jar.NewHandler());
        await TestUser.PostFormAsync(browser, "/auth/login", Login(owner.Email, owner.Password));
        var copy = app.CreateDefaultClient(new Uri("https://localhost"), jar.Copy().NewHandler());
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/dashboard")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await TestUser.PostFormAsync(browser, "/auth/logout", [], tokenFrom: "/dashboard")).StatusCode);

        var after = await copy.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/auth/login", after.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData(false, 12 * 60)]
    [InlineData(true, 30 * 24 * 60)]
    public async Task A_session_ends_after_its_absolute_lifetime_however_active(bool remember, int minutes)
    {
        // Near the real time: the client's cookie store judges a persistent cookie's expiry by the machine's clock.
        var start = DateTimeOffset.UtcNow;
        var clock = new FakeTimeProvider(start);
        await using var app = await SovereignApp.CreateAsync(provider, clock: clock);
        var owner = await TestUser.RegisterAsync(app);
        var device = app.NewClient();
        var fields = Login(owner.Email, owner.Password);
        if (remember) fields["Input.RememberMe"] = "true";
        await TestUser.PostFormAsync(device, "/auth/login", fields);
        // Busy every few hours until just before the end…
        for (var elapsed = 0; elapsed + 180 < minutes; elapsed += 180)
        {
            clock.Advance(TimeSpan.FromMinutes(180));
            Assert.Equal(HttpStatusCode.OK, (await device.GetAsync("/dashboard")).StatusCode);
        }
        clock.SetUtcNow(start.AddMinutes(minutes - 1));
        Assert.Equal(HttpStatusCode.OK, (await device.GetAsync("/dashboard")).StatusCode);
        // …and over at the end.
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Redirect, (await device.GetAsync("/dashboard")).StatusCode);
    }

    [Fact]
    public async Task Settings_list_the_signed_in_devices_and_sign_one_out()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var owner = await TestUser.RegisterAsync(app);
        var phone = app.NewClient();
        phone.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Firefox/130.0");
        await TestUser.PostFormAsync(phone, "/auth/login", Login(owner.Email, owner.Password));

        var page = await owner.Client.GetDocumentAsync("/account");
        var rows = page.QuerySelectorAll("#sessions li");
        Assert.Equal(2, rows.Length);
        Assert.Contains(rows, r => r.TextContent.Contains("this device"));
        var phoneRow = rows.Single(r => r.TextContent.Contains("Firefox on Android"));
        var action = phoneRow.QuerySelector("form")!.GetAttribute("action")!;

        Assert.Equal(HttpStatusCode.Redirect, (await owner.PostFormAsync(action, [], tokenFrom: "/account")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetAsync("/dashboard")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.Client.GetAsync("/dashboard")).StatusCode);
        Assert.Single((await owner.Client.GetDocumentAsync("/account")).QuerySelectorAll("#sessions li"));
        // Another user's session id is a 404.
        Assert.Equal(HttpStatusCode.NotFound, (await owner.PostFormAsync(action, [], tokenFrom: "/account")).StatusCode);
    }

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
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await TestUser.PostFormAsync(app.NewClient(), "/auth/login", Login(user.Email, user.Password))).StatusCode);
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

        Assert.Equal(HttpStatusCode.Redirect, (await TestUser.PostFormAsync(app.NewClient(), "/auth/login", Login(user.Email, "after forgetting everything"))).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await TestUser.PostFormAsync(app.NewClient(), "/auth/login", Login(user.Email, user.Password))).StatusCode);
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

public sealed class AuthTestsOnSqlite() : AuthTests(DatabaseProvider.Sqlite);

public sealed class AuthTestsOnPostgres() : AuthTests(DatabaseProvider.Postgres);

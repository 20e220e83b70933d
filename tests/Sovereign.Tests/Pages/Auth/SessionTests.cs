using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Pages.Auth;
using Sovereign.Web.Pages.Account;

namespace Sovereign.Tests.Pages.Auth;

public abstract class SessionTests(DatabaseProvider provider)
{
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
        var fields = SignInTests.Login(user.Email, user.Password);
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
        var response = await TestUser.PostFormAsync(app.NewClient(), "/auth/login", SignInTests.Login(user.Email, user.Password));
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
        await TestUser.PostFormAsync(browser, "/auth/login", SignInTests.Login(owner.Email, owner.Password));
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
        var fields = SignInTests.Login(owner.Email, owner.Password);
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
        await TestUser.PostFormAsync(phone, "/auth/login", SignInTests.Login(owner.Email, owner.Password));

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
}

public sealed class SessionTestsOnSqlite() : SessionTests(DatabaseProvider.Sqlite);

public sealed class SessionTestsOnPostgres() : SessionTests(DatabaseProvider.Postgres);

using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Models;

namespace Sovereign.Tests.Support;

/// <summary>A person using the app over HTTP with their own cookies, as a browser would.</summary>
public sealed class TestUser
{
    public const string DefaultPassword = "a long walk by the river";
    public const string DefaultTimeZone = "Europe/Amsterdam";

    public SovereignApp App { get; }
    public HttpClient Client { get; }
    public string Email { get; }
    public string Username { get; }
    public string Password { get; set; }
    public string? RecoveryCode { get; set; }
    public Guid Id { get; private set; }

    private TestUser(SovereignApp app, string email, string username, string password)
    {
        (App, Email, Username, Password) = (app, email, username, password);
        Client = app.NewClient();
        Secrets.Add(password);
    }

    /// <summary>Registers through the form, signs in, and keeps the recovery code the dashboard showed after that first sign-in.</summary>
    public static async Task<TestUser> RegisterAsync(SovereignApp app, string? email = null, string? username = null,
        string password = DefaultPassword, string timeZone = DefaultTimeZone)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var user = new TestUser(app, email ?? $"person-{tag}@example.org", username ?? $"person-{tag}", password);
        var response = await RegisterAndSignInAsync(user.Client, user.Email, user.Username, password, timeZone);
        Assert.Equal("/dashboard", response.Headers.Location?.OriginalString);
        var dashboard = await user.Client.GetDocumentAsync("/dashboard");
        user.RecoveryCode = dashboard.QuerySelector("[data-recovery-code]")?.TextContent.Trim();
        Secrets.Add(user.RecoveryCode!);
        // "I've saved it", as a person does: the code leaves the dashboard.
        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync("/account/recoverycodesaved", [], tokenFrom: "/dashboard")).StatusCode);
        await using var db = app.NewDbContext();
        user.Id = await db.Users.Where(u => u.Email == user.Email).Select(u => u.Id).SingleAsync();
        return user;
    }

    /// <summary>Registers through the form with <paramref name="client"/>, then signs in with it, as a newcomer does; returns the sign-in's answer.</summary>
    public static async Task<HttpResponseMessage> RegisterAndSignInAsync(HttpClient client, string email, string username,
        string password = DefaultPassword, string timeZone = "UTC", string pathBase = "")
    {
        var registered = await PostFormAsync(client, pathBase + "/auth/register", new()
        {
            ["Input.Email"] = email, ["Input.Username"] = username, ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password, ["Input.TimeZone"] = timeZone,
        });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        Assert.Equal(pathBase + "/auth/login", registered.Headers.Location?.OriginalString);
        var signedIn = await PostFormAsync(client, pathBase + "/auth/login", new() { ["Input.Login"] = email, ["Input.Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return signedIn;
    }

    /// <summary>The new-habit form's fields for a daily habit called <paramref name="name"/>.</summary>
    public static Dictionary<string, string> HabitForm(string name) =>
        new() { ["Input.Name"] = name, ["Input.Frequency"] = "Daily", ["Input.TargetPerPeriod"] = "1" };

    /// <summary>A second device of the same person: a fresh client that signs in.</summary>
    public async Task<HttpClient> SignInElsewhereAsync()
    {
        var client = App.NewClient();
        var response = await PostFormAsync("/auth/login", new() { ["Input.Login"] = Email, ["Input.Password"] = Password }, client);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>GETs the form's page for its antiforgery token, then posts the fields to <paramref name="url"/>.</summary>
    public Task<HttpResponseMessage> PostFormAsync(string url, Dictionary<string, string> fields, HttpClient? client = null, string? tokenFrom = null) =>
        PostFormAsync(client ?? Client, url, fields, tokenFrom);

    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, Dictionary<string, string> fields, string? tokenFrom = null)
    {
        var path = tokenFrom ?? url.Split('?')[0];
        var response = await client.GetAsync(path);
        // A handler's own address (/account/profile) is no page to GET: its page (/account) has the form and the token.
        if (tokenFrom is null && response.StatusCode == HttpStatusCode.NotFound && path.LastIndexOf('/') > 0)
            response = await client.GetAsync(path = path[..path.LastIndexOf('/')]);
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}");
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        fields["__RequestVerificationToken"] = page.AntiforgeryToken();
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    public async Task<User> LoadAsync()
    {
        await using var db = App.NewDbContext();
        return await db.Users.AsNoTracking().SingleAsync(u => u.Id == Id);
    }

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) => Html.Parse(await response.Content.ReadAsStringAsync());
}

/// <summary>Every password and recovery code the tests used, for the check that none of them ever reached a log.</summary>
public static class Secrets
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> All = new();
    public static void Add(string secret) { if (!string.IsNullOrEmpty(secret)) All[secret] = true; }
    public static IEnumerable<string> Known => All.Keys;
}

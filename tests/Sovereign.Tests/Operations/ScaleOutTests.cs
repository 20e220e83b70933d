using System.Net;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;

namespace Sovereign.Tests.Operations;

public class ScaleOutTests
{
    /// <summary>A client of one instance that keeps its cookies in the browser's jar, shared with the other instance's client.</summary>
    private static HttpClient Client(SovereignApp app, CookieJar browser) => app.CreateDefaultClient(new Uri("https://localhost"), browser.NewHandler());

    [Fact]
    public async Task A_user_signed_in_on_one_instance_is_signed_in_on_another_and_its_token_works_there()
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var first = new SovereignApp(database);
        await using var second = new SovereignApp(database);
        var browser = new CookieJar();
        var one = Client(first, browser);
        var two = Client(second, browser);

        // The second instance is up and has read the (empty) key ring before the first makes a key.
        Assert.Equal(HttpStatusCode.OK, (await two.GetAsync("/")).StatusCode);

        await TestUser.RegisterAndSignInAsync(one, "two@example.org", "two instances");
        var tokenFromFirst = Html.Parse(await (await one.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/habits/new"))).Content.ReadAsStringAsync()).AntiforgeryToken();

        var dashboard = await two.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/dashboard"));
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("two instances", await dashboard.Content.ReadAsStringAsync());

        var created = await two.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/habits/new")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = tokenFromFirst, ["Input.Name"] = "Made on instance two", ["Input.Frequency"] = "Daily", ["Input.TargetPerPeriod"] = "1",
            }),
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Contains("Made on instance two", await (await one.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/habits"))).Content.ReadAsStringAsync());
    }
}

using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Models;

namespace Sovereign.Tests.Pages;

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

    [Fact]
    public async Task Every_page_stays_within_six_queries_for_a_user_with_data()
    {
        var counter = new CommandCounter();
        await using var app = await SovereignApp.CreateAsync(DatabaseProvider.Postgres, services: s => s.AddSingleton<IInterceptor>(counter));
        var user = await TestUser.RegisterAsync(app);
        Guid habitId, relapseId, urgeId;
        await using (var db = app.NewDbContext())
        {
            var habit = new Habit { UserId = user.Id, Name = "Walk" };
            var relapse = new RelapseEvent { UserId = user.Id, OccurredAt = DateTime.UtcNow.AddDays(-3), TriggerType = TriggerType.Stress, Severity = 4 };
            var urge = new UrgeEvent { UserId = user.Id, OccurredAt = DateTime.UtcNow.AddDays(-2), TriggerType = TriggerType.Stress, Intensity = 5 };
            db.AddRange(habit, relapse, urge);
            for (var d = 1; d <= 60; d++)
                db.Add(new HabitLog { HabitId = habit.Id, UserId = user.Id, LocalDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-d)), CompletedAt = DateTime.UtcNow.AddDays(-d) });
            await db.SaveChangesAsync();
            (habitId, relapseId, urgeId) = (habit.Id, relapse.Id, urge.Id);
        }
        var pages = (await Routes.AllAsync(app.Services)).Where(r => r.IsPage && r.Method == "GET" && !r.AllowsAnonymous).ToList();
        Assert.True(pages.Count >= 12, $"{pages.Count} pages");
        foreach (var route in pages)
        {
            var area = route.Template.Split('/')[0];
            var id = area switch { "habits" => habitId, "relapse" => relapseId, _ => urgeId };
            var url = route.Url(route.Parameters.Where(p => p != "handler").ToDictionary(p => p, p => p switch { "format" => "json", "date" => "2026-01-01", _ => id.ToString() }));
            await user.Client.GetAsync(url); // warm
            counter.Reset();
            var response = await user.Client.GetAsync(url);
            Assert.True((int)response.StatusCode < 500, $"{url}: {(int)response.StatusCode}");
            Assert.True(counter.Count <= 6, $"{url}: {counter.Count} queries");
        }
    }
}

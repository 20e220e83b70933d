using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Time;

namespace Sovereign.Tests.Sweeps;

/// <summary>
/// What keeps one account from making the server slow for everyone, first: one window for every date the app accepts
/// (caps and rate limits in <see cref="CapsTests"/>, imports in <see cref="ImportLimitsTests"/>).
/// </summary>
public abstract class AbuseLimitsTests(DatabaseProvider provider)
{
    private static readonly string[] OwnPages = ["/dashboard", "/habits", "/relapse", "/urges", "/insights", "/account", "/tracks"];

    internal static async Task AssertOwnPagesAnswerAsync(TestUser user, string after, params string[] more)
    {
        foreach (var page in OwnPages.Concat(more))
        {
            var response = await user.Client.GetAsync(page);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {page} answered {(int)response.StatusCode} after {after}");
        }
    }

    internal static async Task<Guid> AddHabitAsync(SovereignApp app, TestUser user, HabitFrequency frequency = HabitFrequency.Daily, int target = 1)
    {
        await using var db = app.NewDbContext();
        var habit = new Habit { UserId = user.Id, Name = $"{frequency} habit", Frequency = frequency, TargetPerPeriod = target };
        db.Habits.Add(habit);
        await db.SaveChangesAsync();
        return habit.Id;
    }

    private static void AssertSaysWhy(string day, string body, string zone)
    {
        var outsideToday = DateWindow.Problem(DateOnly.MinValue)[..40]; // "Choose a date from 1 January 1900 up to"
        Assert.True(body.Contains(outsideToday, StringComparison.Ordinal) || body.Contains("Future days", StringComparison.Ordinal)
            || body.Contains("still in the future", StringComparison.Ordinal) || body.Contains("can&#x27;t be in the future", StringComparison.Ordinal)
            || body.Contains("can't be in the future", StringComparison.Ordinal),
            $"{day} ({zone}) was refused without saying why: {body[..Math.Min(300, body.Length)]}");
    }

    internal static async Task<HttpResponseMessage> ImportAsync(TestUser user, string json)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent((await user.Client.GetDocumentAsync("/account/import")).AntiforgeryToken()), "__RequestVerificationToken" },
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(json)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } }, "file", "export.json" },
        };
        return await user.Client.PostAsync("/account/import", form);
    }

    /// <summary>
    /// Every date input the app has, given the ends of the calendar and the edges of the window, for a user at UTC+14
    /// and one at UTC−12: a refusal is a 4xx with the window's message, never a 500, and after every input the app
    /// accepted the user's own pages still answer 200.
    /// </summary>
    [Theory]
    [InlineData("Pacific/Kiritimati")]
    [InlineData("Etc/GMT+12")]
    public async Task Extreme_dates_are_refused_with_a_message_and_no_accepted_date_breaks_a_page(string zone)
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app, timeZone: zone);
        var daily = await AddHabitAsync(app, user);
        var weekly = await AddHabitAsync(app, user, HabitFrequency.Weekly, 3);
        var today = TimeZones.Today(zone, TimeProvider.System);
        string[] dates = ["0001-01-01", "0001-01-02", "1899-12-31", "1900-01-01", "1900-01-02", today.ToString("yyyy-MM-dd"),
            today.AddDays(1).ToString("yyyy-MM-dd"), "9999-12-30", "9999-12-31"];
        var token = (await user.Client.GetDocumentAsync("/dashboard")).AntiforgeryToken();

        var accepted = 0;
        var refused = 0;
        foreach (var date in dates)
        {
            var inWindow = DateWindow.ParseDay(date) is { } day && DateWindow.Contains(day, today);
            var requests = new List<(string What, Func<Task<HttpResponseMessage>> Send)>();
            foreach (var habit in new[] { daily, weekly })
            foreach (var action in new[] { "complete", "skip" })
                requests.Add(($"{action} {habit} {date}", () => user.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/habits/{habit}/days/{date}/{action}").Htmx(token))));
            requests.Add(($"backdate {date}", () => user.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/habits/{daily}/mark")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["date"] = date, ["time"] = "00:30" }),
            }.Htmx(token))));
            foreach (var time in new[] { "T00:00", "T23:59" })
            {
                requests.Add(($"relapse {date}{time}", () => user.PostFormAsync("/relapse/new", new() { ["Input.OccurredAt"] = date + time, ["Input.Trigger"] = "stress", ["Input.Severity"] = "3" })));
                requests.Add(($"urge {date}{time}", () => user.PostFormAsync("/urges", new() { ["Input.OccurredAt"] = date + time, ["Input.Trigger"] = "social_situation", ["Input.Intensity"] = "4" })));
            }
            requests.Add(($"clean since {date}", () => user.PostFormAsync("/tracks/new", Pages.Tracks.TrackPagesTests.Form($"Since {date}", cleanSince: date, time: "23:59"))));
            requests.Add(($"timeline from {date}", () => user.Client.GetAsync($"/relapse?from={date}")));
            requests.Add(($"timeline to {date}", () => user.Client.GetAsync($"/relapse?to={date}")));

            foreach (var (what, send) in requests)
            {
                var response = await send();
                var status = (int)response.StatusCode;
                Assert.True(status < 500, $"{what} ({zone}) answered {status}");
                if (status >= 400)
                {
                    refused++;
                    // A date inside the window may be refused for its own reasons (a relapse time still ahead today); outside, always with the window's words.
                    if (!inWindow && !what.StartsWith("timeline", StringComparison.Ordinal))
                        AssertSaysWhy(date, await response.Content.ReadAsStringAsync(), zone);
                }
                else
                {
                    accepted++;
                    Assert.True(inWindow, $"{what} ({zone}) was accepted: {status}");
                    await AssertOwnPagesAnswerAsync(user, $"{what} ({zone})", $"/habits/{daily}", $"/habits/{weekly}");
                }
            }
        }
        Assert.True(accepted >= 20 && refused >= 40, $"{accepted} accepted, {refused} refused");
    }
}

public sealed class AbuseLimitsTestsOnSqlite() : AbuseLimitsTests(DatabaseProvider.Sqlite);

public sealed class AbuseLimitsTestsOnPostgres() : AbuseLimitsTests(DatabaseProvider.Postgres);

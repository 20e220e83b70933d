using System.Net;
using Microsoft.EntityFrameworkCore;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Models;

namespace Sovereign.Tests.Operations;

public class ConcurrencyTests
{
    /// <summary>
    /// Two "browsers" of one user hammer one habit at once — completions, undos, backdating, clearing, skips — while
    /// logging relapses; afterwards every streak obeys the rules and every acknowledged relapse is stored.
    /// </summary>
    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Parallel_writes_from_two_sessions_leave_the_streaks_consistent_and_lose_nothing(DatabaseProvider provider)
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app, timeZone: "UTC");
        var laptop = await user.SignInElsewhereAsync();
        Guid habitId;
        await using (var db = app.NewDbContext())
        {
            var habit = new Habit { UserId = user.Id, Name = "Meeting", Frequency = HabitFrequency.Weekly, TargetPerPeriod = 2 };
            db.Add(habit);
            await db.SaveChangesAsync();
            habitId = habit.Id;
        }
        var phoneToken = (await user.Client.GetDocumentAsync("/habits")).AntiforgeryToken();
        var laptopToken = (await laptop.GetDocumentAsync("/habits")).AntiforgeryToken();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var random = new Random(20261126);
        var acknowledgedRelapses = new System.Collections.Concurrent.ConcurrentBag<string>();

        var work = Enumerable.Range(0, 120).Select(async i =>
        {
            var (client, token) = i % 2 == 0 ? (user.Client, phoneToken) : (laptop, laptopToken);
            var day = today.AddDays(-random.Next(0, 30)).ToString("yyyy-MM-dd");
            if (i % 10 == 0)
            {
                var note = $"relapse {i}";
                var response = await client.PostAsync("/relapse/new", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = token, ["Input.Trigger"] = "stress", ["Input.Severity"] = "3", ["Input.Notes"] = note,
                }));
                if (response.StatusCode == HttpStatusCode.Redirect) acknowledgedRelapses.Add(note);
                else Assert.Fail($"relapse {i}: {(int)response.StatusCode}");
                return;
            }
            var url = (i % 7) switch
            {
                0 => $"/habits/{habitId}/complete",
                1 => $"/habits/{habitId}/undo",
                2 or 3 => $"/habits/{habitId}/days/{day}/complete",
                4 => $"/habits/{habitId}/days/{day}/clear",
                5 => $"/habits/{habitId}/days/{day}/skip",
                _ => $"/habits/{habitId}/days/{day}/unskip",
            };
            var result = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, url).Htmx(token));
            Assert.True(result.StatusCode == HttpStatusCode.OK, $"{url}: {(int)result.StatusCode} {app.Logs.Entries.LastOrDefault(e => e.Exception is not null)?.Exception}");
        });
        await Task.WhenAll(work);

        await using var read = app.NewDbContext();
        await StreakInvariants.AssertConsistentAsync(read, habitId);
        var notes = await read.RelapseEvents.Where(r => r.UserId == user.Id).Select(r => r.Notes!).ToListAsync();
        Assert.Equal(acknowledgedRelapses.Order(), notes.Order());
    }

    /// <summary>Forty adds at once against each cap of twenty: the database decides, and exactly twenty land.</summary>
    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Forty_parallel_adds_stop_at_each_cap_of_twenty(DatabaseProvider provider)
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app, timeZone: "UTC");
        var token = (await user.Client.GetDocumentAsync("/dashboard")).AntiforgeryToken();
        async Task<int> AddFortyAsync(string url, Func<int, Dictionary<string, string>> fields)
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            {
                var form = fields(i);
                form["__RequestVerificationToken"] = token;
                return user.Client.PostAsync(url, new FormUrlEncodedContent(form));
            }));
            Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.UnprocessableEntity, $"{url}: {(int)a.StatusCode}"));
            return answers.Count(a => a.StatusCode == HttpStatusCode.Redirect);
        }

        Assert.Equal(RecoveryTrack.MaxPerUser, await AddFortyAsync("/tracks/new", i => Pages.Tracks.TrackPagesTests.Form($"Track {i}")));
        Assert.Equal(SupportPerson.MaxPerUser, await AddFortyAsync("/plan/addperson", i => new() { ["Person.Name"] = $"Person {i}", ["Person.Phone"] = "+1 555 0100" }));
        Assert.Equal(ShareLink.MaxLivePerUser, await AddFortyAsync("/account/shares/create", i => Pages.Shares.SharePagesTests.Form($"Link {i}", "Alex", checkIn: true)));
        await using var db = app.NewDbContext();
        Assert.Equal((20, 20, 20), (await db.RecoveryTracks.CountAsync(t => t.UserId == user.Id), await db.SupportPeople.CountAsync(p => p.UserId == user.Id),
            await db.ShareLinks.CountAsync(l => l.UserId == user.Id)));
    }
}

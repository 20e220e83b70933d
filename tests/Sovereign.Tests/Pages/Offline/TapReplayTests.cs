using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;

namespace Sovereign.Tests.Pages.Offline;

/// <summary>A tap the phone kept and sends later: taken with its instant within bounds, written once per key.</summary>
public abstract class TapReplayTests(DatabaseProvider provider)
{
    private static Dictionary<string, string> Replay(Guid key, DateTime at) =>
        new() { ["key"] = key.ToString(), ["at"] = at.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) };

    [Fact]
    public async Task The_same_tap_sent_twice_is_one_write_with_its_instant_even_after_an_undo()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app, timeZone: "Pacific/Kiritimati"); // UTC+14: the tap's day is the user's
        var habitId = await HabitAsync(app, user);
        var key = Guid.NewGuid();
        var tapped = DateTime.UtcNow.AddHours(-3);
        var url = $"/habits/{habitId}/complete";

        var first = await user.PostFormAsync(url, Replay(key, tapped), tokenFrom: "/dashboard");
        var second = await user.PostFormAsync(url, Replay(key, tapped), tokenFrom: "/dashboard");
        Assert.Equal(first.StatusCode, second.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        await using (var db = app.NewDbContext())
        {
            var log = await db.HabitLogs.SingleAsync(l => l.HabitId == habitId);
            Assert.Equal(tapped.ToString("O")[..23], log.CompletedAt.ToString("O")[..23]);
            Assert.Equal(new Sovereign.Web.Time.UserClock("Pacific/Kiritimati", 0).DayOf(tapped), log.LocalDate);
        }

        // Taken back by hand (the tap's day: three hours ago in UTC+14 may be yesterday there), then the same tap arrives
        // once more (another tab's queue): still nothing written.
        var day = new Sovereign.Web.Time.UserClock("Pacific/Kiritimati", 0).DayOf(tapped).ToString("yyyy-MM-dd");
        Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync($"/habits/{habitId}/days/{day}/clear", [], tokenFrom: "/dashboard")).StatusCode);
        await using (var db = app.NewDbContext())
            Assert.Equal(0, await db.HabitLogs.CountAsync(l => l.HabitId == habitId));
        await user.PostFormAsync(url, Replay(key, tapped), tokenFrom: "/dashboard");
        await using (var db = app.NewDbContext())
            Assert.Equal(0, await db.HabitLogs.CountAsync(l => l.HabitId == habitId));
    }

    [Theory]
    [InlineData("future")]
    [InlineData("eight days ago")]
    [InlineData("not a time")]
    [InlineData("no key")]
    public async Task A_tap_out_of_bounds_is_refused_with_its_reason_and_writes_nothing(string what)
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        var habitId = await HabitAsync(app, user);
        var fields = what switch
        {
            "future" => Replay(Guid.NewGuid(), DateTime.UtcNow.AddHours(1)),
            "eight days ago" => Replay(Guid.NewGuid(), DateTime.UtcNow.AddDays(-8)),
            "not a time" => new() { ["key"] = Guid.NewGuid().ToString(), ["at"] = "yesterday" },
            _ => new() { ["at"] = DateTime.UtcNow.ToString("O") },
        };
        var response = await user.PostFormAsync($"/habits/{habitId}/complete", fields, tokenFrom: "/dashboard");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(what switch { "future" => "future", "eight days ago" => "more than 7 days", _ => "needs its key and the time" },
            await response.Content.ReadAsStringAsync());
        await using var db = app.NewDbContext();
        Assert.Equal(0, await db.HabitLogs.CountAsync(l => l.HabitId == habitId));
        Assert.Equal(0, await db.ReplayedTaps.CountAsync());
    }

    [Fact]
    public async Task Another_users_habit_is_a_404_and_its_key_is_not_spent()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var owner = await TestUser.RegisterAsync(app);
        var intruder = await TestUser.RegisterAsync(app);
        var habitId = await HabitAsync(app, owner);
        var key = Guid.NewGuid();
        var response = await intruder.PostFormAsync($"/habits/{habitId}/complete", Replay(key, DateTime.UtcNow.AddMinutes(-5)), tokenFrom: "/dashboard");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await using var db = app.NewDbContext();
        Assert.Equal(0, await db.HabitLogs.CountAsync());
        Assert.Equal(0, await db.ReplayedTaps.CountAsync());
    }

    [Fact]
    public async Task A_morning_commitment_kept_overnight_counts_for_the_day_it_was_tapped()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app, timeZone: "Pacific/Pago_Pago"); // UTC-11
        var track = Entities.Track(user.Id, "Alcohol", Sovereign.Web.Models.TrackKind.Alcohol);
        await using (var db = app.NewDbContext())
        {
            db.Add(track);
            await db.SaveChangesAsync();
        }
        var trackId = track.Id;
        var tapped = DateTime.UtcNow.AddDays(-1);
        var response = await user.PostFormAsync($"/checkin/commit?track={trackId}", Replay(Guid.NewGuid(), tapped), tokenFrom: "/dashboard");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using (var db = app.NewDbContext())
        {
            var day = new Sovereign.Web.Time.UserClock("Pacific/Pago_Pago", 0).DayOf(tapped);
            Assert.True(await db.CheckInCommitments.AnyAsync(c => c.TrackId == trackId && db.CheckIns.Any(i => i.Id == c.CheckInId && i.LocalDate == day)));
        }
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/dashboard")).StatusCode);
    }

    [Fact]
    public async Task I_rode_one_out_is_one_urge_in_one_tap_and_a_replay_sent_twice_is_one_urge_with_its_instant()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app, timeZone: "Pacific/Kiritimati");
        var now = await user.PostFormAsync("/urges/passed", [], tokenFrom: "/urges");
        Assert.Equal(HttpStatusCode.Redirect, now.StatusCode);
        var key = Guid.NewGuid();
        var tapped = DateTime.UtcNow.AddDays(-6).AddHours(-23); // nearly a week on a phone without signal
        foreach (var _ in new[] { 1, 2 })
            Assert.Equal(HttpStatusCode.Redirect, (await user.PostFormAsync("/urges/passed", Replay(key, tapped), tokenFrom: "/urges")).StatusCode);
        await using (var db = app.NewDbContext())
        {
            var urges = await db.UrgeEvents.Where(u => u.UserId == user.Id).OrderBy(u => u.OccurredAt).ToListAsync();
            Assert.Equal(2, urges.Count);
            Assert.Equal(tapped.ToString("O")[..23], urges[0].OccurredAt.ToString("O")[..23]);
            Assert.All(urges, u => Assert.Equal((5, Sovereign.Web.Models.TriggerType.Other), (u.Intensity, u.TriggerType)));
            Assert.Single(await db.RecoveryTracks.Where(t => t.UserId == user.Id).ToListAsync()); // the first track, made once
        }
        var page = await user.Client.GetStringAsync("/urges");
        Assert.Contains("2</span> urges passed", page);

        var intruder = await TestUser.RegisterAsync(app);
        var track = await TrackOfAsync(app, user);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.PostFormAsync($"/urges/passed?track={track}", [], tokenFrom: "/urges")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity,
            (await user.PostFormAsync("/urges/passed", Replay(Guid.NewGuid(), DateTime.UtcNow.AddHours(1)), tokenFrom: "/urges")).StatusCode);
        await using (var db = app.NewDbContext()) Assert.Equal(2, await db.UrgeEvents.CountAsync());
    }

    private static async Task<Guid> TrackOfAsync(SovereignApp app, TestUser user)
    {
        await using var db = app.NewDbContext();
        return await db.RecoveryTracks.Where(t => t.UserId == user.Id).Select(t => t.Id).SingleAsync();
    }

    private static async Task<Guid> HabitAsync(SovereignApp app, TestUser user)
    {
        await using var db = app.NewDbContext();
        var habit = new Sovereign.Web.Models.Habit { UserId = user.Id, Name = "Evening walk" };
        db.Add(habit);
        await db.SaveChangesAsync();
        return habit.Id;
    }
}

public sealed class TapReplayTestsOnSqlite() : TapReplayTests(DatabaseProvider.Sqlite);

public sealed class TapReplayTestsOnPostgres() : TapReplayTests(DatabaseProvider.Postgres);

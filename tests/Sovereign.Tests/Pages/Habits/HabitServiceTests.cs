using CsCheck;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Habits;
using Sovereign.Web.Time;

namespace Sovereign.Tests.Pages.Habits;

public class HabitServiceTests
{
    private static async Task<(User User, Habit Habit)> SeedAsync(TestDatabase database, string timeZone = "UTC",
        HabitFrequency frequency = HabitFrequency.Daily, int target = 1, int dayEndsAt = 0)
    {
        await using var db = database.NewContext();
        var user = Entities.User();
        user.TimeZone = timeZone;
        user.DayEndsAtHour = dayEndsAt;
        var habit = new Habit { UserId = user.Id, Name = "Meeting", Frequency = frequency, TargetPerPeriod = target };
        db.AddRange(user, habit);
        await db.SaveChangesAsync();
        return (user, habit);
    }

    private static async Task AssertConsistentAsync(TestDatabase database, Guid habitId)
    {
        await using var db = database.NewContext();
        await StreakInvariants.AssertConsistentAsync(db, habitId);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Any_sequence_of_completions_undos_backdates_and_skips_keeps_every_streak_and_card_consistent(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        // Days far enough back for what the locking read does not hold (LockedHabit.RecentDays) to be read too.
        var operations = Gen.Select(Gen.Int[0, 5], Gen.Int[0, 80], Gen.Int[0, 3]).Array[5, 25];
        var schedules = Gen.Select(Gen.Enum<HabitFrequency>(), Gen.Int[1, 3]);
        await Gen.Select(schedules, operations).SampleAsync(async (schedule, ops) =>
        {
            var (frequency, target) = (schedule.Item1, schedule.Item1 == HabitFrequency.Daily ? 1 : schedule.Item2);
            var (user, habit) = await SeedAsync(database, "Europe/London", frequency, target);
            var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-20T09:00:00Z"));
            await using var db = database.NewContext(clock);
            var habits = new HabitService(db, clock);
            foreach (var (kind, daysBack, advance) in ops)
            {
                var today = new UserClock("Europe/London", 0).Today(clock);
                var day = today.AddDays(-daysBack);
                var card = kind switch
                {
                    0 => await habits.CompleteAsync(user.Id, habit.Id),
                    1 => await habits.ClearAsync(user.Id, habit.Id),
                    2 => await habits.CompleteAsync(user.Id, habit.Id, day),
                    3 => await habits.ClearAsync(user.Id, habit.Id, day),
                    4 => await habits.SkipAsync(user.Id, habit.Id, day, skip: true),
                    _ => await habits.SkipAsync(user.Id, habit.Id, day, skip: false),
                };
                await AssertConsistentAsync(database, habit.Id);
                // The card a write answers with (built from the written state when it can be) is the one a read shows.
                Assert.Equal(await habits.CardAsync(user.Id, new UserClock("Europe/London", 0), habit.Id), card);
                clock.Advance(TimeSpan.FromDays(advance));
            }
        }, iter: 200); // hundreds of random histories per database, each checked after every step
    }

    [Fact]
    public async Task The_locking_read_of_a_write_selects_every_column_of_a_habit()
    {
        // A write attaches the habit it read by hand: a column left out would hold a default that the card would show.
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = database.NewContext();
        var select = Queries.LockedHabitOnSqlite[..Queries.LockedHabitOnSqlite.IndexOf("FROM", StringComparison.Ordinal)];
        foreach (var property in db.Model.FindEntityType(typeof(Habit))!.GetProperties())
            Assert.Contains($"h.{property.GetColumnName()},", select);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Completing_today_twice_stores_one_log_and_undo_removes_it(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (user, habit) = await SeedAsync(database);
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-20T09:00:00Z"));
        await using var db = database.NewContext(clock);
        var habits = new HabitService(db, clock);

        var first = await habits.CompleteAsync(user.Id, habit.Id);
        var second = await habits.CompleteAsync(user.Id, habit.Id);
        Assert.Equal(first, second);
        Assert.Equal(1, first!.CurrentStreak);
        Assert.True(first.DoneToday);
        Assert.Equal(1, await db.HabitLogs.CountAsync());
        var log = await db.HabitLogs.AsNoTracking().SingleAsync();
        Assert.Equal(DateTime.Parse("2026-03-20T09:00:00Z").ToUniversalTime(), log.CompletedAt);

        var undone = await habits.ClearAsync(user.Id, habit.Id);
        Assert.Equal(0, undone!.CurrentStreak);
        Assert.False(undone.DoneToday);
        Assert.Equal(0, await db.HabitLogs.CountAsync());
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Another_users_habit_is_not_found_and_not_changed(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (_, habit) = await SeedAsync(database);
        var (intruder, _) = await SeedAsync(database);
        await using var db = database.NewContext();
        var habits = new HabitService(db, TimeProvider.System);
        Assert.Null(await habits.CompleteAsync(intruder.Id, habit.Id));
        Assert.Null(await habits.SkipAsync(intruder.Id, habit.Id, null, true));
        Assert.Null(await habits.UpdateAsync(intruder.Id, habit.Id, "Mine now", null, HabitFrequency.Weekly, 2));
        Assert.False(await habits.DeleteAsync(intruder.Id, habit.Id));
        Assert.Null(await habits.HistoryAsync(intruder.Id, new UserClock("UTC", 0), habit.Id));
        Assert.Equal(0, await db.HabitLogs.CountAsync());
        Assert.Equal("Meeting", (await db.Habits.AsNoTracking().SingleAsync(h => h.Id == habit.Id)).Name);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "Pacific/Tongatapu", "2026-06-10T10:30:00Z", "2026-06-10")]
    [InlineData(DatabaseProvider.Postgres, "Pacific/Tongatapu", "2026-06-10T10:30:00Z", "2026-06-10")]
    [InlineData(DatabaseProvider.Sqlite, "Pacific/Honolulu", "2026-06-11T09:30:00Z", "2026-06-10")]
    [InlineData(DatabaseProvider.Postgres, "Pacific/Honolulu", "2026-06-11T09:30:00Z", "2026-06-10")]
    public async Task A_completion_at_23_30_local_counts_for_that_day(DatabaseProvider provider, string zone, string now, string expected)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (user, habit) = await SeedAsync(database, zone);
        var clock = new FakeTimeProvider(DateTimeOffset.Parse(now));
        await using var db = database.NewContext(clock);
        var card = await new HabitService(db, clock).CompleteAsync(user.Id, habit.Id);
        Assert.Equal(DateOnly.Parse(expected), (await db.HabitLogs.AsNoTracking().SingleAsync()).LocalDate);
        Assert.Equal(DateOnly.Parse(expected), card!.Today);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_later_time_zone_change_leaves_past_days_as_they_were(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (user, habit) = await SeedAsync(database, "Pacific/Auckland");
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-06-10T11:00:00Z")); // 23:00 in Auckland, the 10th
        await using (var db = database.NewContext(clock))
            await new HabitService(db, clock).CompleteAsync(user.Id, habit.Id);
        await using (var db = database.NewContext(clock))
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.TimeZone, "America/Los_Angeles"));

        clock.Advance(TimeSpan.FromHours(12)); // 16:00 on the 10th in Los Angeles
        await using var read = database.NewContext(clock);
        Assert.Equal(new DateOnly(2026, 6, 10), (await read.HabitLogs.AsNoTracking().SingleAsync()).LocalDate);
        var history = await new HabitService(read, clock).HistoryAsync(user.Id, new UserClock("America/Los_Angeles", 0), habit.Id);
        Assert.True(history!.Days.Single(d => d.Date == new DateOnly(2026, 6, 10)).Done);
        Assert.True(history.Card.DoneToday);
        Assert.Equal(1, history.Card.CurrentStreak);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_weekly_habit_across_a_DST_change_counts_its_days_once(DatabaseProvider provider)
    {
        // Europe/Berlin springs forward on Sunday 2026-03-29: Monday 23 to Sunday 29 is one ISO week.
        await using var database = await TestDatabase.CreateAsync(provider);
        var (user, habit) = await SeedAsync(database, "Europe/Berlin", HabitFrequency.Weekly, 3);
        var clock = new FakeTimeProvider();
        await using var db = database.NewContext(clock);
        var habits = new HabitService(db, clock);
        HabitCard? card = null;
        // 23:30 local on Monday and Thursday (CET, UTC+1) and on Sunday (CEST, UTC+2).
        foreach (var utc in new[] { "2026-03-23T22:30:00Z", "2026-03-26T22:30:00Z", "2026-03-29T21:30:00Z" })
        {
            clock.SetUtcNow(DateTimeOffset.Parse(utc));
            card = await habits.CompleteAsync(user.Id, habit.Id);
        }
        Assert.Equal([new DateOnly(2026, 3, 23), new DateOnly(2026, 3, 26), new DateOnly(2026, 3, 29)],
            await db.HabitLogs.OrderBy(l => l.LocalDate).Select(l => l.LocalDate).ToListAsync());
        Assert.Equal(3, card!.PeriodCount);
        Assert.True(card.PeriodMet);
        Assert.Equal(1, card.CurrentStreak);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_new_schedule_recounts_the_streaks(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (user, habit) = await SeedAsync(database);
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-20T09:00:00Z")); // a Friday
        await using var db = database.NewContext(clock);
        var habits = new HabitService(db, clock);
        var today = new DateOnly(2026, 3, 20);
        foreach (var back in new[] { 11, 10, 9, 4, 3, 0 }) await habits.CompleteAsync(user.Id, habit.Id, today.AddDays(-back));
        Assert.Equal(1, (await habits.CardAsync(user.Id, new UserClock("UTC", 0), habit.Id))!.CurrentStreak);

        var weekly = await habits.UpdateAsync(user.Id, habit.Id, "Meeting", null, HabitFrequency.Weekly, 2);
        Assert.Equal(2, weekly!.CurrentStreak); // the week of 9 March (3 days) and this week, 16–22 March (16, 17, 20)
        Assert.Equal(3, weekly.PeriodCount);
        await AssertConsistentAsync(database, habit.Id);
    }
}

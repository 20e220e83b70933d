using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Operations;
using Sovereign.Web.Pages.Habits;

namespace Sovereign.Tests.Operations;

public class BenchmarkSeedTests
{
    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Seeding_twice_leaves_the_same_benchmark_data_with_consistent_streaks(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T10:00:00Z"));
        for (var run = 0; run < 2; run++)
        {
            await using var db = database.NewContext(clock);
            await new BenchmarkSeed(db, TestPasswords.Hasher, clock).RunAsync();
        }

        await using var read = database.NewContext();
        var bench = await read.Users.SingleAsync(u => u.Email == BenchmarkSeed.Email);
        Assert.True(TestPasswords.Hasher.Verify(BenchmarkSeed.Password, bench.PasswordHash));
        Assert.Equal(2, await read.Users.CountAsync());
        Assert.Equal(20, await read.Habits.CountAsync(h => h.UserId == bench.Id));
        Assert.Equal(20 * 365, await read.HabitLogs.CountAsync(l => l.UserId == bench.Id));
        Assert.Equal(300, await read.RelapseEvents.CountAsync(r => r.UserId == bench.Id));
        Assert.Equal(10_010, await read.HabitLogs.CountAsync(l => l.UserId != bench.Id));

        foreach (var habit in await read.Habits.AsNoTracking().ToListAsync())
        {
            var logs = await read.HabitLogs.Where(l => l.HabitId == habit.Id).OrderBy(l => l.LocalDate).ToListAsync();
            var (streaks, state) = StreakCalculator.Replay(HabitFrequency.Daily, 1, logs[0].LocalDate, 0, logs.Select(l => l.LocalDate).ToList(), new HashSet<DateOnly>());
            Assert.Equal(streaks, logs.Select(l => l.StreakCount));
            Assert.Equal(state, habit.Streak);
            Assert.Equal(new DateOnly(2026, 11, 25), habit.LastDoneOn); // yesterday: today is left to complete
        }
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task The_growth_crowd_is_made_by_the_database_and_replaced_when_seeded_again(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T10:00:00Z"));
        foreach (var count in new[] { 4, 3 })
        {
            await using var db = database.NewContext(clock);
            await new BenchmarkSeed(db, TestPasswords.Hasher, clock).OthersAsync(count);
        }

        await using var read = database.NewContext();
        Assert.Equal(3, await read.Users.CountAsync(u => u.Email.StartsWith("other-")));
        Assert.Equal(3 * 5 * 365, await read.HabitLogs.CountAsync());
        Assert.Equal(3 * 12, await read.RelapseEvents.CountAsync());
        Assert.Equal(3 * 12, await read.UrgeEvents.CountAsync());
        Assert.Equal(new DateOnly(2026, 11, 25), await read.HabitLogs.MaxAsync(l => l.LocalDate));
        Assert.Equal(3 * 5 * 365, await read.HabitLogs.Select(l => l.Id).Distinct().CountAsync()); // every id made by the database is new
    }
}

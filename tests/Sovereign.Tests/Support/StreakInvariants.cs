using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Pages.Habits;

namespace Sovereign.Tests.Support;

public static class StreakInvariants
{
    /// <summary>
    /// One log per habit and day; every stored streak count and the habit's cached state equal a full replay of its
    /// history. Returns the habit's logged days.
    /// </summary>
    public static async Task<List<DateOnly>> AssertConsistentAsync(AppDb db, Guid habitId)
    {
        var stored = await db.Habits.AsNoTracking().SingleAsync(h => h.Id == habitId);
        var logs = await db.HabitLogs.AsNoTracking().Where(l => l.HabitId == habitId).OrderBy(l => l.LocalDate).ToListAsync();
        var skips = (await db.HabitSkips.Where(s => s.HabitId == habitId).Select(s => s.PeriodStart).ToListAsync()).ToHashSet();
        Assert.Equal(logs.Count, logs.Select(l => l.LocalDate).Distinct().Count());
        var (expected, state) = StreakCalculator.Replay(stored.Frequency, stored.TargetPerPeriod, logs.FirstOrDefault()?.LocalDate ?? default, 0,
            logs.Select(l => l.LocalDate).ToList(), skips);
        Assert.Equal(expected, logs.Select(l => l.StreakCount));
        Assert.Equal(logs.Count == 0 ? StreakState.Empty : state, stored.Streak);
        return logs.Select(l => l.LocalDate).ToList();
    }
}

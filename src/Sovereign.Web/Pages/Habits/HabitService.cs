using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Time;

namespace Sovereign.Web.Pages.Habits;

public sealed partial class HabitService(AppDb db, TimeProvider clock)
{
    private const int MaxAttempts = 8;

    /// <summary>Every habit's name, active ones first, for choosing among them (what a share link shows).</summary>
    public Task<List<HabitName>> NamesAsync(Guid userId) =>
        db.Habits.AsNoTracking().Where(h => h.UserId == userId).OrderByDescending(h => h.IsActive).ThenBy(h => h.Name)
            .Select(h => new HabitName(h.Id, h.Name, h.IsActive)).ToListAsync();

    /// <summary>Adds a habit; null when the user already has <see cref="Habit.MaxPerUser"/>.</summary>
    public Task<Habit?> CreateAsync(Guid userId, string name, string? description, HabitFrequency frequency, int target, TimeOnly? remindAt = null) =>
        db.UnderCapAsync(userId, async () =>
    {
        if (await db.Habits.CountAsync(h => h.UserId == userId) >= Habit.MaxPerUser) return null;
        var habit = new Habit { UserId = userId, Name = name, Description = description, Frequency = frequency, TargetPerPeriod = target, RemindAt = remindAt };
        db.Habits.Add(habit);
        await db.SaveChangesAsync();
        return (Habit?)habit;
    });

    /// <summary>
    /// Marks a day done: today, or a past day (backdating, at noon local time unless a time is given), or the day of an
    /// instant (a tap the phone kept with no signal). Done twice is done once.
    /// </summary>
    public Task<HabitCard?> CompleteAsync(Guid userId, Guid habitId, DateOnly? day = null, TimeOnly? time = null, DateTime? at = null) =>
        WriteAsync(userId, habitId, cardFromState: true, change: async (locked, userClock, today) =>
        {
            var habit = locked.Habit;
            var date = day ?? (at is { } instant ? userClock.DayOf(instant) : today);
            if (!DateWindow.Contains(date, today)) throw new DayOutsideWindowException(date, today);
            // A day after the latest completion has none yet; an earlier one may.
            if (date <= habit.LastDoneOn && await db.HabitLogs.AnyAsync(l => l.HabitId == habit.Id && l.LocalDate == date)) return false;

            var log = new HabitLog
            {
                HabitId = habit.Id, UserId = habit.UserId, LocalDate = date,
                CompletedAt = at ?? (day is null ? clock.GetUtcNow().UtcDateTime.TruncateToMicroseconds() : userClock.CompletionInstant(date, time)),
            };
            db.HabitLogs.Add(log);
            if (habit.LastDoneOn is { } last && date <= last)
            {
                await db.SaveChangesAsync();
                await ReplayFromAsync(habit, date);
                return true;
            }

            // After every other completion: only this one's streak to work out, from the cached state.
            var (lastSkipped, skippedSince) = await SkipsSinceAsync(locked, Periods.Start(date, habit.Frequency));
            (log.StreakCount, habit.Streak) = StreakCalculator.Append(habit.Frequency, habit.TargetPerPeriod, habit.Streak, date, lastSkipped, skippedSince);
            return true;
        });

    /// <summary>Removes a day's completion: today's (undo) or a past one's.</summary>
    public Task<HabitCard?> ClearAsync(Guid userId, Guid habitId, DateOnly? day = null) =>
        WriteAsync(userId, habitId, cardFromState: true, change: async (locked, _, today) =>
        {
            var habit = locked.Habit;
            var date = day ?? today;
            if (!DateWindow.Contains(date, today)) throw new DayOutsideWindowException(date, today);
            if (date != habit.LastDoneOn)
            {
                var log = await db.HabitLogs.SingleOrDefaultAsync(l => l.HabitId == habit.Id && l.LocalDate == date);
                if (log is null) return false;
                db.HabitLogs.Remove(log);
                await db.SaveChangesAsync();
                await ReplayFromAsync(habit, date);
                return true;
            }

            // The latest completion goes: the state is again the one the completion before it left.
            if (locked.LatestId is not { } latest) return false;
            db.HabitLogs.Remove(new HabitLog { Id = latest, HabitId = habit.Id, UserId = habit.UserId, LocalDate = date });
            if (locked.PreviousOn is not { } previous)
            {
                habit.Streak = StreakState.Empty;
                return true;
            }
            var period = Periods.Start(previous, habit.Frequency);
            var count = period == habit.StreakPeriodStart ? habit.StreakPeriodCount - 1
                : habit.Frequency == HabitFrequency.Daily ? 1
                : period >= locked.From ? locked.Logs.Count(l => l.Date >= period && l.Date <= previous)
                : await db.HabitLogs.CountAsync(l => l.HabitId == habit.Id && l.LocalDate >= period && l.LocalDate <= previous);
            var longest = locked.LatestStreak < habit.LongestStreak ? habit.LongestStreak : locked.LongestBeforeLatest ?? 0;
            habit.Streak = StreakCalculator.WithoutLatest(habit.Frequency, previous, locked.PreviousStreak!.Value, count, longest);
            return true;
        });

    /// <summary>Skips (or un-skips) the period that holds <paramref name="day"/>.</summary>
    public Task<HabitCard?> SkipAsync(Guid userId, Guid habitId, DateOnly? day, bool skip) =>
        WriteAsync(userId, habitId, async (locked, _, today) =>
        {
            var habit = locked.Habit;
            var date = day ?? today;
            if (!DateWindow.Contains(date, today)) throw new DayOutsideWindowException(date, today);
            var period = Periods.Start(date, habit.Frequency);
            var existing = await db.HabitSkips.SingleOrDefaultAsync(s => s.HabitId == habit.Id && s.PeriodStart == period);
            if (skip == existing is not null) return false;
            if (skip) db.HabitSkips.Add(new HabitSkip { HabitId = habit.Id, UserId = habit.UserId, PeriodStart = period });
            else db.HabitSkips.Remove(existing!);
            await db.SaveChangesAsync();
            await ReplayFromAsync(habit, Periods.Next(period, habit.Frequency));
            return true;
        });

    /// <summary>Name, description, schedule; a new schedule recounts every streak from the first completion.</summary>
    public Task<HabitCard?> UpdateAsync(Guid userId, Guid habitId, string name, string? description, HabitFrequency frequency, int target, TimeOnly? remindAt = null) =>
        WriteAsync(userId, habitId, async (locked, _, _) =>
        {
            var habit = locked.Habit;
            var rescheduled = habit.Frequency != frequency || habit.TargetPerPeriod != target;
            (habit.Name, habit.Description, habit.Frequency, habit.TargetPerPeriod, habit.RemindAt) = (name, description, frequency, target, remindAt);
            if (rescheduled)
            {
                // Skips were periods of the old schedule: a skipped day is not a skipped week.
                await db.HabitSkips.Where(s => s.HabitId == habit.Id).ExecuteDeleteAsync();
                await ReplayFromAsync(habit, DateOnly.MinValue);
            }
            return true;
        });

    public Task<HabitCard?> SetActiveAsync(Guid userId, Guid habitId, bool active) =>
        WriteAsync(userId, habitId, (locked, _, _) =>
        {
            var habit = locked.Habit;
            if (habit.IsActive == active) return Task.FromResult(false);
            habit.IsActive = active;
            return Task.FromResult(true);
        });

    /// <summary>Deletes the habit with its logs and skips (the foreign keys cascade). False when it isn't the user's.</summary>
    public async Task<bool> DeleteAsync(Guid userId, Guid habitId) =>
        await db.Habits.Where(h => h.Id == habitId && h.UserId == userId).ExecuteDeleteAsync() > 0;

    /// <summary>Recounts the streak of every completion from the period of <paramref name="day"/> on, and the cached state.</summary>
    private async Task ReplayFromAsync(Habit habit, DateOnly day)
    {
        var f = habit.Frequency;
        var from = day == DateOnly.MinValue ? day : Periods.Start(day, f);
        var before = await db.HabitLogs.Where(l => l.HabitId == habit.Id && l.LocalDate < from)
            .OrderByDescending(l => l.LocalDate).Select(l => new { l.LocalDate, l.StreakCount }).FirstOrDefaultAsync();
        // Start at the period of the last completion before, whose streak (stored, and still right) gives the run so far.
        var start = before is null ? from : Periods.Start(before.LocalDate, f);
        var logs = await db.HabitLogs.Where(l => l.HabitId == habit.Id && l.LocalDate >= start).OrderBy(l => l.LocalDate).ToListAsync();
        var skips = (await db.HabitSkips.Where(s => s.HabitId == habit.Id && s.PeriodStart >= start).Select(s => s.PeriodStart).ToListAsync()).ToHashSet();
        var runBefore = before is null ? 0
            : before.StreakCount - (logs.Count(l => Periods.Start(l.LocalDate, f) == start) >= habit.TargetPerPeriod ? 1 : 0);

        var firstPeriod = before is not null || logs.Count == 0 ? start : Periods.Start(logs[0].LocalDate, f);
        var (streaks, state) = StreakCalculator.Replay(f, habit.TargetPerPeriod, firstPeriod, runBefore, logs.Select(l => l.LocalDate).ToList(), skips);
        for (var i = 0; i < logs.Count; i++) logs[i].StreakCount = streaks[i];
        var longestBefore = before is null ? 0 : await db.HabitLogs.Where(l => l.HabitId == habit.Id && l.LocalDate < start).MaxAsync(l => (int?)l.StreakCount) ?? 0;
        habit.Streak = logs.Count == 0 ? StreakState.Empty : state with { Longest = Math.Max(state.Longest, longestBefore) };
    }
}

public static class HabitsFeature
{
    /// <summary>This folder's services: habits, completions and streaks.</summary>
    public static IServiceCollection AddHabits(this IServiceCollection services) => services.AddScoped<HabitService>();
}

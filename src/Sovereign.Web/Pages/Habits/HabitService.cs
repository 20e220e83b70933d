using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Time;

namespace Sovereign.Web.Pages.Habits;

public sealed partial class HabitService(AppDb db, TimeProvider clock)
{
    private const int MaxAttempts = 8;

    /// <summary>The cards of a user's habits in one query (or of one habit), due ones first.</summary>
    /// <param name="sharedBy">Only the habits this share link shows.</param>
    public async Task<IReadOnlyList<HabitCard>> CardsAsync(Guid userId, UserClock userClock, bool? active = true, Guid? habitId = null, Guid? sharedBy = null)
    {
        var today = userClock.Today(clock);
        var parameters = CardParameters(userId, today);
        var sql = Queries.HabitCards;
        if (active is { } isActive) (sql, parameters["active"]) = (sql + Queries.HabitCardsActive, isActive);
        if (habitId is { } id) (sql, parameters["habit"]) = (sql + Queries.HabitCardOf, id);
        if (sharedBy is { } link) (sql, parameters["link"]) = (sql + Queries.HabitCardsSharedBy, link);
        return Sorted(await db.ReadAsync(sql, parameters, CardRow(today)));
    }

    /// <summary>What <see cref="Queries.HabitCards"/> takes: the user, today, and the current week's and month's starts.</summary>
    public static Dictionary<string, object> CardParameters(Guid userId, DateOnly today) => new()
    {
        ["user"] = userId, ["today"] = today,
        ["week"] = Periods.Start(today, HabitFrequency.Weekly), ["month"] = Periods.Start(today, HabitFrequency.Monthly),
    };

    /// <summary>A row of <see cref="Queries.HabitCards"/> as the card it shows today.</summary>
    public static Func<DbDataReader, HabitCard> CardRow(DateOnly today) => r =>
    {
        var frequency = SnakeCaseEnum<HabitFrequency>.Parse(r.GetString(2));
        var target = r.GetInt32(3);
        var state = new StreakState(r.IsDBNull(5) ? null : r.GetDate(5), r.IsDBNull(6) ? null : r.GetDate(6), r.GetInt32(7), r.GetInt32(8), r.GetInt32(9));
        var now = StreakCalculator.Now(frequency, target, state, today, stateSkipped: r.GetBoolean(12), skippedSince: r.GetInt32(13));
        return new HabitCard(r.GetGuid(0), r.GetString(1), frequency, target, r.GetBoolean(4),
            now.Current, now.Longest, now.PeriodCount, now.PeriodMet, PeriodSkipped: r.GetBoolean(11), DoneToday: r.GetBoolean(10), today);
    };

    /// <summary>Due ones first, then by name.</summary>
    public static List<HabitCard> Sorted(IEnumerable<HabitCard> cards) =>
        cards.OrderByDescending(c => c.IsDue).ThenBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase).ToList();

    /// <summary>Every habit's name, active ones first, for choosing among them (what a share link shows).</summary>
    public Task<List<HabitName>> NamesAsync(Guid userId) =>
        db.Habits.AsNoTracking().Where(h => h.UserId == userId).OrderByDescending(h => h.IsActive).ThenBy(h => h.Name)
            .Select(h => new HabitName(h.Id, h.Name, h.IsActive)).ToListAsync();

    public async Task<HabitCard?> CardAsync(Guid userId, UserClock userClock, Guid habitId) =>
        (await CardsAsync(userId, userClock, active: null, habitId: habitId)).SingleOrDefault();

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
        WriteAsync(userId, habitId, async (habit, userClock, today) =>
        {
            var date = day ?? (at is { } instant ? userClock.DayOf(instant) : today);
            if (!DateWindow.Contains(date, today)) throw new DayOutsideWindowException(date, today);
            if (await db.HabitLogs.AnyAsync(l => l.HabitId == habit.Id && l.LocalDate == date)) return false;

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
            var (lastSkipped, skippedSince) = await SkipsSinceAsync(habit, Periods.Start(date, habit.Frequency));
            (log.StreakCount, habit.Streak) = StreakCalculator.Append(habit.Frequency, habit.TargetPerPeriod, habit.Streak, date, lastSkipped, skippedSince);
            return true;
        });

    /// <summary>Removes a day's completion: today's (undo) or a past one's.</summary>
    public Task<HabitCard?> ClearAsync(Guid userId, Guid habitId, DateOnly? day = null) =>
        WriteAsync(userId, habitId, async (habit, _, today) =>
        {
            var date = day ?? today;
            if (!DateWindow.Contains(date, today)) throw new DayOutsideWindowException(date, today);
            var log = await db.HabitLogs.SingleOrDefaultAsync(l => l.HabitId == habit.Id && l.LocalDate == date);
            if (log is null) return false;
            db.HabitLogs.Remove(log);
            if (date != habit.LastDoneOn)
            {
                await db.SaveChangesAsync();
                await ReplayFromAsync(habit, date);
                return true;
            }

            // The latest completion goes: the state is again the one the completion before it left.
            var previous = await db.HabitLogs.Where(l => l.HabitId == habit.Id && l.LocalDate < date)
                .OrderByDescending(l => l.LocalDate).Select(l => new { l.LocalDate, l.StreakCount }).FirstOrDefaultAsync();
            if (previous is null)
            {
                habit.Streak = StreakState.Empty;
                return true;
            }
            var period = Periods.Start(previous.LocalDate, habit.Frequency);
            var count = period == habit.StreakPeriodStart ? habit.StreakPeriodCount - 1
                : await db.HabitLogs.CountAsync(l => l.HabitId == habit.Id && l.LocalDate >= period && l.LocalDate <= previous.LocalDate);
            var longest = log.StreakCount < habit.LongestStreak ? habit.LongestStreak
                : await db.HabitLogs.Where(l => l.HabitId == habit.Id && l.Id != log.Id).MaxAsync(l => (int?)l.StreakCount) ?? 0;
            habit.Streak = StreakCalculator.WithoutLatest(habit.Frequency, previous.LocalDate, previous.StreakCount, count, longest);
            return true;
        });

    /// <summary>Skips (or un-skips) the period that holds <paramref name="day"/>.</summary>
    public Task<HabitCard?> SkipAsync(Guid userId, Guid habitId, DateOnly? day, bool skip) =>
        WriteAsync(userId, habitId, async (habit, _, today) =>
        {
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
        WriteAsync(userId, habitId, async (habit, _, _) =>
        {
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
        WriteAsync(userId, habitId, (habit, _, _) =>
        {
            if (habit.IsActive == active) return Task.FromResult(false);
            habit.IsActive = active;
            return Task.FromResult(true);
        });

    /// <summary>Deletes the habit with its logs and skips (the foreign keys cascade). False when it isn't the user's.</summary>
    public async Task<bool> DeleteAsync(Guid userId, Guid habitId) =>
        await db.Habits.Where(h => h.Id == habitId && h.UserId == userId).ExecuteDeleteAsync() > 0;

    /// <summary>
    /// Loads the habit (only the owner's) with the owner's clock, applies <paramref name="change"/> and saves, in one
    /// transaction; a parallel write to the same habit makes it start again (and a repeat then finds nothing to do).
    /// </summary>
    private async Task<HabitCard?> WriteAsync(Guid userId, Guid habitId, Func<Habit, UserClock, DateOnly, Task<bool>> change)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            UserClock userClock;
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                // PostgreSQL: one writer per habit at a time (the row is locked as it is read), so a busy habit queues
                // instead of retrying (SQLite already serialises writers). The version check stays as the safety net.
                var row = await (from h in db.HabitLockedForWriting(habitId, userId)
                                 join u in db.Users on h.UserId equals u.Id
                                 where h.Id == habitId && h.UserId == userId
                                 select new { Habit = h, u.TimeZone, u.DayEndsAtHour }).SingleOrDefaultAsync();
                if (row is null) return null;
                userClock = new UserClock(row.TimeZone, row.DayEndsAtHour);
                if (await change(row.Habit, userClock, userClock.Today(clock)))
                {
                    row.Habit.Version++;
                    await db.SaveChangesAsync();
                    await transaction.CommitAsync();
                }
            }
            catch (DbUpdateException e) when (attempt < MaxAttempts && (e is DbUpdateConcurrencyException || DatabaseErrors.IsUniqueViolation(e)))
            {
                continue;
            }
            return (await CardsAsync(userId, userClock, active: null, habitId: habitId)).Single();
        }
    }

    /// <summary>Whether the cached state's period was skipped, and how many periods were skipped after it and before <paramref name="period"/>.</summary>
    private async Task<(bool LastSkipped, int SkippedSince)> SkipsSinceAsync(Habit habit, DateOnly period)
    {
        if (habit.StreakPeriodStart is not { } last || last >= period) return (false, 0);
        var skips = await db.HabitSkips.Where(s => s.HabitId == habit.Id && s.PeriodStart >= last && s.PeriodStart < period)
            .Select(s => s.PeriodStart).ToListAsync();
        return (skips.Contains(last), skips.Count(s => s > last));
    }

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

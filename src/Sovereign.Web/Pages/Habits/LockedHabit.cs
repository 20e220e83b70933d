using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Time;

namespace Sovereign.Web.Pages.Habits;

/// <summary>A completion as a write needs it.</summary>
public sealed record LoggedDay(Guid Id, DateOnly Date, int StreakCount);

/// <summary>
/// A habit locked for a write, with what completing a day or taking back the latest one needs, read in the same
/// statement (#29): the owner's clock; the latest completion and the one before it; the longest streak before the
/// latest, only when the latest holds the longest; the skips since <see cref="From"/>, and for a weekly or monthly
/// habit its completions since then. What lies further back is read when needed.
/// </summary>
public sealed class LockedHabit
{
    /// <summary>How far back skips and completions are read: the period before a monthly habit's latest completion fits.</summary>
    public const int RecentDays = 35;

    public required Habit Habit { get; init; }
    public required string TimeZone { get; init; }
    public int DayEndsAtHour { get; init; }
    public Guid? LatestId { get; init; }
    public int? LatestStreak { get; init; }
    public DateOnly? PreviousOn { get; init; }
    public int? PreviousStreak { get; init; }
    public int? LongestBeforeLatest { get; init; }
    public required List<DateOnly> Skips { get; init; }
    /// <summary>Only a weekly or monthly habit's: a daily habit's period holds one completion.</summary>
    public required List<LoggedDay> Logs { get; init; }
    public DateOnly From { get; init; }
}

public sealed partial class HabitService
{
    /// <summary>
    /// Locks and loads the habit (only the owner's), applies <paramref name="change"/> and saves, in one transaction;
    /// a parallel write to the same habit makes it start again (and a repeat then finds nothing to do). Three round trips
    /// on PostgreSQL (the locking read, the changes, the commit) when the card can be built from the written state.
    /// </summary>
    private async Task<HabitCard?> WriteAsync(Guid userId, Guid habitId, Func<LockedHabit, UserClock, DateOnly, Task<bool>> change, bool cardFromState = false)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            LockedHabit? locked;
            UserClock userClock;
            DateOnly today;
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                // Every user's today is within a day of UTC's.
                var recent = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(-LockedHabit.RecentDays);
                // PostgreSQL: one writer per habit at a time (the row is locked as it is read), so a busy habit queues
                // instead of retrying (SQLite already serialises writers). The version check stays as the safety net.
                locked = await LockAsync(habitId, userId, recent);
                if (locked is null) return null;
                userClock = new UserClock(locked.TimeZone, locked.DayEndsAtHour);
                today = userClock.Today(clock);
                if (await change(locked, userClock, today))
                {
                    locked.Habit.Version++;
                    await db.SaveChangesAsync();
                    await transaction.CommitAsync();
                }
            }
            catch (DbUpdateException e) when (attempt < MaxAttempts && (e is DbUpdateConcurrencyException || DatabaseErrors.IsUniqueViolation(e)))
            {
                continue;
            }
            return (cardFromState ? CardFromState(locked, today) : null) ?? (await CardsAsync(userId, userClock, active: null, habitId: habitId)).Single();
        }
    }

    /// <summary>The habit (tracked, as EF would have read it) with what is around it: <see cref="Queries.LockedHabitOnPostgres"/>.</summary>
    private Task<LockedHabit?> LockAsync(Guid habitId, Guid userId, DateOnly recent) =>
        db.ReadSetsAsync(db.Database.IsNpgsql() ? Queries.LockedHabitOnPostgres : Queries.LockedHabitOnSqlite,
            new Dictionary<string, object> { ["habit"] = habitId, ["user"] = userId, ["recent"] = recent }, async r =>
            {
                if (!await r.ReadAsync()) return null;
                var habit = new Habit
                {
                    Id = r.GetGuid(0), UserId = r.GetGuid(1), Name = r.GetString(2), Description = r.IsDBNull(3) ? null : r.GetString(3),
                    Frequency = SnakeCaseEnum<HabitFrequency>.Parse(r.GetString(4)), TargetPerPeriod = r.GetInt32(5), IsActive = r.GetBoolean(6),
                    RemindAt = r.IsDBNull(7) ? null : r.GetFieldValue<TimeOnly>(7), CreatedAt = r.GetUtc(8), UpdatedAt = r.GetUtc(9),
                    LastDoneOn = r.IsDBNull(10) ? null : r.GetDate(10), StreakPeriodStart = r.IsDBNull(11) ? null : r.GetDate(11),
                    StreakPeriodCount = r.GetInt32(12), StreakRun = r.GetInt32(13), LongestStreak = r.GetInt32(14), Version = r.GetInt32(15),
                };
                var (timeZone, dayEndsAtHour) = (r.GetString(16), r.GetInt32(17));
                var (latestId, latestStreak) = r.IsDBNull(18) ? (null, null) : ((Guid?)r.GetGuid(18), (int?)r.GetInt32(19));
                var (previousOn, previousStreak) = r.IsDBNull(20) ? (null, null) : ((DateOnly?)r.GetDate(20), (int?)r.GetInt32(21));
                int? longestBefore = r.IsDBNull(22) ? null : r.GetInt32(22);
                await r.NextResultAsync();
                var skips = await r.RowsAsync(s => s.GetDate(0));
                var logs = await r.RowsAsync(l => new LoggedDay(l.GetGuid(0), l.GetDate(1), l.GetInt32(2)));
                db.Habits.Attach(habit);
                return new LockedHabit
                {
                    Habit = habit, TimeZone = timeZone, DayEndsAtHour = dayEndsAtHour, LatestId = latestId, LatestStreak = latestStreak,
                    PreviousOn = previousOn, PreviousStreak = previousStreak, LongestBeforeLatest = longestBefore, Skips = skips, Logs = logs, From = recent,
                };
            });

    /// <summary>
    /// The card as <see cref="Queries.HabitCards"/> would read it after a completion or an undo (which leave the skips as
    /// they were); null when it needs what was not read. Today is done exactly when the latest completion is today,
    /// as long as none lies after today (a zone moved west can leave one there).
    /// </summary>
    private static HabitCard? CardFromState(LockedHabit locked, DateOnly today)
    {
        var habit = locked.Habit;
        var current = Periods.Start(today, habit.Frequency);
        if (habit.LastDoneOn > today || current < locked.From || habit.StreakPeriodStart < locked.From) return null;
        var start = habit.StreakPeriodStart;
        var now = StreakCalculator.Now(habit.Frequency, habit.TargetPerPeriod, habit.Streak, today, start is { } s && locked.Skips.Contains(s),
            start is { } since ? locked.Skips.Count(p => p > since && p < current) : 0);
        return new HabitCard(habit.Id, habit.Name, habit.Frequency, habit.TargetPerPeriod, habit.IsActive, now.Current, now.Longest, now.PeriodCount,
            now.PeriodMet, PeriodSkipped: locked.Skips.Contains(current), DoneToday: habit.LastDoneOn == today, today);
    }

    /// <summary>Whether the cached state's period was skipped, and how many periods were skipped after it and before <paramref name="period"/>.</summary>
    private async Task<(bool LastSkipped, int SkippedSince)> SkipsSinceAsync(LockedHabit locked, DateOnly period)
    {
        var habit = locked.Habit;
        if (habit.StreakPeriodStart is not { } last || last >= period) return (false, 0);
        var skips = last >= locked.From ? locked.Skips
            : await db.HabitSkips.Where(s => s.HabitId == habit.Id && s.PeriodStart >= last && s.PeriodStart < period).Select(s => s.PeriodStart).ToListAsync();
        return (skips.Contains(last), skips.Count(s => s > last && s < period));
    }
}

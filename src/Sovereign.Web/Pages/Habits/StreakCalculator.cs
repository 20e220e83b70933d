using Sovereign.Web.Models;

namespace Sovereign.Web.Pages.Habits;

/// <summary>What a habit's streak is as of its latest completion; cached on the habit row.</summary>
public readonly record struct StreakState(DateOnly? LastDoneOn, DateOnly? PeriodStart, int PeriodCount, int Run, int Longest)
{
    public static readonly StreakState Empty = new(null, null, 0, 0, 0);
}

/// <summary>The streak figures a card shows today.</summary>
public readonly record struct StreakNow(int Current, int Longest, int PeriodCount, bool PeriodMet);

/// <summary>
/// The streak rules, pure: no database, no clock. A period (local day, ISO week or calendar month) is met when the days
/// done in it reach the target. A streak counts consecutive met periods; a skipped period that is not met neither counts
/// nor breaks it; the current period, while open, does not break it either.
/// </summary>
public static class StreakCalculator
{
    /// <summary>
    /// Walks completions (distinct local dates, ascending) forward from the period <paramref name="from"/>, given the
    /// streak run before it. Returns each completion's streak as of that completion, and the state after the last.
    /// </summary>
    public static (int[] StreakPerLog, StreakState State) Replay(HabitFrequency frequency, int target, DateOnly from, int runBefore,
        IReadOnlyList<DateOnly> dates, IReadOnlySet<DateOnly> skippedPeriods)
    {
        var perLog = new int[dates.Count];
        var run = runBefore;
        var period = Periods.Start(from, frequency);
        var count = 0;
        var longest = 0;
        // Skipped period starts in order, so a gap of any length is judged in one step instead of period by period.
        var skips = skippedPeriods.Where(s => Periods.Start(s, frequency) == s).Order().ToArray();
        for (var i = 0; i < dates.Count; i++)
        {
            var start = Periods.Start(dates[i], frequency);
            if (start < period) throw new ArgumentException("Dates must be ascending and not before the starting period.", nameof(dates));
            if (period < start)
            {
                // This period is over: unmet and not skipped, it breaks the streak; so does any empty period after it
                // that was not skipped.
                if (count < target && !skippedPeriods.Contains(period)) run = 0;
                if (SkippedBetween(skips, period, start) < Periods.Between(period, start, frequency)) run = 0;
                period = start;
                count = 0;
            }
            count++;
            if (count == target) run++;
            perLog[i] = run;
            longest = Math.Max(longest, run);
        }
        var state = dates.Count == 0 ? StreakState.Empty with { Run = runBefore }
            : new StreakState(dates[^1], period, count, run, longest);
        return (perLog, state);
    }

    /// <summary>
    /// A completion after every other one, from the cached state alone (what keeps a day's tap O(1) however long the
    /// history): its streak, and the state after it. The same rule as <see cref="Replay"/>, one step of it.
    /// </summary>
    /// <param name="stateSkipped">Whether the state's period was skipped.</param>
    /// <param name="skippedSince">Skipped periods strictly between the state's period and the new completion's.</param>
    public static (int Streak, StreakState State) Append(HabitFrequency frequency, int target, StreakState state, DateOnly day, bool stateSkipped, int skippedSince)
    {
        var period = Periods.Start(day, frequency);
        var runBefore = RunBefore(frequency, target, state, period, stateSkipped, skippedSince);
        var count = state.PeriodStart == period ? state.PeriodCount + 1 : 1;
        var streak = runBefore + (count >= target ? 1 : 0);
        return (streak, new StreakState(day, period, count, streak, Math.Max(state.Longest, streak)));
    }

    /// <summary>
    /// The state once the latest completion is removed: the one the completion before it left (none: empty), given
    /// that completion's day and streak, how many completions its period still holds, and the longest remaining streak.
    /// </summary>
    public static StreakState WithoutLatest(HabitFrequency frequency, DateOnly? previousDay, int previousStreak, int previousPeriodCount, int longestRemaining) =>
        previousDay is { } day ? new StreakState(day, Periods.Start(day, frequency), previousPeriodCount, previousStreak, longestRemaining) : StreakState.Empty;

    /// <summary>How many of the ascending <paramref name="skips"/> lie strictly between two period starts.</summary>
    private static int SkippedBetween(DateOnly[] skips, DateOnly earlier, DateOnly later)
    {
        static int IndexOf(DateOnly[] sorted, DateOnly day)
        {
            var i = Array.BinarySearch(sorted, day);
            return i >= 0 ? i : ~i;
        }
        return Math.Max(0, IndexOf(skips, later) - IndexOf(skips, earlier) - (Array.BinarySearch(skips, earlier) >= 0 ? 1 : 0));
    }

    /// <summary>The streak run before <paramref name="period"/>, from the state of an earlier completion and the skips since.</summary>
    /// <param name="skippedSince">Skipped periods strictly between the state's period and <paramref name="period"/>.</param>
    public static int RunBefore(HabitFrequency frequency, int target, StreakState state, DateOnly period, bool stateSkipped, int skippedSince)
    {
        if (state.PeriodStart is not { } last) return 0;
        if (last == period) return state.Run - (state.PeriodCount >= target ? 1 : 0);
        if (last > period) return state.Run; // a later period was already counted (the user's zone moved west)
        var throughLast = state.PeriodCount >= target || stateSkipped ? state.Run : 0;
        return skippedSince >= Periods.Between(last, period, frequency) ? throughLast : 0;
    }

    /// <summary>The figures as of <paramref name="today"/>.</summary>
    public static StreakNow Now(HabitFrequency frequency, int target, StreakState state, DateOnly today, bool stateSkipped, int skippedSince)
    {
        var period = Periods.Start(today, frequency);
        if (state.PeriodStart == period) return new(state.Run, state.Longest, state.PeriodCount, state.PeriodCount >= target);
        return new(RunBefore(frequency, target, state, period, stateSkipped, skippedSince), state.Longest, 0, false);
    }
}

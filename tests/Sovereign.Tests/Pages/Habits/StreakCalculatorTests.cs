using CsCheck;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Habits;

namespace Sovereign.Tests.Pages.Habits;

public class StreakCalculatorTests
{
    private static DateOnly D(string s) => DateOnly.Parse(s);

    private static StreakNow NowFor(HabitFrequency f, int target, string today, string[] done, params string[] skipped)
    {
        var dates = done.Select(D).Order().ToList();
        var skips = skipped.Select(d => Periods.Start(D(d), f)).ToHashSet();
        var (_, state) = StreakCalculator.Replay(f, target, dates.FirstOrDefault(), 0, dates, skips);
        var period = Periods.Start(D(today), f);
        var between = state.PeriodStart is { } last ? skips.Count(s => s > last && s < period) : 0;
        return StreakCalculator.Now(f, target, state, D(today), state.PeriodStart is { } q && skips.Contains(q), between);
    }

    [Theory]
    [InlineData("2026-03-05", new[] { "2026-03-03", "2026-03-04", "2026-03-05" }, 3)]  // done today
    [InlineData("2026-03-06", new[] { "2026-03-03", "2026-03-04", "2026-03-05" }, 3)]  // today still open: not broken at 09:00
    [InlineData("2026-03-07", new[] { "2026-03-03", "2026-03-04", "2026-03-05" }, 0)]  // yesterday missed: broken
    [InlineData("2026-03-05", new[] { "2026-03-01", "2026-03-03", "2026-03-04", "2026-03-05" }, 3)]
    [InlineData("2026-03-05", new string[0], 0)]
    public void A_daily_streak_counts_days_up_to_today_or_yesterday(string today, string[] done, int expected) =>
        Assert.Equal(expected, NowFor(HabitFrequency.Daily, 1, today, done).Current);

    [Fact]
    public void A_skipped_day_neither_counts_nor_breaks()
    {
        string[] done = ["2026-03-01", "2026-03-02", "2026-03-04"];
        Assert.Equal(1, NowFor(HabitFrequency.Daily, 1, "2026-03-04", done).Current);
        Assert.Equal(3, NowFor(HabitFrequency.Daily, 1, "2026-03-04", done, "2026-03-03").Current);
        Assert.Equal(2, NowFor(HabitFrequency.Daily, 1, "2026-03-05", ["2026-03-01", "2026-03-02"], "2026-03-03", "2026-03-04").Current);
    }

    [Fact]
    public void A_weekly_target_needs_that_many_days_in_the_ISO_week()
    {
        // Weeks start on Monday: 2026-03-02, 03-09, 03-16.
        string[] done = ["2026-03-02", "2026-03-04", "2026-03-06", "2026-03-09", "2026-03-10", "2026-03-15", "2026-03-16"];
        var now = NowFor(HabitFrequency.Weekly, 3, "2026-03-17", done);
        Assert.Equal(2, now.Current);       // two weeks met, this week open with 1 of 3
        Assert.Equal(1, now.PeriodCount);
        Assert.False(now.PeriodMet);
        Assert.Equal(0, NowFor(HabitFrequency.Weekly, 3, "2026-03-23", done).Current); // the week of the 16th ended unmet
        Assert.Equal(2, NowFor(HabitFrequency.Weekly, 3, "2026-03-23", done, "2026-03-18").Current); // …unless skipped
    }

    [Fact]
    public void A_monthly_streak_runs_across_February()
    {
        string[] done = ["2028-01-31", "2028-02-29", "2028-03-01"];
        Assert.Equal(3, NowFor(HabitFrequency.Monthly, 1, "2028-03-31", done).Current);
        Assert.Equal(0, NowFor(HabitFrequency.Monthly, 1, "2028-05-01", done).Current);
        Assert.Equal(2, NowFor(HabitFrequency.Monthly, 2, "2028-03-15", ["2028-01-30", "2028-01-31", "2028-02-01", "2028-02-28", "2028-03-01"]).Current);
    }

    [Fact]
    public void Each_completion_keeps_the_streak_as_of_itself()
    {
        var dates = new[] { "2026-03-02", "2026-03-04", "2026-03-06", "2026-03-07", "2026-03-10" }.Select(D).ToList();
        var (perLog, state) = StreakCalculator.Replay(HabitFrequency.Weekly, 2, dates[0], 0, dates, new HashSet<DateOnly>());
        Assert.Equal([0, 1, 1, 1, 1], perLog);
        Assert.Equal(new StreakState(D("2026-03-10"), D("2026-03-09"), 1, 1, 1), state);
    }

    [Fact]
    public void A_gap_of_a_century_breaks_a_streak_unless_every_period_in_it_was_skipped()
    {
        var daily = new[] { D("1900-01-01"), D("2026-01-01") };
        Assert.Equal([1, 1], StreakCalculator.Replay(HabitFrequency.Daily, 1, daily[0], 0, daily, new HashSet<DateOnly>()).StreakPerLog);
        var monthly = new[] { D("1900-01-15"), D("2026-01-15") };
        var everyMonthBetween = Enumerable.Range(1, 126 * 12 - 1).Select(i => D("1900-01-01").AddMonths(i)).ToHashSet();
        Assert.Equal([1, 2], StreakCalculator.Replay(HabitFrequency.Monthly, 1, monthly[0], 0, monthly, everyMonthBetween).StreakPerLog);
        everyMonthBetween.Remove(D("1987-06-01"));
        Assert.Equal([1, 1], StreakCalculator.Replay(HabitFrequency.Monthly, 1, monthly[0], 0, monthly, everyMonthBetween).StreakPerLog);
    }

    // ---- Properties: the forward, incremental calculator against a backward-walking reference ----

    private static readonly Gen<(HabitFrequency F, int Target, DateOnly[] Dates, HashSet<DateOnly> Skips, int TodayAfter)> Histories =
        from f in Gen.Enum<HabitFrequency>()
        from target in Gen.Int[1, f == HabitFrequency.Daily ? 1 : f == HabitFrequency.Weekly ? 4 : 8]
        from offsets in Gen.Int[0, f == HabitFrequency.Daily ? 60 : 400].Array[0, 120]
        from skipOffsets in Gen.Int[0, f == HabitFrequency.Daily ? 60 : 400].Array[0, 15]
        from todayAfter in Gen.Int[0, 70]
        let start = new DateOnly(2027, 12, 20)
        select (f, target, offsets.Distinct().Order().Select(o => start.AddDays(o)).ToArray(),
            skipOffsets.Select(o => Periods.Start(start.AddDays(o), f)).ToHashSet(), todayAfter);

    /// <summary>The streak as of day <paramref name="t"/>, walking back from its period: simple and slow.</summary>
    private static int Reference(HabitFrequency f, int target, IEnumerable<DateOnly> dates, ISet<DateOnly> skips, DateOnly t)
    {
        var known = dates.Where(d => d <= t).ToList();
        if (known.Count == 0) return 0;
        int Count(DateOnly p) => known.Count(d => Periods.Start(d, f) == p);
        DateOnly Previous(DateOnly p) => f switch { HabitFrequency.Daily => p.AddDays(-1), HabitFrequency.Weekly => p.AddDays(-7), _ => p.AddMonths(-1) };
        var first = Periods.Start(known.Min(), f);
        var period = Periods.Start(t, f);
        var streak = Count(period) >= target ? 1 : 0;
        for (var p = Previous(period); p >= first; p = Previous(p))
        {
            if (Count(p) >= target) streak++;
            else if (!skips.Contains(p)) break;
        }
        return streak;
    }

    [Fact]
    public void Every_completions_streak_matches_the_reference() => Histories.Sample(h =>
    {
        if (h.Dates.Length == 0) return;
        var (perLog, state) = StreakCalculator.Replay(h.F, h.Target, h.Dates[0], 0, h.Dates, h.Skips);
        for (var i = 0; i < h.Dates.Length; i++)
            Assert.Equal(Reference(h.F, h.Target, h.Dates, h.Skips, h.Dates[i]), perLog[i]);
        Assert.Equal(perLog.Max(), state.Longest);
    });

    [Fact]
    public void The_streak_today_matches_the_reference() => Histories.Sample(h =>
    {
        var today = (h.Dates.Length == 0 ? new DateOnly(2028, 1, 1) : h.Dates[^1]).AddDays(h.TodayAfter);
        var (_, state) = StreakCalculator.Replay(h.F, h.Target, h.Dates.FirstOrDefault(), 0, h.Dates, h.Skips);
        var period = Periods.Start(today, h.F);
        var between = state.PeriodStart is { } last ? h.Skips.Count(s => s > last && s < period) : 0;
        var now = StreakCalculator.Now(h.F, h.Target, state, today, state.PeriodStart is { } q && h.Skips.Contains(q), between);
        Assert.Equal(Reference(h.F, h.Target, h.Dates, h.Skips, today), now.Current);
    });

    [Fact]
    public void Replaying_from_any_later_period_with_the_run_before_it_gives_the_same_streaks() => Histories.Select(Gen.Int[0, 1000]).Sample((h, cut) =>
    {
        if (h.Dates.Length < 2) return;
        var (full, fullState) = StreakCalculator.Replay(h.F, h.Target, h.Dates[0], 0, h.Dates, h.Skips);
        // Resume at the period of some later completion, from the state as of the last completion before it.
        var from = Periods.Start(h.Dates[1 + cut % (h.Dates.Length - 1)], h.F);
        var before = h.Dates.Where(d => Periods.Start(d, h.F) < from).ToList();
        if (before.Count == 0) return;
        var (_, prefixState) = StreakCalculator.Replay(h.F, h.Target, h.Dates[0], 0, before, h.Skips);
        var between = h.Skips.Count(s => s > prefixState.PeriodStart!.Value && s < from);
        var runBefore = StreakCalculator.RunBefore(h.F, h.Target, prefixState, from, h.Skips.Contains(prefixState.PeriodStart!.Value), between);
        var rest = h.Dates.Where(d => Periods.Start(d, h.F) >= from).ToList();
        var (resumed, resumedState) = StreakCalculator.Replay(h.F, h.Target, from, runBefore, rest, h.Skips);
        Assert.Equal(full[^rest.Count..], resumed);
        Assert.Equal(fullState with { Longest = 0 }, resumedState with { Longest = 0 });
    });

    [Fact]
    public void Appending_completions_one_at_a_time_gives_the_replays_streaks_and_state() => Histories.Sample(h =>
    {
        var state = StreakState.Empty;
        var streaks = new List<int>();
        foreach (var day in h.Dates)
        {
            var period = Periods.Start(day, h.F);
            var stateSkipped = state.PeriodStart is { } last && h.Skips.Contains(last);
            var skippedSince = state.PeriodStart is { } since ? h.Skips.Count(s => s > since && s < period) : 0;
            (var streak, state) = StreakCalculator.Append(h.F, h.Target, state, day, stateSkipped, skippedSince);
            streaks.Add(streak);
        }
        var (expected, expectedState) = StreakCalculator.Replay(h.F, h.Target, h.Dates.FirstOrDefault(), 0, h.Dates, h.Skips);
        Assert.Equal(expected, streaks);
        Assert.Equal(h.Dates.Length == 0 ? StreakState.Empty : expectedState, state);
    });

    [Fact]
    public void Removing_the_latest_completion_gives_the_state_a_replay_without_it_leaves() => Histories.Sample(h =>
    {
        if (h.Dates.Length < 2) return;
        var (streaks, _) = StreakCalculator.Replay(h.F, h.Target, h.Dates[0], 0, h.Dates, h.Skips);
        var rest = h.Dates[..^1];
        var (_, expected) = StreakCalculator.Replay(h.F, h.Target, rest[0], 0, rest, h.Skips);
        var previousPeriod = Periods.Start(rest[^1], h.F);
        var state = StreakCalculator.WithoutLatest(h.F, rest[^1], streaks[^2], rest.Count(d => Periods.Start(d, h.F) == previousPeriod), streaks[..^1].Max());
        Assert.Equal(expected, state);
    });
}

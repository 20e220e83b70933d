using Sovereign.Web.Models;
using Sovereign.Web.Services;

namespace Sovereign.Tests.Services;

public class InsightsTests
{
    private static DateTime T(string s) => DateTime.Parse(s).ToUniversalTime();
    private static readonly ILookup<Guid, DateOnly> NoLogs = Array.Empty<(Guid, DateOnly)>().ToLookup(x => x.Item1, x => x.Item2);

    [Fact]
    public void Triggers_are_counted_for_relapses_and_urges_that_passed()
    {
        var report = Insights.Compute(new UserClock("UTC", 0), new DateOnly(2026, 6, 1),
            [(T("2026-05-01T10:00:00Z"), TriggerType.Stress, 5), (T("2026-05-02T10:00:00Z"), TriggerType.Stress, 6), (T("2026-05-03T10:00:00Z"), TriggerType.PeerPressure, 2)],
            [(T("2026-05-04T10:00:00Z"), TriggerType.Stress), (T("2026-05-05T10:00:00Z"), TriggerType.Other)],
            [], NoLogs);
        Assert.Equal((2, 1), (report.Triggers.Single(t => t.Trigger == TriggerType.Stress).Relapses, report.Triggers.Single(t => t.Trigger == TriggerType.Stress).UrgesPassed));
        Assert.Equal((1, 0), (report.Triggers.Single(t => t.Trigger == TriggerType.PeerPressure).Relapses, report.Triggers.Single(t => t.Trigger == TriggerType.PeerPressure).UrgesPassed));
        Assert.Equal((0, 1), (report.Triggers.Single(t => t.Trigger == TriggerType.Other).Relapses, report.Triggers.Single(t => t.Trigger == TriggerType.Other).UrgesPassed));
        Assert.Equal(6, report.Triggers.Count);
        Assert.False(report.TooFew);
        Assert.Equal(3, report.RelapseCount);
        Assert.Equal(2, report.UrgeCount);
    }

    [Fact]
    public void The_weekday_by_hour_grid_is_in_local_time_across_a_DST_change()
    {
        // Europe/Berlin: Saturday 28 March 2026 22:00 CET is 21:00 UTC; Sunday 29 March 22:00 CEST is 20:00 UTC;
        // Monday 30 March 07:15 CEST is 05:15 UTC.
        var report = Insights.Compute(new UserClock("Europe/Berlin", 0), new DateOnly(2026, 4, 1),
            [(T("2026-03-28T21:00:00Z"), TriggerType.Stress, 5), (T("2026-03-29T20:00:00Z"), TriggerType.Stress, 5), (T("2026-03-30T05:15:00Z"), TriggerType.Other, 5)],
            [], [], NoLogs);
        Assert.Equal(1, report.HourByWeekday[5, 22]); // Saturday, 22:00
        Assert.Equal(1, report.HourByWeekday[6, 22]); // Sunday, 22:00 (UTC says 20)
        Assert.Equal(1, report.HourByWeekday[0, 7]);  // Monday, 07:00
        var total = 0;
        foreach (var cell in report.HourByWeekday) total += cell;
        Assert.Equal(3, total);
    }

    [Fact]
    public void Habit_completion_in_the_week_before_a_relapse_is_compared_with_every_other_day()
    {
        // The habit began on 1 January; today is 31 January, so 1–30 January count. A relapse on 20 January:
        // the week before is 13–19 January (7 days), done on 3 of them; the other 22 days (1–12, 21–30), done on 21.
        var habit = new Insights.Habit(Guid.NewGuid(), "Evening walk", new DateOnly(2026, 1, 1));
        var missed = new[] { 5, 15, 16, 17, 18 }.Select(d => new DateOnly(2026, 1, d)).ToHashSet();
        var done = Enumerable.Range(1, 30).Select(d => new DateOnly(2026, 1, d)).Where(d => !missed.Contains(d) && d.Day != 20).ToList();
        var report = Insights.Compute(new UserClock("UTC", 0), new DateOnly(2026, 1, 31),
            [(T("2026-01-20T21:00:00Z"), TriggerType.Stress, 5)], [], [habit], done.ToLookup(_ => habit.Id));

        var relation = Assert.Single(report.Habits);
        Assert.Equal(3.0 / 7, relation.RateBefore, 12);
        Assert.Equal(21.0 / 22, relation.RateOtherwise, 12);
        Assert.Equal((7, 22), (relation.DaysBefore, relation.DaysOtherwise));
        Assert.Equal("In the week before your relapse you completed \u201cEvening walk\u201d 43% of the time, against 95% otherwise.",
            relation.Sentence(1));
        Assert.True(report.TooFew);
    }

    [Fact]
    public void Too_few_events_say_so_and_draw_no_trend()
    {
        var two = Insights.Compute(new UserClock("UTC", 0), new DateOnly(2026, 6, 1),
            [(T("2026-05-01T10:00:00Z"), TriggerType.Stress, 5), (T("2026-05-20T10:00:00Z"), TriggerType.Stress, 3)], [], [], NoLogs);
        Assert.True(two.TooFew);
        Assert.Null(two.SeverityChangePerYear);
        Assert.Null(two.StretchTrend);
        Assert.Equal([19], two.CleanStretches);

        // A habit younger than the comparison needs says nothing.
        var young = new Insights.Habit(Guid.NewGuid(), "New habit", new DateOnly(2026, 5, 25));
        var report = Insights.Compute(new UserClock("UTC", 0), new DateOnly(2026, 6, 1),
            [(T("2026-05-30T10:00:00Z"), TriggerType.Stress, 5)], [], [young], NoLogs);
        Assert.Empty(report.Habits);
    }

    [Fact]
    public void Trends_follow_least_squares_over_enough_events()
    {
        var start = T("2026-01-01T12:00:00Z");
        // Five relapses, severities 9, 8, 7, 6, 5 thirty days apart, then stretches 30, 40, 50, 60 days.
        var relapses = new (DateTime, TriggerType, int)[]
        {
            (start, TriggerType.Stress, 9), (start.AddDays(30), TriggerType.Stress, 8), (start.AddDays(70), TriggerType.Stress, 7),
            (start.AddDays(120), TriggerType.Stress, 6), (start.AddDays(180), TriggerType.Stress, 5),
        };
        var report = Insights.Compute(new UserClock("UTC", 0), new DateOnly(2026, 12, 1), relapses, [], [], NoLogs);
        Assert.Equal([30, 40, 50, 60], report.CleanStretches);
        Assert.Equal(10, report.StretchTrend!.Value, 9);
        Assert.True(report.SeverityChangePerYear < -5);
        Assert.Equal(-2.0, Insights.Slope([(0, 4), (1, 2), (2, 0)]), 12);
    }

    [Fact]
    public void A_habit_is_related_to_relapses_over_the_last_two_years_at_most_however_old_it_is()
    {
        var today = new DateOnly(2026, 6, 1);
        var relapses = new HashSet<DateOnly> { new(1900, 3, 1), new(2025, 3, 1), new(2026, 3, 1) };
        var relation = Insights.Relate(new Insights.Habit(Guid.NewGuid(), "Walk", new DateOnly(1900, 1, 1)), today, relapses, new HashSet<DateOnly>())!;
        Assert.Equal(14, relation.DaysBefore); // the week before each of the two recent relapses; 1900 is out of view
        Assert.Equal(Insights.LookBackDays - 14 - 2, relation.DaysOtherwise); // the rest of the two years, but for relapse days
    }
}

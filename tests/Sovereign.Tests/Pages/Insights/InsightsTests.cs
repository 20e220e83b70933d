using Sovereign.Web.Models;
using Sovereign.Web.Pages.Insights;
using Sovereign.Web.Time;

namespace Sovereign.Tests.Pages.Insights;

public class InsightsTests
{
    private static DateTime T(string s) => DateTime.Parse(s).ToUniversalTime();
    private static readonly ILookup<Guid, DateOnly> NoLogs = Array.Empty<(Guid, DateOnly)>().ToLookup(x => x.Item1, x => x.Item2);

    [Fact]
    public void Triggers_are_counted_for_relapses_and_urges_that_passed()
    {
        var report = InsightCalculator.Compute(new UserClock("UTC", 0), new DateOnly(2026, 6, 1),
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
        var report = InsightCalculator.Compute(new UserClock("Europe/Berlin", 0), new DateOnly(2026, 4, 1),
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
        var habit = new InsightCalculator.Habit(Guid.NewGuid(), "Evening walk", new DateOnly(2026, 1, 1));
        var missed = new[] { 5, 15, 16, 17, 18 }.Select(d => new DateOnly(2026, 1, d)).ToHashSet();
        var done = Enumerable.Range(1, 30).Select(d => new DateOnly(2026, 1, d)).Where(d => !missed.Contains(d) && d.Day != 20).ToList();
        var report = InsightCalculator.Compute(new UserClock("UTC", 0), new DateOnly(2026, 1, 31),
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
        var two = InsightCalculator.Compute(new UserClock("UTC", 0), new DateOnly(2026, 6, 1),
            [(T("2026-05-01T10:00:00Z"), TriggerType.Stress, 5), (T("2026-05-20T10:00:00Z"), TriggerType.Stress, 3)], [], [], NoLogs);
        Assert.True(two.TooFew);
        Assert.Null(two.SeverityChange);
        Assert.Null(two.StretchTrend);
        Assert.Equal([19], two.CleanStretches);

        // A habit younger than the comparison needs says nothing.
        var young = new InsightCalculator.Habit(Guid.NewGuid(), "New habit", new DateOnly(2026, 5, 25));
        var report = InsightCalculator.Compute(new UserClock("UTC", 0), new DateOnly(2026, 6, 1),
            [(T("2026-05-30T10:00:00Z"), TriggerType.Stress, 5)], [], [young], NoLogs);
        Assert.Empty(report.Habits);
    }

    [Fact]
    public void Three_weeks_of_relapses_make_no_severity_trend_and_a_month_says_its_change_in_points_of_ten()
    {
        var start = T("2026-05-01T21:00:00Z");
        // Severities 9, 7, 5, 3, 2 within three weeks: once it was "going down by about 66 points a year".
        var threeWeeks = new (DateTime, TriggerType, int)[] { (start, TriggerType.Stress, 9), (start.AddDays(5), TriggerType.Stress, 7),
            (start.AddDays(10), TriggerType.Stress, 5), (start.AddDays(15), TriggerType.Stress, 3), (start.AddDays(20), TriggerType.Stress, 2) };
        Assert.Null(InsightCalculator.Compute(new UserClock("UTC", 0), new DateOnly(2026, 6, 1), threeWeeks, [], [], NoLogs).SeverityChange);

        var month = threeWeeks.Append((start.AddDays(30), TriggerType.Stress, 2)).ToList();
        var change = InsightCalculator.Compute(new UserClock("UTC", 0), new DateOnly(2026, 6, 10), month, [], [], NoLogs).SeverityChange!;
        Assert.InRange(change.Start, 1, 10);
        Assert.InRange(change.End, 1, 10);
        Assert.StartsWith("Over these 4 weeks, your relapses have been less severe: from about ", change.Sentence());
        Assert.DoesNotContain("year", change.Sentence());
        var flat = new SeverityChange(new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 1), 5.2, 5.6);
        Assert.Equal("Over these 8 weeks, severity has stayed about the same: around 5 of 10.", flat.Sentence());
    }

    [Fact]
    public void The_hardest_time_names_every_time_that_ties_and_none_when_nothing_stands_out()
    {
        var heat = new int[7, 24];
        heat[0, 21] = 1; heat[4, 23] = 1; heat[5, 2] = 1;
        Assert.Null(InsightCalculator.Hardest(heat)); // one relapse in each of three cells is no pattern

        heat[0, 21] = 2; heat[4, 23] = 2;
        var tie = InsightCalculator.Hardest(heat)!;
        Assert.Equal([(0, 21), (4, 23)], tie.Cells);
        Assert.Equal("The hardest times so far, equally: Mondays around 21:00 and Fridays around 23:00 (2 relapses each).", tie.Sentence());

        heat[4, 23] = 3;
        Assert.Equal("The hardest time so far: Fridays around 23:00 (3 relapses).", InsightCalculator.Hardest(heat)!.Sentence());

        heat[1, 1] = 3; heat[2, 2] = 3; heat[3, 3] = 3;
        Assert.Equal("No one time stands out yet: 4 times share the most relapses (3 each).", InsightCalculator.Hardest(heat)!.Sentence());
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
        var report = InsightCalculator.Compute(new UserClock("UTC", 0), new DateOnly(2026, 12, 1), relapses, [], [], NoLogs);
        Assert.Equal([30, 40, 50, 60], report.CleanStretches);
        Assert.Equal(10, report.StretchTrend!.Value, 9);
        // The line through 9, 8, 7, 6, 5 over 180 days, read at its ends, in the scale's units.
        Assert.Equal(new DateOnly(2026, 1, 1), report.SeverityChange!.From);
        Assert.Equal(new DateOnly(2026, 6, 30), report.SeverityChange.To);
        Assert.InRange(report.SeverityChange.Start, 8.5, 9.5);
        Assert.InRange(report.SeverityChange.End, 4.5, 5.5);
        Assert.Equal("Over these 6 months, your relapses have been less severe: from about 9 to about 5 of 10.", report.SeverityChange.Sentence());
        Assert.Equal(-2.0, InsightCalculator.Slope([(0, 4), (1, 2), (2, 0)]), 12);
    }

    [Fact]
    public void A_habit_is_related_to_relapses_over_the_last_two_years_at_most_however_old_it_is()
    {
        var today = new DateOnly(2026, 6, 1);
        var relapses = new HashSet<DateOnly> { new(1900, 3, 1), new(2025, 3, 1), new(2026, 3, 1) };
        var relation = InsightCalculator.Relate(new InsightCalculator.Habit(Guid.NewGuid(), "Walk", new DateOnly(1900, 1, 1)), today, relapses, new HashSet<DateOnly>())!;
        Assert.Equal(14, relation.DaysBefore); // the week before each of the two recent relapses; 1900 is out of view
        Assert.Equal(InsightCalculator.LookBackDays - 14 - 2, relation.DaysOtherwise); // the rest of the two years, but for relapse days
    }
}

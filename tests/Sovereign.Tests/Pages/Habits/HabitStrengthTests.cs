using Sovereign.Web.Models;
using Sovereign.Web.Pages.Habits;

namespace Sovereign.Tests.Pages.Habits;

public class HabitStrengthTests
{
    private static readonly DateOnly Start = new(2026, 1, 1);

    [Fact]
    public void The_daily_multiplier_halves_a_score_in_13_misses()
    {
        var m = HabitStrength.Multiplier(1);
        Assert.Equal(0.5, Math.Pow(m, 13), 10);
        Assert.Equal(Math.Pow(0.5, Math.Sqrt(3.0 / 7) / 13), HabitStrength.Multiplier(3.0 / 7), 12);
    }

    [Fact]
    public void Hand_computed_daily_example()
    {
        // Done, done, missed: S1 = (1−m), S2 = m(1−m) + (1−m), S3 = m·S2.
        var m = HabitStrength.Multiplier(1);
        var done = new HashSet<DateOnly> { Start, Start.AddDays(1) };
        var s = HabitStrength.Compute(HabitFrequency.Daily, 1, Start, Start.AddDays(2), done.Contains, new HashSet<DateOnly>());
        Assert.Equal(m * (m * (1 - m) + (1 - m)), s, 12);
    }

    [Fact]
    public void A_skipped_day_leaves_the_score_unchanged()
    {
        var done = new HashSet<DateOnly> { Start, Start.AddDays(1) };
        var twoDays = HabitStrength.Compute(HabitFrequency.Daily, 1, Start, Start.AddDays(1), done.Contains, new HashSet<DateOnly>());
        var skippedThird = HabitStrength.Compute(HabitFrequency.Daily, 1, Start, Start.AddDays(2), done.Contains, new HashSet<DateOnly> { Start.AddDays(2) });
        Assert.Equal(twoDays, skippedThird, 12);
    }

    [Fact]
    public void A_year_of_every_day_is_near_full_and_a_miss_dips_it_only_a_little()
    {
        var year = Enumerable.Range(0, 365).Select(i => Start.AddDays(i)).ToHashSet();
        var full = HabitStrength.Compute(HabitFrequency.Daily, 1, Start, Start.AddDays(364), year.Contains, new HashSet<DateOnly>());
        var missed = HabitStrength.Compute(HabitFrequency.Daily, 1, Start, Start.AddDays(365), year.Contains, new HashSet<DateOnly>());
        Assert.True(full > 0.999);
        Assert.Equal(full * HabitStrength.Multiplier(1), missed, 12);
        Assert.True(missed > 0.94);
    }

    [Fact]
    public void Three_days_a_week_done_exactly_is_full_strength()
    {
        // Monday, Wednesday, Friday for a year: every 7-day window holds 3 done days.
        var done = Enumerable.Range(0, 365).Select(i => Start.AddDays(i)).Where(d => d.DayOfWeek is DayOfWeek.Monday or DayOfWeek.Wednesday or DayOfWeek.Friday).ToHashSet();
        var s = HabitStrength.Compute(HabitFrequency.Weekly, 3, Start, Start.AddDays(364), done.Contains, new HashSet<DateOnly>());
        Assert.True(s > 0.95, $"{s}");
    }
}

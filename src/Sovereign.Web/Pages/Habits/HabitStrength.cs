using Sovereign.Web.Models;

namespace Sovereign.Web.Pages.Habits;

/// <summary>
/// Habit strength, 0–1, after Loop Habit Tracker's score (written from its published formula): each day
/// S = m·S_prev + (1−m)·v, with m = 0.5^(√f / 13), f the target frequency per day (1 daily, 3/7 for three days a week)
/// and v the share of the target met in the period-long window ending that day. Consistency raises it; a miss lowers it
/// gently; a skipped day leaves it as it was. Daily, 13 misses in a row halve it.
/// </summary>
public static class HabitStrength
{
    public static double Multiplier(double frequencyPerDay) => Math.Pow(0.5, Math.Sqrt(frequencyPerDay) / 13.0);

    public static double Compute(HabitFrequency frequency, int target, DateOnly from, DateOnly today,
        Func<DateOnly, bool> isDone, IReadOnlySet<DateOnly> skippedPeriods)
    {
        var window = Periods.Days(frequency);
        var m = Multiplier((double)target / window);
        var strength = 0.0;
        var inWindow = 0;
        for (var day = from; day <= today; day = day.AddDays(1))
        {
            if (isDone(day)) inWindow++;
            if (isDone(day.AddDays(-window))) inWindow--;
            if (skippedPeriods.Contains(Periods.Start(day, frequency))) continue;
            var v = Math.Min(1.0, (double)inWindow / target);
            strength = m * strength + (1 - m) * v;
        }
        return strength;
    }
}

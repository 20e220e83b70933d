using Sovereign.Web.Models;

namespace Sovereign.Web.Pages.Habits;

/// <summary>A habit's periods on the local calendar: a day, an ISO week (Monday first) or a calendar month, named by their first day.</summary>
public static class Periods
{
    public static DateOnly Start(DateOnly day, HabitFrequency frequency) => frequency switch
    {
        HabitFrequency.Daily => day,
        HabitFrequency.Weekly => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        _ => new DateOnly(day.Year, day.Month, 1),
    };

    public static DateOnly Next(DateOnly start, HabitFrequency frequency) => frequency switch
    {
        HabitFrequency.Daily => start.AddDays(1),
        HabitFrequency.Weekly => start.AddDays(7),
        _ => start.AddMonths(1),
    };

    /// <summary>How many periods lie strictly between two period starts.</summary>
    public static int Between(DateOnly earlier, DateOnly later, HabitFrequency frequency) => frequency switch
    {
        HabitFrequency.Daily => Math.Max(0, later.DayNumber - earlier.DayNumber - 1),
        HabitFrequency.Weekly => Math.Max(0, (later.DayNumber - earlier.DayNumber) / 7 - 1),
        _ => Math.Max(0, (later.Year - earlier.Year) * 12 + later.Month - earlier.Month - 1),
    };

    /// <summary>How many days make the period a target is counted over (for habit strength's rate).</summary>
    public static int Days(HabitFrequency frequency) => frequency switch
    {
        HabitFrequency.Daily => 1,
        HabitFrequency.Weekly => 7,
        _ => 30,
    };

    public static int MaxTarget(HabitFrequency frequency) => frequency switch
    {
        HabitFrequency.Daily => 1,
        HabitFrequency.Weekly => 7,
        _ => 28,
    };
}

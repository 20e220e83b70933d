namespace Sovereign.Web.Pages.Tracks;

/// <summary>What clean days give back: money (decimal, never floating point) and time. Never negative.</summary>
public static class Savings
{
    /// <summary>Cost per day × clean time, rounded to the currency's minor unit.</summary>
    public static decimal Money(decimal costPerDay, TimeSpan clean, Currency currency) =>
        Currencies.Round(Math.Max(0, costPerDay) * Days(clean), currency);

    /// <summary>Minutes per day × clean time.</summary>
    public static TimeSpan Time(int minutesPerDay, TimeSpan clean) =>
        TimeSpan.FromTicks((long)(Math.Max(0, minutesPerDay) * Days(clean) * TimeSpan.TicksPerMinute));

    /// <summary>Clean time in days, exactly (decimal from ticks: no floating point).</summary>
    private static decimal Days(TimeSpan clean) => Math.Max(0, clean.Ticks) / (decimal)TimeSpan.TicksPerDay;

    /// <summary>"3 days 4 hours", "5 hours", "0 hours": time as a person counts it.</summary>
    public static string Describe(TimeSpan time)
    {
        var days = (long)time.TotalDays;
        var hours = time.Hours;
        var dayText = days == 1 ? "1 day" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{days:N0} days");
        var hourText = hours == 1 ? "1 hour" : $"{hours} hours";
        if (days == 0 && hours == 0) return time.Minutes == 1 ? "1 minute" : $"{time.Minutes} minutes";
        return days == 0 ? hourText : hours == 0 ? dayText : $"{dayText} {hourText}";
    }
}

using Sovereign.Web.Time;

namespace Sovereign.Tests.Support;

/// <summary>Days as the user counts them: a test's "today" is the user's today in their zone, never the UTC date.</summary>
public static class TestDates
{
    public static DateOnly Today(string timeZone, TimeProvider? clock = null) => new UserClock(timeZone, 0).Today(clock ?? TimeProvider.System);

    public static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

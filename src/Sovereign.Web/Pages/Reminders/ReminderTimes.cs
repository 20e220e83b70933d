using System.Globalization;

namespace Sovereign.Web.Pages.Reminders;

/// <summary>A reminder's local time as a form sends it ("07:30", or "07:30:00" from some browsers); empty is none.</summary>
public static class ReminderTimes
{
    public const string Problem = "Enter a time like 07:30, or leave it empty.";

    public static bool TryParse(string? text, out TimeOnly? time)
    {
        time = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!TimeOnly.TryParseExact(text.Trim(), ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)) return false;
        time = new TimeOnly(parsed.Hour, parsed.Minute);
        return true;
    }

    public static string? Show(TimeOnly? time) => time?.ToString("HH:mm", CultureInfo.InvariantCulture);
}

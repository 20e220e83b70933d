using NodaTime;

namespace Sovereign.Web.Time;

/// <summary>
/// Which local day an instant belongs to for a user: their IANA time zone, and the hour their day ends
/// (with 2, 01:30 still counts for the day before). The one place that answers "what day is it for this user".
/// </summary>
public readonly record struct UserClock(string TimeZone, int DayEndsAtHour)
{
    public DateTimeZone Zone => TimeZones.Get(TimeZone);

    public DateOnly DayOf(DateTime utc) =>
        Instant.FromDateTimeUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).InZone(Zone).LocalDateTime
            .PlusHours(-DayEndsAtHour).Date.ToDateOnly();

    public DateOnly Today(TimeProvider clock) => DayOf(clock.GetUtcNow().UtcDateTime);

    /// <summary>The instant the user's <paramref name="day"/> begins: its day-end hour (midnight by default), local time.</summary>
    public DateTime StartOf(DateOnly day) => ToUtc(day, new TimeOnly(DayEndsAtHour, 0));

    /// <summary>An instant as the user's wall clock shows it.</summary>
    public DateTime ToLocal(DateTime utc) =>
        Instant.FromDateTimeUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).InZone(Zone).ToDateTimeUnspecified();

    /// <summary>An instant as the user's wall clock shows it: "27 Nov 2026, 14:05".</summary>
    public string Show(DateTime utc) =>
        ToLocal(utc).ToString("d MMM yyyy, HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The instant a local date and time names; in a DST gap the clock is moved forward, in an overlap the earlier one is taken.</summary>
    public DateTime ToUtc(DateOnly day, TimeOnly time) =>
        LocalDate.FromDateOnly(day).At(LocalTime.FromTimeOnly(time)).InZoneLeniently(Zone).ToDateTimeUtc();

    /// <summary>When a completion backdated to <paramref name="day"/> happened: at <paramref name="time"/> (noon by default) of that day as the user counts it.</summary>
    public DateTime CompletionInstant(DateOnly day, TimeOnly? time)
    {
        var at = time ?? new TimeOnly(12, 0);
        // Before the day-end hour the clock already shows the next date, yet the completion still counts for this day.
        return ToUtc(at.Hour < DayEndsAtHour ? day.AddDays(1) : day, at);
    }
}

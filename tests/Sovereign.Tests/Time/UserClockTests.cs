using CsCheck;
using NodaTime;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Habits;
using Sovereign.Web.Time;

namespace Sovereign.Tests.Time;

public class UserClockTests
{
    private static DateTime Utc(string s) => DateTime.Parse(s, null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);

    [Theory]
    [InlineData("Pacific/Tongatapu", "2026-06-10T10:30:00Z", "2026-06-10")] // UTC+13: 23:30 on the 10th
    [InlineData("Pacific/Tongatapu", "2026-06-10T11:30:00Z", "2026-06-11")] // 00:30 on the 11th
    [InlineData("Pacific/Honolulu", "2026-06-11T09:30:00Z", "2026-06-10")]  // UTC−10: 23:30 on the 10th
    [InlineData("Pacific/Honolulu", "2026-06-11T10:30:00Z", "2026-06-11")]
    [InlineData("UTC", "2026-06-10T23:59:59.999Z", "2026-06-10")]
    public void A_completion_counts_for_the_local_calendar_day(string zone, string utc, string expected) =>
        Assert.Equal(DateOnly.Parse(expected), new UserClock(zone, 0).DayOf(Utc(utc)));

    [Theory]
    [InlineData(0, "2026-06-10T23:30:00Z", "2026-06-11")] // Berlin, summer: 01:30 on the 11th
    [InlineData(2, "2026-06-10T23:30:00Z", "2026-06-10")] // …counts for the 10th when the day ends at 2
    [InlineData(2, "2026-06-11T00:00:00Z", "2026-06-11")] // 02:00 starts the new day
    [InlineData(6, "2026-06-11T03:59:00Z", "2026-06-10")]
    public void The_day_end_hour_moves_late_nights_to_the_evening_before(int dayEndsAt, string utc, string expected) =>
        Assert.Equal(DateOnly.Parse(expected), new UserClock("Europe/Berlin", dayEndsAt).DayOf(Utc(utc)));

    [Fact]
    public void Days_across_a_DST_change_are_neither_lost_nor_doubled()
    {
        // Europe/Berlin springs forward on 2026-03-29 and falls back on 2026-10-25: a completion every 23:30 local
        // for the week around each change lands on seven different days, one per day.
        var clock = new UserClock("Europe/Berlin", 0);
        foreach (var sunday in new[] { new LocalDate(2026, 3, 29), new LocalDate(2026, 10, 25) })
        {
            var days = Enumerable.Range(-3, 7)
                .Select(i => sunday.PlusDays(i).At(new LocalTime(23, 30)).InZoneStrictly(clock.Zone).ToDateTimeUtc())
                .Select(clock.DayOf).ToList();
            Assert.Equal(Enumerable.Range(-3, 7).Select(i => sunday.PlusDays(i).ToDateOnly()), days);
        }
    }

    [Fact]
    public void A_backdated_completion_at_noon_or_a_given_time_counts_for_its_day()
    {
        var clock = new UserClock("America/New_York", 2);
        var day = new DateOnly(2026, 3, 8); // the DST change in New York: 02:00 does not exist
        Assert.Equal(day, clock.DayOf(clock.CompletionInstant(day, null)));
        Assert.Equal(Utc("2026-03-08T16:00:00Z"), clock.CompletionInstant(day, null));
        Assert.Equal(day, clock.DayOf(clock.CompletionInstant(day, new TimeOnly(1, 30)))); // 01:30 the next morning
        Assert.Equal(day, clock.DayOf(clock.CompletionInstant(day, new TimeOnly(23, 59, 59, 999))));
    }

    [Fact]
    public void In_every_zone_23_30_local_counts_for_that_day_and_00_30_for_the_next() =>
        Gen.Select(Gen.OneOf(TimeZones.All.ToArray()), Gen.Int[0, 3650], Gen.Int[0, 6]).Sample((zone, offset, dayEnd) =>
        {
            var clock = new UserClock(zone, dayEnd);
            var day = new LocalDate(2020, 1, 1).PlusDays(offset);
            var lateEvening = day.At(new LocalTime(23, 30)).InZoneLeniently(clock.Zone).ToDateTimeUtc();
            var justAfterDayEnd = day.PlusDays(1).At(new LocalTime(dayEnd, 30)).InZoneLeniently(clock.Zone).ToDateTimeUtc();
            Assert.Equal(day.ToDateOnly(), clock.DayOf(lateEvening));
            // Lenient mapping may push a time in a DST gap forward by the gap; the day stays the same.
            Assert.Equal(day.PlusDays(1).ToDateOnly(), clock.DayOf(justAfterDayEnd));
        });

    [Theory]
    [InlineData("2026-03-04", HabitFrequency.Weekly, "2026-03-02")]
    [InlineData("2026-03-08", HabitFrequency.Weekly, "2026-03-02")] // Sunday belongs to the week that began on Monday
    [InlineData("2026-03-09", HabitFrequency.Weekly, "2026-03-09")]
    [InlineData("2027-01-01", HabitFrequency.Weekly, "2026-12-28")] // ISO week 53 of 2026
    [InlineData("2028-02-29", HabitFrequency.Monthly, "2028-02-01")]
    public void Periods_start_on_Monday_or_the_first_of_the_month(string day, HabitFrequency f, string start) =>
        Assert.Equal(DateOnly.Parse(start), Periods.Start(DateOnly.Parse(day), f));
}

using CsCheck;
using Sovereign.Web.Pages.Habits;
using Sovereign.Web.Pages.Tracks;
using Sovereign.Web.Time;

namespace Sovereign.Tests.Pages.Tracks;

public class SobrietyTests
{
    private static readonly UserClock Utc = new("UTC", 0);
    private static DateTime T(string s) => DateTime.Parse(s).ToUniversalTime();

    [Theory]
    [InlineData(0, 0, 1)]
    [InlineData(0.5, 0, 1)]
    [InlineData(1, 1, 3)]
    [InlineData(10, 7, 14)]
    [InlineData(89.9, 60, 90)]
    [InlineData(364, 180, 365)]
    [InlineData(365, 365, 730)]
    [InlineData(800, 730, 1095)]
    public void Milestones_are_the_classic_ones_then_every_year(double days, int previous, int next) =>
        Assert.Equal((previous, next), Sobriety.Milestones(days));

    [Fact]
    public void The_clock_runs_from_the_last_relapse_and_keeps_the_longest_run()
    {
        var created = T("2026-01-01T00:00:00Z");
        var relapses = new[] { T("2026-02-15T10:00:00Z"), T("2026-03-01T10:00:00Z") };
        var clock = Sobriety.Compute(T("2026-03-11T22:00:00Z"), created, null, relapses, Utc);

        Assert.Equal(relapses[1], clock.Since);
        Assert.Equal(10, clock.Days);
        Assert.Equal(new TimeSpan(10, 12, 0, 0), clock.Elapsed);
        Assert.Equal(45, clock.LongestRunDays); // 1 January to 15 February
        Assert.Equal((7, 14), (clock.PreviousMilestone, clock.NextMilestone));
        Assert.Equal((10.5 - 7) / 7, clock.MilestoneProgress, 10);
        // 1 January to 10 March are the 69 days already over (11 March, today, counts once it is over); two had a relapse.
        Assert.Equal(67, clock.TotalCleanDays);
        // The clean runs add up to the whole record: a relapse is an instant, it ends one run and starts the next.
        Assert.Equal(new TimeSpan(69, 22, 0, 0), clock.TotalCleanTime);
    }

    [Fact]
    public void A_new_track_has_no_clean_day_yet_and_its_first_day_counts_once_it_is_over()
    {
        var created = T("2026-03-10T09:00:00Z");
        var fresh = Sobriety.Compute(T("2026-03-10T21:00:00Z"), created, null, [], Utc);
        Assert.Equal((0, 0, 0), (fresh.Days, fresh.LongestRunDays, fresh.TotalCleanDays));
        var nextMorning = Sobriety.Compute(T("2026-03-11T08:00:00Z"), created, null, [], Utc);
        Assert.Equal((0, 1), (nextMorning.Days, nextMorning.TotalCleanDays));
    }

    [Fact]
    public void A_relapse_logged_now_takes_nothing_from_what_is_kept()
    {
        // Any history, any moment, any zone: logging a relapse at this instant leaves the longest run and the clean days in all as they were.
        var zones = new[] { "UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/London" };
        Gen.Select(Gen.Int[0, 3], Gen.Int[1, 2000], Gen.Int[1, 3_000_000].Array[0, 12]).Sample((zone, days, offsets) =>
        {
            var clock = new UserClock(zones[zone], 0);
            var start = T("2024-01-01T00:00:00Z");
            var now = start.AddDays(days);
            var relapses = offsets.Select(o => start.AddMinutes(o % (days * 1440))).Order().ToList();
            var before = Sobriety.Compute(now, start, null, relapses, clock);
            var after = Sobriety.Compute(now, start, null, [.. relapses, now], clock);
            return before.LongestRunDays == after.LongestRunDays && before.TotalCleanDays == after.TotalCleanDays && after.Days == 0;
        });
    }

    [Fact]
    public void A_later_clean_since_day_starts_the_clock_at_local_midnight()
    {
        var berlin = new UserClock("Europe/Berlin", 0);
        var clock = Sobriety.Compute(T("2026-06-10T12:00:00Z"), T("2026-01-01T00:00:00Z"), new DateOnly(2026, 6, 1),
            [T("2026-05-20T10:00:00Z")], berlin);
        Assert.Equal(T("2026-05-31T22:00:00Z"), clock.Since); // midnight in Berlin (UTC+2)
        Assert.Equal(9, clock.Days);
    }

    [Fact]
    public void Recovery_strength_dips_after_a_slip_instead_of_zeroing()
    {
        var m = HabitStrength.Multiplier(1);
        var first = new DateOnly(2026, 1, 1);
        // Three clean days: 1 − m³.
        Assert.Equal(1 - Math.Pow(m, 3), Sobriety.Strength(first, first.AddDays(2), new HashSet<DateOnly>()), 12);
        // Thirty clean days, then a relapse day: m·(1 − m³⁰) — lower, not zero.
        var afterSlip = Sobriety.Strength(first, first.AddDays(30), new HashSet<DateOnly> { first.AddDays(30) });
        Assert.Equal(m * (1 - Math.Pow(m, 30)), afterSlip, 12);
        Assert.True(afterSlip > 0.7);
    }
}

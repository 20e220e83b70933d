using Sovereign.Web.Pages.Habits;
using Sovereign.Web.Time;

namespace Sovereign.Web.Pages.Tracks;

/// <summary>The sobriety clock and what stays earned after a slip.</summary>
/// <param name="TotalCleanTime">Every clean run added up, the current one included: a relapse now ends the current run but takes nothing from this.</param>
public sealed record SobrietyClock(DateTime Since, TimeSpan Elapsed, int LongestRunDays, int TotalCleanDays,
    int PreviousMilestone, int NextMilestone, double MilestoneProgress, double Strength, TimeSpan TotalCleanTime)
{
    public int Days => (int)Elapsed.TotalDays;

    public string MilestoneText => Sobriety.MilestoneText(PreviousMilestone, NextMilestone);
}

/// <summary>A clock to the day, as a shared page shows it: no instant, no hours (see <see cref="Sobriety.DayClock"/>).</summary>
public sealed record DayClock(int Days, int LongestRunDays, int TotalCleanDays, int PreviousMilestone, int NextMilestone, double MilestoneProgress)
{
    public string MilestoneText => Sobriety.MilestoneText(PreviousMilestone, NextMilestone);
}

/// <summary>
/// Pure recovery figures from the relapse instants. The clock runs from the last relapse or the "clean since" day,
/// whichever is later; milestones are 1, 3, 7, 14, 30, 60, 90, 180 and 365 days, then every year; recovery strength is
/// habit strength's smoothing applied to clean days (a lapse after a long clean run dips it instead of zeroing it).
/// </summary>
public static class Sobriety
{
    private static readonly HashSet<DateOnly> NoSkips = [];
    private static readonly int[] FirstMilestones = [1, 3, 7, 14, 30, 60, 90, 180, 365];

    /// <param name="relapses">Relapse instants (UTC), ascending.</param>
    /// <param name="recordStart">When the record begins: the track's creation, unless "clean since" or a relapse is earlier.</param>
    public static SobrietyClock Compute(DateTime now, DateTime recordStart, DateOnly? cleanSince, IReadOnlyList<DateTime> relapses, UserClock clock,
        TimeOnly? cleanSinceTime = null)
    {
        var cleanSinceInstant = cleanSince is { } day ? clock.ToUtc(day, cleanSinceTime ?? TimeOnly.MinValue) : (DateTime?)null;
        var start = new[] { recordStart, cleanSinceInstant ?? recordStart, relapses.Count > 0 ? relapses[0] : recordStart }.Min();
        var since = relapses.Count == 0 ? cleanSinceInstant ?? start
            : cleanSinceInstant is { } c && c > relapses[^1] ? c : relapses[^1];
        if (since > now) since = now;
        var elapsed = now - since;

        // Clean runs: from the start to the first relapse, between relapses, and the current one.
        var longest = elapsed;
        var cleanTime = elapsed;
        var previous = start;
        foreach (var relapse in relapses)
        {
            if (relapse - previous > longest) longest = relapse - previous;
            // Time before "clean since" was not clean time: each run counts from the later of its start and that day.
            var from = cleanSinceInstant is { } cs && cs > previous ? cs : previous;
            if (relapse > from) cleanTime += relapse - from;
            previous = relapse;
        }

        var firstDay = clock.DayOf(start);
        var today = clock.DayOf(now);
        var relapseDays = relapses.Select(clock.DayOf).ToHashSet();
        // Clean days in all: the days already over, from the record's first, without a relapse. Today counts once it is
        // over, so a new track has 0 and a relapse now takes nothing away.
        var totalClean = Math.Max(0, today.DayNumber - firstDay.DayNumber) - relapseDays.Count(d => d >= firstDay && d < today);

        var (previousMilestone, nextMilestone) = Milestones(elapsed.TotalDays);
        var progress = Math.Clamp((elapsed.TotalDays - previousMilestone) / (nextMilestone - previousMilestone), 0, 1);
        return new SobrietyClock(since, elapsed, (int)longest.TotalDays, totalClean, previousMilestone, nextMilestone, progress,
            Strength(firstDay, today, relapseDays), cleanTime);
    }

    /// <summary>
    /// The clock as it stood when the owner's day began (<paramref name="dayStart"/>), in whole days by date: the days
    /// from the local day it started to today. Give it only the relapses before <paramref name="dayStart"/>.
    /// </summary>
    public static DayClock DayClock(DateTime dayStart, DateTime recordStart, DateOnly? cleanSince, TimeOnly? cleanSinceTime,
        IReadOnlyList<DateTime> relapsesBefore, UserClock clock)
    {
        var atDayStart = Compute(dayStart, recordStart, cleanSince, relapsesBefore, clock, cleanSinceTime);
        var days = Math.Max(0, clock.DayOf(dayStart).DayNumber - clock.DayOf(atDayStart.Since).DayNumber);
        var (previous, next) = Milestones(days);
        return new DayClock(days, Math.Max(days, atDayStart.LongestRunDays), atDayStart.TotalCleanDays, previous, next,
            Math.Clamp((double)(days - previous) / (next - previous), 0, 1));
    }

    /// <summary>"7 days reached — next: 14 days", or "On the way to 1 day".</summary>
    public static string MilestoneText(int previous, int next) =>
        (previous == 0 ? "On the way to " : $"{DaysText(previous)} reached — next: ") + DaysText(next);

    private static string DaysText(int days) => $"{days} day{(days == 1 ? "" : "s")}";

    /// <summary>The milestone reached (0 before the first day) and the next one.</summary>
    public static (int Previous, int Next) Milestones(double days)
    {
        var previous = 0;
        foreach (var milestone in FirstMilestones)
        {
            if (days < milestone) return (previous, milestone);
            previous = milestone;
        }
        var years = (int)(days / 365);
        return (years * 365, (years + 1) * 365);
    }

    /// <summary>Habit strength's daily smoothing over the last two years at most, where a day without a relapse is a day done.</summary>
    public static double Strength(DateOnly firstDay, DateOnly today, IReadOnlySet<DateOnly> relapseDays)
    {
        var from = DateOnly.FromDayNumber(Math.Max(firstDay.DayNumber, today.DayNumber - 730));
        return HabitStrength.Compute(Models.HabitFrequency.Daily, 1, from, today, day => day >= from && !relapseDays.Contains(day), NoSkips);
    }
}

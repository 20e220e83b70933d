using Sovereign.Web.Models;

namespace Sovereign.Web.Services;

public sealed record TriggerCount(TriggerType Trigger, int Relapses, int UrgesPassed);

public sealed record SeverityPoint(DateOnly Day, int Severity);

public sealed record HabitRelation(string Habit, double RateBefore, double RateOtherwise, int DaysBefore, int DaysOtherwise)
{
    public string Sentence(int relapses) =>
        $"In the week before {(relapses == 1 ? "your relapse" : "a relapse")} you completed \u201c{Habit}\u201d {Percent(RateBefore)} of the time, against {Percent(RateOtherwise)} otherwise.";

    private static string Percent(double share) => $"{Math.Round(share * 100, MidpointRounding.AwayFromZero):0}%";
}

public sealed record InsightReport(
    int RelapseCount, int UrgeCount, bool TooFew,
    IReadOnlyList<TriggerCount> Triggers, int[,] HourByWeekday,
    IReadOnlyList<SeverityPoint> Severity, double? SeverityChangePerYear,
    IReadOnlyList<int> CleanStretches, double? StretchTrend,
    IReadOnlyList<HabitRelation> Habits);

/// <summary>
/// What the user's own data says, computed in one pass over it. Patterns need at least <see cref="MinRelapses"/>
/// relapses (fewer, and the page says so); trends need <see cref="MinForTrend"/>.
/// </summary>
public static class Insights
{
    public const int MinRelapses = 3;
    public const int MinForTrend = 5;
    public const int WindowDays = 7;
    public const int MinDaysBefore = 7;
    public const int MinDaysOtherwise = 14;
    /// <summary>How far back habits are related to relapses: two years, so the work per habit is bounded whatever its history.</summary>
    public const int LookBackDays = 730;
    /// <summary>How many of the latest relapse-free stretches the chart compares.</summary>
    public const int MaxStretches = 50;

    public sealed record Habit(Guid Id, string Name, DateOnly Start);

    public static InsightReport Compute(UserClock clock, DateOnly today,
        IReadOnlyList<(DateTime At, TriggerType Trigger, int Severity)> relapses,
        IReadOnlyList<(DateTime At, TriggerType Trigger)> urges,
        IReadOnlyList<Habit> habits, ILookup<Guid, DateOnly> done)
    {
        var zone = clock.Zone;
        var ordered = relapses.OrderBy(r => r.At).ToList();

        var triggers = Enum.GetValues<TriggerType>()
            .Select(t => new TriggerCount(t, ordered.Count(r => r.Trigger == t), urges.Count(u => u.Trigger == t)))
            .ToList();

        // Weekday (Monday = 0) × hour of the local clock time, as the person lived it.
        var heat = new int[7, 24];
        foreach (var r in ordered)
        {
            var local = NodaTime.Instant.FromDateTimeUtc(r.At).InZone(zone).LocalDateTime;
            heat[(int)local.DayOfWeek - 1, local.Hour]++; // NodaTime: Monday = 1 … Sunday = 7
        }

        // Charts show what a person can take in: severity over the last two years, the latest stretches between relapses.
        var severity = ordered.Select(r => new SeverityPoint(clock.DayOf(r.At), r.Severity))
            .Where(p => p.Day > today.AddDays(-LookBackDays)).ToList();
        var severityTrend = ordered.Count >= MinForTrend
            ? Slope(severity.Select(p => ((double)p.Day.DayNumber, (double)p.Severity)).ToList()) * 365 : (double?)null;

        var latest = ordered.TakeLast(MaxStretches + 1).ToList();
        var stretches = latest.Zip(latest.Skip(1), (a, b) => (int)(b.At - a.At).TotalDays).ToList();
        var stretchTrend = stretches.Count >= MinForTrend - 1
            ? Slope(stretches.Select((s, i) => ((double)i, (double)s)).ToList()) : (double?)null;

        var relapseDays = ordered.Select(r => clock.DayOf(r.At)).ToHashSet();
        var relations = ordered.Count == 0 ? [] : habits
            .Select(h => Relate(h, today, relapseDays, done[h.Id].ToHashSet()))
            .OfType<HabitRelation>()
            .OrderByDescending(r => r.RateOtherwise - r.RateBefore)
            .ToList();

        return new InsightReport(ordered.Count, urges.Count, ordered.Count < MinRelapses, triggers, heat,
            severity, severityTrend, stretches, stretchTrend, relations);
    }

    /// <summary>
    /// The share of days a habit was done in the 7 days before each relapse, against every other day since the habit
    /// began — within the last <see cref="LookBackDays"/> days (relapse days and today left out). Null when either side
    /// has too few days to say anything.
    /// </summary>
    public static HabitRelation? Relate(Habit habit, DateOnly today, IReadOnlySet<DateOnly> relapseDays, IReadOnlySet<DateOnly> done)
    {
        var last = today.AddDays(-1);
        var first = DateOnly.FromDayNumber(Math.Max(habit.Start.DayNumber, today.DayNumber - LookBackDays));
        var before = new HashSet<DateOnly>();
        foreach (var relapse in relapseDays)
            if (relapse >= first)
                for (var d = relapse.AddDays(-WindowDays); d < relapse; d = d.AddDays(1))
                    if (d >= first && d <= last && !relapseDays.Contains(d)) before.Add(d);
        var otherwise = 0;
        var doneOtherwise = 0;
        for (var d = first; d <= last; d = d.AddDays(1))
        {
            if (before.Contains(d) || relapseDays.Contains(d)) continue;
            otherwise++;
            if (done.Contains(d)) doneOtherwise++;
        }
        if (before.Count < MinDaysBefore || otherwise < MinDaysOtherwise) return null;
        return new HabitRelation(habit.Name, (double)before.Count(done.Contains) / before.Count, (double)doneOtherwise / otherwise, before.Count, otherwise);
    }

    /// <summary>Least-squares slope of y over x; 0 when x does not vary.</summary>
    public static double Slope(IReadOnlyList<(double X, double Y)> points)
    {
        if (points.Count < 2) return 0;
        var meanX = points.Average(p => p.X);
        var meanY = points.Average(p => p.Y);
        var sxx = points.Sum(p => (p.X - meanX) * (p.X - meanX));
        return sxx == 0 ? 0 : points.Sum(p => (p.X - meanX) * (p.Y - meanY)) / sxx;
    }
}

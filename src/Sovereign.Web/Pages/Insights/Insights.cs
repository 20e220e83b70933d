using Sovereign.Web.Models;
using Sovereign.Web.Time;

namespace Sovereign.Web.Pages.Insights;

public sealed record TriggerCount(TriggerType Trigger, int Relapses, int UrgesPassed);

public sealed record SeverityPoint(DateOnly Day, int Severity);

public sealed record HabitRelation(string Habit, double RateBefore, double RateOtherwise, int DaysBefore, int DaysOtherwise)
{
    public string Sentence(int relapses) =>
        $"In the week before {(relapses == 1 ? "your relapse" : "a relapse")} you completed \u201c{Habit}\u201d {Percent(RateBefore)} of the time, against {Percent(RateOtherwise)} otherwise.";

    private static string Percent(double share) => $"{Math.Round(share * 100, MidpointRounding.AwayFromZero):0}%";
}

/// <summary>
/// How severity changed over the period actually observed: the least-squares line through the relapses, read at the first
/// and at the last of them, in the scale's own units (1 to 10).
/// </summary>
public sealed record SeverityChange(DateOnly From, DateOnly To, double Start, double End)
{
    public double Change => End - Start;

    public string Sentence()
    {
        var days = To.DayNumber - From.DayNumber;
        var period = days < 120 ? $"{Math.Round(days / 7.0, MidpointRounding.AwayFromZero):0} weeks" : $"{Math.Round(days / 30.44, MidpointRounding.AwayFromZero):0} months";
        string Point(double v) => Math.Round(v, MidpointRounding.AwayFromZero).ToString("0", System.Globalization.CultureInfo.InvariantCulture);
        return Math.Abs(Change) < 1
            ? $"Over these {period}, severity has stayed about the same: around {Point((Start + End) / 2)} of 10."
            : Change < 0
                ? $"Over these {period}, your relapses have been less severe: from about {Point(Start)} to about {Point(End)} of 10."
                : $"Over these {period}, your relapses have been more severe: from about {Point(Start)} to about {Point(End)} of 10. Worth talking through with someone you trust.";
    }
}

/// <summary>The weekday (Monday = 0) and hour cells with the most relapses; several when they tie.</summary>
public sealed record HardestTimes(IReadOnlyList<(int Weekday, int Hour)> Cells, int Count)
{
    /// <summary>At most this many tied times are named; more, and the sentence says that none stands out.</summary>
    public const int MaxNamed = 3;

    public string Sentence()
    {
        var times = Cells.Select(c => $"{InsightCalculator.Weekdays[c.Weekday]}s around {c.Hour:00}:00").ToList();
        return times.Count switch
        {
            1 => $"The hardest time so far: {times[0]} ({Count} relapses).",
            <= MaxNamed => $"The hardest times so far, equally: {string.Join(", ", times[..^1])} and {times[^1]} ({Count} relapses each).",
            _ => $"No one time stands out yet: {times.Count} times share the most relapses ({Count} each).",
        };
    }
}

public sealed record InsightReport(
    int RelapseCount, int UrgeCount, bool TooFew,
    IReadOnlyList<TriggerCount> Triggers, int[,] HourByWeekday,
    IReadOnlyList<SeverityPoint> Severity, SeverityChange? SeverityChange,
    IReadOnlyList<int> CleanStretches, double? StretchTrend,
    IReadOnlyList<HabitRelation> Habits);

/// <summary>
/// What the user's own data says, computed in one pass over it. Patterns need at least <see cref="MinRelapses"/>
/// relapses (fewer, and the page says so); trends need <see cref="MinForTrend"/>.
/// </summary>
public static class InsightCalculator
{
    public static readonly string[] Weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    public const int MinRelapses = 3;
    public const int MinForTrend = 5;
    /// <summary>A severity trend needs its relapses spread over at least four weeks: a few bad days are not a trend.</summary>
    public const int MinTrendDays = 28;
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
        var severityTrend = severity.Count >= MinForTrend && severity[^1].Day.DayNumber - severity[0].Day.DayNumber >= MinTrendDays
            ? Change(severity) : null;

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

    private static SeverityChange Change(IReadOnlyList<SeverityPoint> points)
    {
        var xy = points.Select(p => ((double)p.Day.DayNumber, (double)p.Severity)).ToList();
        var slope = Slope(xy);
        var (meanX, meanY) = (xy.Average(p => p.Item1), xy.Average(p => p.Item2));
        double At(DateOnly day) => Math.Clamp(meanY + slope * (day.DayNumber - meanX), 1, 10);
        return new SeverityChange(points[0].Day, points[^1].Day, At(points[0].Day), At(points[^1].Day));
    }

    /// <summary>
    /// The cells with the most relapses, when that is at least two: one relapse in each of several cells is no pattern.
    /// Null when nothing stands out.
    /// </summary>
    public static HardestTimes? Hardest(int[,] hourByWeekday)
    {
        var most = hourByWeekday.Cast<int>().Max();
        if (most < 2) return null;
        var cells = new List<(int, int)>();
        for (var d = 0; d < 7; d++)
            for (var h = 0; h < 24; h++)
                if (hourByWeekday[d, h] == most) cells.Add((d, h));
        return new HardestTimes(cells, most);
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

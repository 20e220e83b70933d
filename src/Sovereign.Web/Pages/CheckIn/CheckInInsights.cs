namespace Sovereign.Web.Pages.CheckIn;

/// <summary>One evening check-in: the day it was for, its mood (1–5) and craving (0–10).</summary>
public sealed record CheckInPoint(DateOnly Day, int Mood, int Craving);

/// <summary>How often an urge or relapse was logged the day after a high-craving evening, against the day after the other evenings.</summary>
public sealed record CravingRelation(int HighEvenings, int HighFollowed, int OtherEvenings, int OtherFollowed)
{
    public double HighShare => (double)HighFollowed / HighEvenings;
    public double OtherShare => (double)OtherFollowed / OtherEvenings;

    public string Sentence()
    {
        var counts = $"({HighFollowed} of {HighEvenings} days, against {OtherFollowed} of {OtherEvenings})";
        var after = $"After evenings with craving {CheckInInsights.HighCraving} or more";
        if (OtherFollowed == 0)
            return HighFollowed == 0
                ? $"{after}, the next day passed without an urge or relapse logged — as after calmer evenings."
                : $"{after}, you logged an urge or relapse the next day {HighFollowed} of {HighEvenings} times; after calmer evenings, never ({OtherEvenings} of them).";
        var ratio = HighShare / OtherShare;
        return ratio >= 1.25 ? $"{after}, you logged an urge or relapse the next day {ratio:0.#} times as often as after calmer evenings {counts}."
            : ratio <= 0.8 ? $"{after}, you logged an urge or relapse the next day less often than after calmer evenings {counts}."
            : $"{after}, the next day went much as it did after calmer evenings {counts}.";
    }
}

public sealed record CheckInReport(IReadOnlyList<CheckInPoint> Recent, int Evenings, CravingRelation? Relation);

/// <summary>
/// What evening check-ins say, pure. The relation to the next day needs <see cref="MinEvenings"/> evenings whose next day is
/// over, at least <see cref="MinPerGroup"/> of them with high craving and as many without; fewer, and the page says so.
/// </summary>
public static class CheckInInsights
{
    public const int HighCraving = 7;
    public const int MinEvenings = 14;
    public const int MinPerGroup = 3;
    /// <summary>How many days the mood and craving chart shows.</summary>
    public const int ChartDays = 90;

    /// <param name="hardDays">The local days with an urge or a relapse logged.</param>
    public static CheckInReport Compute(IReadOnlyList<CheckInPoint> evenings, IReadOnlySet<DateOnly> hardDays, DateOnly today)
    {
        var recent = evenings.Where(e => e.Day > today.AddDays(-ChartDays) && e.Day <= today).OrderBy(e => e.Day).ToList();
        // Only evenings whose next day is over: today's urges are not all logged yet.
        var judged = evenings.Where(e => e.Day.AddDays(1) < today).ToList();
        var high = judged.Where(e => e.Craving >= HighCraving).ToList();
        var other = judged.Where(e => e.Craving < HighCraving).ToList();
        int Followed(IEnumerable<CheckInPoint> group) => group.Count(e => hardDays.Contains(e.Day.AddDays(1)));
        var relation = judged.Count >= MinEvenings && high.Count >= MinPerGroup && other.Count >= MinPerGroup
            ? new CravingRelation(high.Count, Followed(high), other.Count, Followed(other))
            : null;
        return new CheckInReport(recent, evenings.Count, relation);
    }
}

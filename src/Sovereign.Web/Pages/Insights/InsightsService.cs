using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.CheckIn;
using Sovereign.Web.Time;

namespace Sovereign.Web.Pages.Insights;

/// <summary>One track beside the others: shown only for tracks with enough relapses to read (<see cref="InsightCalculator.MinRelapses"/>).</summary>
public sealed record TrackComparison(Guid TrackId, string Track, int Relapses, int UrgesPassed, TriggerType CommonTrigger, double AverageSeverity);

/// <summary>Loads what insights need in a fixed handful of narrow queries, whatever the history size.</summary>
public sealed class InsightsService(AppDb db, TimeProvider clock)
{
    /// <param name="tracks">The user's tracks, to name them in the comparison.</param>
    /// <param name="track">Only this track's relapses and urges, or all of them.</param>
    public async Task<(InsightReport Report, IReadOnlyList<TrackComparison> Comparison, CheckInReport CheckIns)> ReportAsync(Guid userId, UserClock userClock,
        IReadOnlyList<RecoveryTrack> tracks, Guid? track = null)
    {
        var allRelapses = await db.RelapseEvents.AsNoTracking().Where(r => r.UserId == userId)
            .Select(r => new { r.TrackId, r.OccurredAt, r.TriggerType, r.Severity }).ToListAsync();
        var allUrges = await db.UrgeEvents.AsNoTracking().Where(u => u.UserId == userId)
            .Select(u => new { u.TrackId, u.OccurredAt, u.TriggerType }).ToListAsync();
        var relapses = allRelapses.Where(r => track is null || r.TrackId == track).Select(r => (r.OccurredAt, r.TriggerType, r.Severity)).ToList();
        var urges = allUrges.Where(u => track is null || u.TrackId == track).Select(u => (u.OccurredAt, u.TriggerType)).ToList();
        var relapsesByTrack = allRelapses.ToLookup(r => r.TrackId);
        var urgesByTrack = allUrges.CountBy(u => u.TrackId).ToDictionary();
        var comparison = tracks.Where(t => relapsesByTrack[t.Id].Count() >= InsightCalculator.MinRelapses).Select(t =>
        {
            var own = relapsesByTrack[t.Id].ToList();
            var commonTrigger = own.CountBy(r => r.TriggerType).OrderByDescending(c => c.Value).ThenBy(c => c.Key).First().Key;
            return new TrackComparison(t.Id, t.Name, own.Count, urgesByTrack.GetValueOrDefault(t.Id), commonTrigger, own.Average(r => r.Severity));
        }).ToList();
        var habits = await db.Habits.AsNoTracking().Where(h => h.UserId == userId && h.IsActive)
            .Select(h => new { h.Id, h.Name, h.CreatedAt, FirstDone = h.Logs.Min(l => (DateOnly?)l.LocalDate) }).ToListAsync();
        var today = userClock.Today(clock);
        // Habits are related to relapses over the last two years (and the week before the first of them) only.
        var since = today.AddDays(-InsightCalculator.LookBackDays - InsightCalculator.WindowDays);
        // The ids are this user's (from the query above). Per habit a range of the (habit_id, local_date) index is read,
        // however long the history; filtering on user_id too would lead SQLite to walk every log of the user instead.
        var ids = habits.Select(h => h.Id).ToList();
        var logs = await db.HabitLogs.AsNoTracking().Where(l => ids.Contains(l.HabitId) && l.LocalDate >= since)
            .Select(l => new { l.HabitId, l.LocalDate }).ToListAsync();

        var evenings = await db.CheckIns.AsNoTracking().Where(c => c.UserId == userId && c.Mood != null && c.Craving != null)
            .Select(c => new CheckInPoint(c.LocalDate, c.Mood!.Value, c.Craving!.Value)).ToListAsync();
        var hardDays = allRelapses.Select(r => r.OccurredAt).Concat(allUrges.Select(u => u.OccurredAt)).Select(userClock.DayOf).ToHashSet();

        return (InsightCalculator.Compute(userClock, today, relapses, urges,
            habits.Select(h => new InsightCalculator.Habit(h.Id, h.Name, Min(userClock.DayOf(h.CreatedAt), h.FirstDone))).ToList(),
            logs.ToLookup(l => l.HabitId, l => l.LocalDate)), comparison, CheckInInsights.Compute(evenings, hardDays, today));
    }

    private static DateOnly Min(DateOnly a, DateOnly? b) => b is { } d && d < a ? d : a;
}

public static class InsightsFeature
{
    /// <summary>This folder's services: patterns in the user's own record.</summary>
    public static IServiceCollection AddInsights(this IServiceCollection services) => services.AddScoped<InsightsService>();
}

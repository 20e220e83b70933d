using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;

namespace Sovereign.Web.Services;

/// <summary>Loads what insights need in a fixed handful of narrow queries, whatever the history size.</summary>
public sealed class InsightsService(AppDb db, TimeProvider clock)
{
    public async Task<InsightReport> ReportAsync(Guid userId, UserClock userClock)
    {
        var relapses = (await db.RelapseEvents.AsNoTracking().Where(r => r.UserId == userId)
            .Select(r => new { r.OccurredAt, r.TriggerType, r.Severity }).ToListAsync())
            .Select(r => (r.OccurredAt, r.TriggerType, r.Severity)).ToList();
        var urges = (await db.UrgeEvents.AsNoTracking().Where(u => u.UserId == userId)
            .Select(u => new { u.OccurredAt, u.TriggerType }).ToListAsync())
            .Select(u => (u.OccurredAt, u.TriggerType)).ToList();
        var habits = await db.Habits.AsNoTracking().Where(h => h.UserId == userId && h.IsActive)
            .Select(h => new { h.Id, h.Name, h.CreatedAt, FirstDone = h.Logs.Min(l => (DateOnly?)l.LocalDate) }).ToListAsync();
        var today = userClock.Today(clock);
        // Habits are related to relapses over the last two years (and the week before the first of them) only.
        var since = today.AddDays(-Insights.LookBackDays - Insights.WindowDays);
        // The ids are this user's (from the query above). Per habit a range of the (habit_id, local_date) index is read,
        // however long the history; filtering on user_id too would lead SQLite to walk every log of the user instead.
        var ids = habits.Select(h => h.Id).ToList();
        var logs = await db.HabitLogs.AsNoTracking().Where(l => ids.Contains(l.HabitId) && l.LocalDate >= since)
            .Select(l => new { l.HabitId, l.LocalDate }).ToListAsync();

        return Insights.Compute(userClock, today, relapses, urges,
            habits.Select(h => new Insights.Habit(h.Id, h.Name, Min(userClock.DayOf(h.CreatedAt), h.FirstDone))).ToList(),
            logs.ToLookup(l => l.HabitId, l => l.LocalDate));
    }

    private static DateOnly Min(DateOnly a, DateOnly? b) => b is { } d && d < a ? d : a;
}

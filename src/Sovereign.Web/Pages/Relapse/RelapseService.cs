using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Time;

namespace Sovereign.Web.Pages.Relapse;

/// <summary>One row of the timeline, in the user's local time.</summary>
public sealed record RelapseRow(Guid Id, DateTime OccurredAt, DateTime LocalTime, TriggerType Trigger, int Severity, string? Notes,
    bool Hungry, bool Angry, bool Lonely, bool Tired, bool CanUndo, string Track)
{
    /// <summary>The keyset cursor of the page after this row: occurred_at ticks and id.</summary>
    public string Cursor => Keyset.Cursor(OccurredAt, Id);
}

public sealed record TimelineFilter(TriggerType? Trigger, DateOnly? From, DateOnly? To, Guid? Track = null);

public sealed record TimelinePage(IReadOnlyList<RelapseRow> Rows, string? NextCursor);

/// <summary>Relapse events: logging, editing, the timeline (keyset-paged), and the sobriety clock.</summary>
public sealed class RelapseService(AppDb db, TimeProvider clock)
{
    public const int PageSize = 20;

    public DateTime Now => clock.GetUtcNow().UtcDateTime.TruncateToMicroseconds();

    /// <summary>Stores the relapse; false when the user already has <see cref="RelapseEvent.MaxPerUser"/>.</summary>
    public Task<bool> CreateAsync(RelapseEvent relapse) => db.UnderCapAsync(relapse.UserId, async () =>
    {
        if (await db.RelapseEvents.CountAsync(r => r.UserId == relapse.UserId) >= RelapseEvent.MaxPerUser) return false;
        db.RelapseEvents.Add(relapse);
        await db.SaveChangesAsync();
        return true;
    });


    /// <summary>Takes back a relapse logged moments ago (a mis-tap): only within the undo window.</summary>
    public async Task<bool> UndoAsync(Guid userId, Guid id)
    {
        var since = Now - RelapseEvent.UndoWindow;
        return await db.RelapseEvents.Where(r => r.Id == id && r.UserId == userId && r.CreatedAt >= since).ExecuteDeleteAsync() > 0;
    }

    /// <summary>Newest first, <see cref="PageSize"/> at a time, after <paramref name="cursor"/> (from the previous page).</summary>
    public async Task<TimelinePage> PageAsync(Guid userId, UserClock userClock, TimelineFilter filter, (DateTime At, Guid Id)? cursor, int pageSize = PageSize)
    {
        var query = db.RelapseEvents.AsNoTracking().Where(r => r.UserId == userId);
        if (filter.Track is { } track) query = query.Where(r => r.TrackId == track);
        if (filter.Trigger is { } trigger) query = query.Where(r => r.TriggerType == trigger);
        if (filter.From is { } from)
        {
            var start = userClock.ToUtc(from, TimeOnly.MinValue);
            query = query.Where(r => r.OccurredAt >= start);
        }
        if (filter.To is { } to)
        {
            var end = userClock.ToUtc(to.AddDays(1), TimeOnly.MinValue);
            query = query.Where(r => r.OccurredAt < end);
        }
        var undoSince = Now - RelapseEvent.UndoWindow;
        var rows = await query.NewestFirstAfter(cursor).Take(pageSize + 1)
            .Select(r => new { r.Id, r.OccurredAt, r.TriggerType, r.Severity, r.Notes, r.Hungry, r.Angry, r.Lonely, r.Tired, r.CreatedAt,
                Track = db.RecoveryTracks.Where(t => t.Id == r.TrackId).Select(t => t.Name).First() })
            .ToListAsync();
        var zone = userClock.Zone;
        var page = rows.Take(pageSize).Select(r => new RelapseRow(r.Id, r.OccurredAt,
                NodaTime.Instant.FromDateTimeUtc(r.OccurredAt).InZone(zone).ToDateTimeUnspecified(),
                r.TriggerType, r.Severity, r.Notes, r.Hungry, r.Angry, r.Lonely, r.Tired, r.CreatedAt >= undoSince, r.Track))
            .ToList();
        return new TimelinePage(page, rows.Count > pageSize ? page[^1].Cursor : null);
    }
}

public static class RelapseFeature
{
    /// <summary>This folder's services: relapses and the timeline.</summary>
    public static IServiceCollection AddRelapses(this IServiceCollection services) => services.AddScoped<RelapseService>();
}

using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Time;

namespace Sovereign.Web.Pages.Urges;

public sealed record UrgeRow(Guid Id, DateTime OccurredAt, DateTime LocalTime, TriggerType Trigger, int Intensity, int? IntensityAfter,
    IReadOnlyList<Coping> Helped, string? Notes, string Track)
{
    public string Cursor => Keyset.Cursor(OccurredAt, Id);
}

public sealed record UrgePage(IReadOnlyList<UrgeRow> Rows, string? NextCursor, int Total);

/// <summary>Urges that passed: logged in seconds, listed newest first, counted as successes.</summary>
public sealed class UrgeService(AppDb db, TimeProvider clock)
{
    public const int PageSize = 20;

    public DateTime Now => clock.GetUtcNow().UtcDateTime.TruncateToMicroseconds();

    /// <summary>Stores the urge; false when the user already has <see cref="UrgeEvent.MaxPerUser"/>.</summary>
    public Task<bool> CreateAsync(UrgeEvent urge) => db.UnderCapAsync(urge.UserId, async () =>
    {
        if (await db.UrgeEvents.CountAsync(u => u.UserId == urge.UserId) >= UrgeEvent.MaxPerUser) return false;
        db.UrgeEvents.Add(urge);
        await db.SaveChangesAsync();
        return true;
    });


    public async Task<UrgePage> PageAsync(Guid userId, UserClock userClock, (DateTime At, Guid Id)? cursor, Guid? track = null, int pageSize = PageSize)
    {
        var query = db.UrgeEvents.AsNoTracking().Where(u => u.UserId == userId);
        if (track is not null) query = query.Where(u => u.TrackId == track);
        var rows = await query.NewestFirstAfter(cursor).Take(pageSize + 1)
            .Select(u => new { u.Id, u.OccurredAt, u.TriggerType, u.Intensity, u.IntensityAfter, u.HelpedWith, u.Notes,
                Track = db.RecoveryTracks.Where(t => t.Id == u.TrackId).Select(t => t.Name).First() })
            .ToListAsync();
        var total = await query.CountAsync();
        var page = rows.Take(pageSize).Select(u => new UrgeRow(u.Id, u.OccurredAt,
                NodaTime.Instant.FromDateTimeUtc(u.OccurredAt).InZone(userClock.Zone).ToDateTimeUnspecified(),
                u.TriggerType, u.Intensity, u.IntensityAfter, Copings.Parse(u.HelpedWith), u.Notes, u.Track))
            .ToList();
        return new UrgePage(page, rows.Count > pageSize ? page[^1].Cursor : null, total);
    }
}

public static class UrgesFeature
{
    /// <summary>This folder's services: urges ridden out.</summary>
    public static IServiceCollection AddUrges(this IServiceCollection services) => services.AddScoped<UrgeService>();
}

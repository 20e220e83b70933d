using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Time;

namespace Sovereign.Web.Pages.Tracks;

/// <summary>Money not spent: since the last relapse, and over every clean day (what a slip never takes away).</summary>
public sealed record MoneySaved(Currency Currency, decimal SinceRelapse, decimal InAll)
{
    public string SinceRelapseText => Currencies.Format(SinceRelapse, Currency);
    public string InAllText => Currencies.Format(InAll, Currency);
}

/// <summary>Time given back: since the last relapse, and over every clean day.</summary>
public sealed record TimeRegained(TimeSpan SinceRelapse, TimeSpan InAll);

/// <summary>A track with its clock, its relapses counted, and what its clean days gave back.</summary>
public sealed record TrackSummary(RecoveryTrack Track, SobrietyClock Clock, int RelapseCount, MoneySaved? Money, TimeRegained? Time)
{
    public Guid Id => Track.Id;
    public bool IsArchived => Track.ArchivedAt is not null;
}

public enum TrackChange { Done, NotFound, NameTaken, TooMany }

/// <summary>Recovery tracks: their order, and each one's clock from its own relapses.</summary>
public sealed class TrackService(AppDb db, TimeProvider clock)
{
    public const string NameTaken = "You already have a track with that name.";
    public const string TooMany = "An account can keep 20 tracks (archived ones included). Delete one you no longer need to add another.";

    public DateTime Now => clock.GetUtcNow().UtcDateTime.TruncateToMicroseconds();

    /// <summary>The user's tracks: active ones in the user's order, then archived ones.</summary>
    public Task<List<RecoveryTrack>> ListAsync(Guid userId) =>
        db.RecoveryTracks.AsNoTracking().Where(t => t.UserId == userId)
            .OrderBy(t => t.ArchivedAt != null).ThenBy(t => t.Position).ThenBy(t => t.CreatedAt).ToListAsync();

    /// <summary>The active tracks that hold the user's reasons, in order: the plan and the help page show them.</summary>
    public async Task<IReadOnlyList<RecoveryTrack>> WithReasonsAsync(Guid userId) =>
        (await ListAsync(userId)).Where(t => t.ArchivedAt is null && !string.IsNullOrWhiteSpace(t.Reasons)).ToList();

    /// <summary>Every track with its clock: two queries (the tracks, then every relapse instant of the user), whatever the history.</summary>
    public async Task<IReadOnlyList<TrackSummary>> SummariesAsync(Guid userId, UserClock userClock, bool includeArchived = false)
    {
        var tracks = await ListAsync(userId);
        if (!includeArchived) tracks.RemoveAll(t => t.ArchivedAt is not null);
        if (tracks.Count == 0) return [];
        return Summarize(tracks, await RelapseInstantsAsync(userId), userClock, Now);
    }

    public static List<TrackSummary> Summarize(List<RecoveryTrack> tracks, ILookup<Guid, DateTime> relapses, UserClock userClock, DateTime now) =>
        tracks.Select(t => Summarize(t, relapses[t.Id].ToList(), userClock, now)).ToList();

    /// <summary>Every relapse instant of the user by track, ascending: a plain query (see <see cref="PlainQueries"/>).</summary>
    public async Task<ILookup<Guid, DateTime>> RelapseInstantsAsync(Guid userId) =>
        ByTrack(await db.ReadAsync(Queries.RelapseInstants, new Dictionary<string, object> { ["user"] = userId }, RelapseRow));

    public static ILookup<Guid, DateTime> ByTrack(List<(Guid Track, DateTime At)> relapses) => relapses.ToLookup(r => r.Track, r => r.At);

    /// <summary>A row of <see cref="Queries.RelapseInstants"/>.</summary>
    public static (Guid Track, DateTime At) RelapseRow(DbDataReader r) => (r.GetGuid(0), r.GetUtc(1));

    /// <summary>A row of <see cref="Queries.ActiveTracks"/>: every column a track's clock needs.</summary>
    public static RecoveryTrack ActiveTrackRow(DbDataReader r) => new()
    {
        Id = r.GetGuid(0), UserId = r.GetGuid(1), Name = r.GetString(2), Kind = SnakeCaseEnum<TrackKind>.Parse(r.GetString(3)),
        CleanSince = r.IsDBNull(4) ? null : r.GetDate(4), CleanSinceTime = r.IsDBNull(5) ? null : r.GetFieldValue<TimeOnly>(5),
        CostPerDay = r.IsDBNull(6) ? null : r.GetDecimal(6), Currency = r.IsDBNull(7) ? null : r.GetString(7),
        MinutesPerDay = r.IsDBNull(8) ? null : r.GetInt32(8), Position = r.GetInt32(9), CreatedAt = r.GetUtc(10), UpdatedAt = r.GetUtc(11),
    };

    public async Task<TrackSummary?> SummaryAsync(Guid userId, UserClock userClock, Guid id)
    {
        var track = await db.RecoveryTracks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id && t.UserId == userId);
        if (track is null) return null;
        var relapses = await db.RelapseEvents.Where(r => r.TrackId == id && r.UserId == userId).OrderBy(r => r.OccurredAt).Select(r => r.OccurredAt).ToListAsync();
        return Summarize(track, relapses, userClock, Now);
    }

    /// <summary>The clock and figures of one track from its relapse instants (UTC, ascending).</summary>
    public static TrackSummary Summarize(RecoveryTrack track, IReadOnlyList<DateTime> relapses, UserClock userClock, DateTime now)
    {
        var sobriety = Sobriety.Compute(now, track.CreatedAt, track.CleanSince, relapses, userClock, track.CleanSinceTime);
        var money = track.CostPerDay is { } cost && Currencies.Find(track.Currency) is { } currency
            ? new MoneySaved(currency, Savings.Money(cost, sobriety.Elapsed, currency), Savings.Money(cost, sobriety.TotalCleanTime, currency))
            : null;
        var time = track.MinutesPerDay is { } minutes
            ? new TimeRegained(Savings.Time(minutes, sobriety.Elapsed), Savings.Time(minutes, sobriety.TotalCleanTime))
            : null;
        return new TrackSummary(track, sobriety, relapses.Count, money, time);
    }

    /// <summary>The currency of the user's most recently saved track that has one: what a new track's form offers.</summary>
    public Task<string?> LastCurrencyAsync(Guid userId) =>
        db.RecoveryTracks.Where(t => t.UserId == userId && t.Currency != null).OrderByDescending(t => t.UpdatedAt).Select(t => t.Currency).FirstOrDefaultAsync();

    /// <summary>The track of a user who logs an event before making any: "My recovery", from now. Returns its id.</summary>
    public async Task<Guid> FirstTrackAsync(Guid userId)
    {
        var track = new RecoveryTrack { UserId = userId, Name = RecoveryTrack.FirstTrackName, Kind = TrackKind.Other };
        if (await CreateAsync(track) == TrackChange.Done) return track.Id;
        return await db.RecoveryTracks.Where(t => t.UserId == userId).OrderBy(t => t.Position).Select(t => t.Id).FirstAsync(); // made by a concurrent request
    }

    /// <summary>Adds the track at the end of the user's order.</summary>
    public Task<TrackChange> CreateAsync(RecoveryTrack track) => db.UnderCapAsync(track.UserId, async () =>
    {
        var positions = await db.RecoveryTracks.Where(t => t.UserId == track.UserId).Select(t => t.Position).ToListAsync();
        if (positions.Count >= RecoveryTrack.MaxPerUser) return TrackChange.TooMany;
        if (await NameInUseAsync(track.UserId, track.Name, except: null)) return TrackChange.NameTaken;
        track.Position = positions.Count == 0 ? 0 : positions.Max() + 1;
        db.RecoveryTracks.Add(track);
        return await SaveAsync();
    });

    /// <summary>Saves an edited (tracked) track.</summary>
    public async Task<TrackChange> UpdateAsync(RecoveryTrack track) =>
        await NameInUseAsync(track.UserId, track.Name, except: track.Id) ? TrackChange.NameTaken : await SaveAsync();

    /// <summary>Moves an active track one place up (-1) or down (+1) among the active ones.</summary>
    public async Task<bool> MoveAsync(Guid userId, Guid id, int by)
    {
        var active = await db.RecoveryTracks.Where(t => t.UserId == userId && t.ArchivedAt == null).OrderBy(t => t.Position).ThenBy(t => t.CreatedAt).ToListAsync();
        var index = active.FindIndex(t => t.Id == id);
        if (index < 0) return false;
        var to = Math.Clamp(index + by, 0, active.Count - 1);
        (active[index], active[to]) = (active[to], active[index]);
        for (var i = 0; i < active.Count; i++) active[i].Position = i;
        await db.SaveChangesAsync();
        return true;
    }

    public async Task<bool> SetArchivedAsync(Guid userId, Guid id, bool archived)
    {
        var track = await db.RecoveryTracks.SingleOrDefaultAsync(t => t.Id == id && t.UserId == userId);
        if (track is null) return false;
        if (archived && track.ArchivedAt is null) track.ArchivedAt = Now;
        if (!archived && track.ArchivedAt is not null)
        {
            track.ArchivedAt = null;
            track.Position = await db.RecoveryTracks.Where(t => t.UserId == userId && t.ArchivedAt == null).MaxAsync(t => (int?)t.Position) + 1 ?? 0;
        }
        await db.SaveChangesAsync();
        return true;
    }

    /// <summary>Deletes the track and, through the foreign keys, its relapses and urges.</summary>
    /// <summary>Deletes the track with its events and commitments (the foreign keys cascade), and the check-ins that held nothing else.</summary>
    public async Task<bool> DeleteAsync(Guid userId, Guid id)
    {
        if (await db.RecoveryTracks.Where(t => t.Id == id && t.UserId == userId).ExecuteDeleteAsync() == 0) return false;
        await db.CheckIns.Where(c => c.UserId == userId && c.EveningAt == null && !c.Commitments.Any()).ExecuteDeleteAsync();
        return true;
    }

    private Task<bool> NameInUseAsync(Guid userId, string name, Guid? except) =>
        db.RecoveryTracks.AnyAsync(t => t.UserId == userId && t.Name == name && t.Id != except);

    private async Task<TrackChange> SaveAsync()
    {
        try
        {
            await db.SaveChangesAsync();
            return TrackChange.Done;
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            foreach (var entry in e.Entries) entry.State = EntityState.Detached; // not to be tried again by the next save
            return TrackChange.NameTaken; // the same name saved by a concurrent request
        }
    }
}

public static class TracksFeature
{
    /// <summary>This folder's services: recovery tracks: clocks, money and time regained.</summary>
    public static IServiceCollection AddTracks(this IServiceCollection services) => services.AddScoped<TrackService>();
}

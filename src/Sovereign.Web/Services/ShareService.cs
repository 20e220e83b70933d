using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Models;

namespace Sovereign.Web.Services;

/// <summary>What a share link shows: tracks' clocks and milestones, habit streaks, today's check-in, the shown tracks' relapse dates.</summary>
public sealed record ShareScope(IReadOnlySet<Guid> TrackIds, bool Habits, bool CheckIn, bool RelapseDates)
{
    public static ShareScope Of(ShareLink link) => new(link.Tracks.Select(t => t.TrackId).ToHashSet(), link.ShowHabits, link.ShowCheckIn, link.ShowRelapseDates);
}

/// <summary>One track on a shared page: its name, its clock, and (when shared) the days of its latest relapses, newest first.</summary>
public sealed record SharedTrack(string Name, SobrietyClock Clock, IReadOnlyList<DateOnly>? RelapseDays, bool EarlierRelapseDays);

/// <summary>
/// A shared page's contents, built from the scope alone: each part is null (or empty) unless the link shows it. Nothing
/// free-written — notes, plans, reasons, urges, the check-in's answers — is ever read for it.
/// </summary>
public sealed record SharedView(string DisplayName, bool AskedForSupport, DateOnly Today, IReadOnlyList<SharedTrack> Tracks,
    IReadOnlyList<HabitCard>? Habits, CheckInStatus? CheckIn)
{
    public bool ShowsNothing => Tracks.Count == 0 && Habits is null && CheckIn is null;
}

public enum ShareChange { Done, NotFound, TooMany }

/// <summary>Share links: made, changed and revoked by their owner; opened by anyone holding the token.</summary>
public sealed class ShareService(AppDb db, TimeProvider clock, TrackService tracks, HabitService habits, CheckInService checkIns)
{
    public const int MaxRelapseDaysShown = 30;
    /// <summary>Expired links stay listed (as expired) this long, then go the next time the user makes one.</summary>
    public static readonly TimeSpan ExpiredKept = TimeSpan.FromDays(30);
    /// <summary>Page loads closer together than this count as one opening.</summary>
    public static readonly TimeSpan OpeningsApart = TimeSpan.FromMinutes(1);

    private DateTime Now => clock.GetUtcNow().UtcDateTime.TruncateToMicroseconds();

    /// <summary>128 random bits as 32 hex digits: no letter case to lose (the app's URLs are lowercase, and so are some mail clients').</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token.ToLowerInvariant())));

    /// <summary>Whether a string could be a token at all; anything else is not looked up.</summary>
    public static bool IsWellFormed(string? token) => token is { Length: 32 } && token.All(char.IsAsciiHexDigit);

    /// <summary>The user's links, newest first, with the tracks each shows.</summary>
    public Task<List<ShareLink>> ListAsync(Guid userId) =>
        db.ShareLinks.AsNoTracking().Include(l => l.Tracks).Where(l => l.UserId == userId).OrderByDescending(l => l.CreatedAt).ThenBy(l => l.Id).ToListAsync();

    /// <summary>A new link and its token (shown once, never stored); TooMany at <see cref="ShareLink.MaxLivePerUser"/> live links.</summary>
    public async Task<(ShareChange Change, string? Token)> CreateAsync(Guid userId, string label, string displayName, ShareScope scope, int? expiresInDays)
    {
        var now = Now;
        if (!await OwnsAsync(userId, scope.TrackIds)) return (ShareChange.NotFound, null);
        if (await Live(now).CountAsync(l => l.UserId == userId) >= ShareLink.MaxLivePerUser)
            return (ShareChange.TooMany, null);
        var longExpired = now - ExpiredKept;
        await db.ShareLinks.Where(l => l.UserId == userId && l.ExpiresAt < longExpired).ExecuteDeleteAsync();
        var token = NewToken();
        var link = new ShareLink
        {
            UserId = userId, Label = label, DisplayName = displayName, TokenHash = Hash(token),
            ExpiresAt = expiresInDays is { } days ? now.AddDays(days) : null,
        };
        Apply(link, scope);
        db.ShareLinks.Add(link);
        await db.SaveChangesAsync();
        return (ShareChange.Done, token);
    }

    /// <summary>Changes what a link shows; the supporter's page follows at its next refresh.</summary>
    public async Task<ShareChange> ChangeScopeAsync(Guid userId, Guid id, ShareScope scope)
    {
        var link = await db.ShareLinks.Include(l => l.Tracks).SingleOrDefaultAsync(l => l.Id == id && l.UserId == userId);
        if (link is null || !await OwnsAsync(userId, scope.TrackIds)) return ShareChange.NotFound;
        Apply(link, scope);
        link.UpdatedAt = Now; // the tracks alone would not mark the link itself changed
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // A track deleted, or the same change saved, by a request in between: nothing of this one was written.
            return ShareChange.NotFound;
        }
        return ShareChange.Done;
    }

    /// <summary>Revoking deletes the link: its next load is the same 404 as a token that never existed.</summary>
    public async Task<bool> RevokeAsync(Guid userId, Guid id) =>
        await db.ShareLinks.Where(l => l.Id == id && l.UserId == userId).ExecuteDeleteAsync() > 0;

    /// <summary>"I'm struggling" (or its clearing): every shared page of the user shows it for a day.</summary>
    public Task AskForSupportAsync(Guid userId, bool ask)
    {
        DateTime? at = ask ? Now : null;
        return db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.SupportRequestedAt, at));
    }

    /// <summary>When the user asked for support, while it still shows; else null.</summary>
    public async Task<DateTime?> SupportRequestedAtAsync(Guid userId)
    {
        var since = Now - User.SupportRequestLasts;
        return await db.Users.Where(u => u.Id == userId && u.SupportRequestedAt > since).Select(u => u.SupportRequestedAt).SingleOrDefaultAsync();
    }

    public Task<bool> HasLiveLinksAsync(Guid userId) => Live(Now).AnyAsync(l => l.UserId == userId);

    /// <summary>The links that still open: never expiring, or not yet expired.</summary>
    private IQueryable<ShareLink> Live(DateTime now) => db.ShareLinks.Where(l => l.ExpiresAt == null || l.ExpiresAt > now);

    /// <summary>
    /// The page a token opens, or null — unknown, revoked and expired alike, by the same single indexed query. A full
    /// page load counts as an opening (time only; at most one a minute); the page's own refreshes do not.
    /// </summary>
    public async Task<SharedView?> OpenAsync(string token, bool countOpening)
    {
        var now = Now;
        var hash = Hash(token);
        var link = await Live(now).AsNoTracking().Include(l => l.Tracks).SingleOrDefaultAsync(l => l.TokenHash == hash);
        if (link is null) return null;
        if (countOpening)
        {
            // Reloads in quick succession are one opening (and a link loaded in a loop writes once a minute).
            var recently = now - OpeningsApart;
            await db.ShareLinks.Where(l => l.Id == link.Id && (l.LastOpenedAt == null || l.LastOpenedAt <= recently))
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.TimesOpened, l => l.TimesOpened + 1).SetProperty(l => l.LastOpenedAt, now));
        }

        var owner = await db.Users.AsNoTracking().Where(u => u.Id == link.UserId)
            .Select(u => new { u.TimeZone, u.DayEndsAtHour, u.SupportRequestedAt }).SingleAsync();
        var userClock = new UserClock(owner.TimeZone, owner.DayEndsAtHour);
        var scope = ShareScope.Of(link);

        IReadOnlyList<SharedTrack> shownTracks = [];
        if (scope.TrackIds.Count > 0)
        {
            var relapses = await tracks.RelapseInstantsAsync(link.UserId);
            shownTracks = (await tracks.ListAsync(link.UserId)).Where(t => t.ArchivedAt is null && scope.TrackIds.Contains(t.Id)).Select(t =>
            {
                var instants = relapses[t.Id].ToList();
                // The local days of its relapses, newest first, one entry a day.
                var days = scope.RelapseDates ? instants.Select(userClock.DayOf).Distinct().Reverse().ToList() : null;
                return new SharedTrack(t.Name, TrackService.Summarize(t, instants, userClock, now).Clock,
                    days?.Take(MaxRelapseDaysShown).ToList(), days?.Count > MaxRelapseDaysShown);
            }).ToList();
        }
        var today = userClock.Today(clock);
        return new SharedView(link.DisplayName, owner.SupportRequestedAt > now - User.SupportRequestLasts, today, shownTracks,
            scope.Habits ? await habits.CardsAsync(link.UserId, userClock) : null,
            scope.CheckIn ? await checkIns.StatusAsync(link.UserId, today) : null);
    }

    private async Task<bool> OwnsAsync(Guid userId, IReadOnlySet<Guid> trackIds)
    {
        if (trackIds.Count == 0) return true;
        var ids = trackIds.ToList();
        return await db.RecoveryTracks.CountAsync(t => t.UserId == userId && ids.Contains(t.Id)) == ids.Count;
    }

    private static void Apply(ShareLink link, ShareScope scope)
    {
        link.ShowHabits = scope.Habits;
        link.ShowCheckIn = scope.CheckIn;
        link.ShowRelapseDates = scope.RelapseDates;
        link.Tracks.RemoveAll(t => !scope.TrackIds.Contains(t.TrackId));
        foreach (var id in scope.TrackIds.Where(id => link.Tracks.All(t => t.TrackId != id)))
            link.Tracks.Add(new ShareLinkTrack { ShareLinkId = link.Id, TrackId = id, UserId = link.UserId });
    }
}

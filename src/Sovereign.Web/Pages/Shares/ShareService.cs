using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.CheckIn;
using Sovereign.Web.Pages.Habits;
using Sovereign.Web.Pages.Tracks;
using Sovereign.Web.Time;

using Sovereign.Web.Pages.Reminders;

namespace Sovereign.Web.Pages.Shares;

/// <summary>What a share link shows: chosen tracks' clocks and milestones, chosen habits' streaks, today's check-in, the shown tracks' relapse dates.</summary>
public sealed record ShareScope(IReadOnlySet<Guid> TrackIds, IReadOnlySet<Guid> HabitIds, bool CheckIn, bool RelapseDates)
{
    public static ShareScope Of(ShareLink link) =>
        new(link.Tracks.Select(t => t.TrackId).ToHashSet(), link.Habits.Select(h => h.HabitId).ToHashSet(), link.ShowCheckIn, link.ShowRelapseDates);
}

/// <summary>One track on a shared page: its name, its clock to the day, and (when shared) the days of its latest relapses, newest first.</summary>
public sealed record SharedTrack(string Name, DayClock Clock, IReadOnlyList<DateOnly>? RelapseDays, bool EarlierRelapseDays);

/// <summary>
/// A shared page's contents, built from the scope alone: each part is null (or empty) unless the link shows it. Nothing
/// free-written — notes, plans, reasons, urges, the check-in's answers — is ever read for it.
/// </summary>
/// <param name="CommitmentShown">Whether the check-in's morning commitment is shown: it is made per track, so only with a track shown.</param>
/// <param name="ContactPhone">A number to call, when the owner added one to this link.</param>
public sealed record SharedView(string DisplayName, bool AskedForSupport, DateOnly Today, IReadOnlyList<SharedTrack> Tracks,
    IReadOnlyList<HabitCard>? Habits, CheckInStatus? CheckIn, bool CommitmentShown, string? ContactPhone = null)
{
    public string? ContactHref => ContactPhone is null ? null : SupportPerson.Tel(ContactPhone);

    public bool ShowsNothing => Tracks.Count == 0 && Habits is null && CheckIn is null;
}

public enum ShareChange { Done, NotFound, TooMany }

/// <summary>Share links: made, changed and revoked by their owner; opened by anyone holding the token.</summary>
public sealed class ShareService(AppDb db, TimeProvider clock, TrackService tracks, HabitService habits, CheckInService checkIns)
{
    public const int MaxRelapseDaysShown = 30;
    /// <summary>Expired links stay listed (as expired) this long, then the hourly housekeeping removes them (Operations/Housekeeping.cs).</summary>
    public static readonly TimeSpan ExpiredKept = TimeSpan.FromDays(30);
    /// <summary>A load or refresh this long after the page was last seen is a new visit; a page left open is one.</summary>
    public static readonly TimeSpan VisitsApart = TimeSpan.FromMinutes(10);
    /// <summary>When the page was last seen is written at most this often (a link loaded in a loop writes once a minute).</summary>
    public static readonly TimeSpan SeenWrittenEvery = TimeSpan.FromMinutes(1);

    private DateTime Now => clock.GetUtcNow().UtcDateTime.TruncateToMicroseconds();

    /// <summary>128 random bits as 32 hex digits: no letter case to lose (the app's URLs are lowercase, and so are some mail clients').</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token.ToLowerInvariant())));

    /// <summary>Whether a string could be a token at all; anything else is not looked up.</summary>
    public static bool IsWellFormed(string? token) => token is { Length: 32 } && token.All(char.IsAsciiHexDigit);

    /// <summary>The user's links, newest first, with the tracks each shows.</summary>
    public Task<List<ShareLink>> ListAsync(Guid userId) =>
        db.ShareLinks.AsNoTracking().Include(l => l.Tracks).Include(l => l.Habits).AsSplitQuery().Where(l => l.UserId == userId).OrderByDescending(l => l.CreatedAt).ThenBy(l => l.Id).ToListAsync();

    /// <summary>A new link and its token (shown once, never stored); TooMany at <see cref="ShareLink.MaxLivePerUser"/> live links.</summary>
    public async Task<(ShareChange Change, string? Token)> CreateAsync(Guid userId, string label, string displayName, string? contactPhone, ShareScope scope, int? expiresInDays)
    {
        var now = Now;
        if (!await OwnsAsync(userId, scope)) return (ShareChange.NotFound, null);
        return await db.UnderCapAsync(userId, () => CreateUnderCapAsync(userId, label, displayName, contactPhone, scope, expiresInDays, now));
    }

    private async Task<(ShareChange Change, string? Token)> CreateUnderCapAsync(Guid userId, string label, string displayName, string? contactPhone, ShareScope scope, int? expiresInDays, DateTime now)
    {
        if (await Live(now).CountAsync(l => l.UserId == userId) >= ShareLink.MaxLivePerUser)
            return (ShareChange.TooMany, null);
        var token = NewToken();
        var link = new ShareLink
        {
            UserId = userId, Label = label, DisplayName = displayName, ContactPhone = contactPhone, TokenHash = Hash(token),
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
        var link = await db.ShareLinks.Include(l => l.Tracks).Include(l => l.Habits).SingleOrDefaultAsync(l => l.Id == id && l.UserId == userId);
        if (link is null || !await OwnsAsync(userId, scope)) return ShareChange.NotFound;
        Apply(link, scope);
        link.UpdatedAt = Now; // the tracks alone would not mark the link itself changed
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // A track or habit deleted, or the same change saved, by a request in between: nothing of this one was written.
            return ShareChange.NotFound;
        }
        return ShareChange.Done;
    }

    /// <summary>Revoking deletes the link: its next load is the same 404 as a token that never existed.</summary>
    public async Task<bool> RevokeAsync(Guid userId, Guid id) =>
        await db.ShareLinks.Where(l => l.Id == id && l.UserId == userId).ExecuteDeleteAsync() > 0;

    /// <summary>
    /// "I'm struggling" (or its clearing): every shared page of the user shows it for a day, and every supporter who
    /// turned on notifications for a live link gets one (sent within the minute by the reminders' sender).
    /// </summary>
    public async Task AskForSupportAsync(Guid userId, bool ask)
    {
        var now = Now;
        DateTime? at = ask ? now : null;
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.SupportRequestedAt, at));
        if (!ask) return;
        var devices = await (from d in db.PushDevices
                             join l in Live(now) on d.ShareLinkId equals l.Id
                             where l.UserId == userId
                             select new { d.Id, l.DisplayName }).ToListAsync();
        foreach (var device in devices)
        {
            var text = ReminderText.Support(device.DisplayName);
            await db.WriteNotificationAsync(device.Id, $"support:{now:yyyy-MM-ddTHH:mm:ss.ffffff}", text.Title, text.Body, "", null, now, default);
        }
    }

    /// <summary>A live link by its token (for the supporter's own requests), or null.</summary>
    public Task<ShareLink?> FindLiveAsync(string token) =>
        IsWellFormed(token) ? Live(Now).SingleOrDefaultAsync(l => l.TokenHash == Hash(token)) : Task.FromResult<ShareLink?>(null);

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
    /// The page a token opens, or null — unknown, revoked and expired alike, by the same single indexed query. Every
    /// request is seen, however it asks (a refresh is a request like any other): one more visit when the page was not
    /// seen for <see cref="VisitsApart"/>, so a page left open counts once. Time only; no address is kept.
    /// </summary>
    public async Task<SharedView?> OpenAsync(string token)
    {
        var now = Now;
        var hash = Hash(token);
        var found = await (from l in Live(now).AsNoTracking()
                           join u in db.Users on l.UserId equals u.Id
                           where l.TokenHash == hash
                           select new { l.Id, l.UserId, l.DisplayName, l.ContactPhone, l.ShowCheckIn, l.ShowRelapseDates, l.LastOpenedAt, u.TimeZone, u.DayEndsAtHour, u.SupportRequestedAt })
            .SingleOrDefaultAsync();
        if (found is null) return null;
        var (seenRecently, newVisit) = (now - SeenWrittenEvery, now - VisitsApart);
        if (found.LastOpenedAt is not { } seen || seen <= seenRecently)
            await db.ShareLinks.Where(l => l.Id == found.Id && (l.LastOpenedAt == null || l.LastOpenedAt <= seenRecently))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(l => l.TimesOpened, l => l.LastOpenedAt == null || l.LastOpenedAt <= newVisit ? l.TimesOpened + 1 : l.TimesOpened)
                    .SetProperty(l => l.LastOpenedAt, now));

        var userClock = new UserClock(found.TimeZone, found.DayEndsAtHour);
        var today = userClock.Today(clock);
        // Relapses count from the day after: a shared page changes with them only when the owner's day turns, so
        // neither its markup nor its refreshes ever tell when one happened.
        var dayStart = userClock.StartOf(today);
        var shown = await db.RecoveryTracks.AsNoTracking()
            .Where(t => t.UserId == found.UserId && t.ArchivedAt == null && db.ShareLinkTracks.Any(s => s.ShareLinkId == found.Id && s.TrackId == t.Id))
            .OrderBy(t => t.Position).ThenBy(t => t.CreatedAt).ToListAsync();
        IReadOnlyList<SharedTrack> shownTracks = [];
        if (shown.Count > 0)
        {
            var relapses = await tracks.RelapseInstantsAsync(found.UserId);
            shownTracks = shown.Select(t =>
            {
                var before = relapses[t.Id].Where(r => r < dayStart).ToList();
                // The local days of its relapses, newest first, one entry a day.
                var days = found.ShowRelapseDates ? before.Select(userClock.DayOf).Distinct().Reverse().ToList() : null;
                return new SharedTrack(t.Name, Sobriety.DayClock(dayStart, t.CreatedAt, t.CleanSince, t.CleanSinceTime, before, userClock),
                    days?.Take(MaxRelapseDaysShown).ToList(), days?.Count > MaxRelapseDaysShown);
            }).ToList();
        }
        var habitCards = await habits.CardsAsync(found.UserId, userClock, sharedBy: found.Id);
        var checkIn = found.ShowCheckIn ? await checkIns.StatusAsync(found.UserId, today) : null;
        return new SharedView(found.DisplayName, found.SupportRequestedAt > now - User.SupportRequestLasts, today, shownTracks,
            habitCards.Count > 0 ? habitCards : null,
            // A morning commitment is to one track: only those of the tracks shown are counted.
            checkIn is null ? null : checkIn with { CommittedToday = checkIn.CommittedToday.Where(id => shown.Any(t => t.Id == id)).ToHashSet() },
            CommitmentShown: shown.Count > 0, found.ContactPhone);
    }

    private async Task<bool> OwnsAsync(Guid userId, ShareScope scope)
    {
        var (tracks, habits) = (scope.TrackIds.ToList(), scope.HabitIds.ToList());
        return (tracks.Count == 0 || await db.RecoveryTracks.CountAsync(t => t.UserId == userId && tracks.Contains(t.Id)) == tracks.Count)
            && (habits.Count == 0 || await db.Habits.CountAsync(h => h.UserId == userId && habits.Contains(h.Id)) == habits.Count);
    }

    private static void Apply(ShareLink link, ShareScope scope)
    {
        link.ShowCheckIn = scope.CheckIn;
        link.ShowRelapseDates = scope.RelapseDates;
        link.Tracks.RemoveAll(t => !scope.TrackIds.Contains(t.TrackId));
        foreach (var id in scope.TrackIds.Where(id => link.Tracks.All(t => t.TrackId != id)))
            link.Tracks.Add(new ShareLinkTrack { ShareLinkId = link.Id, TrackId = id, UserId = link.UserId });
        link.Habits.RemoveAll(h => !scope.HabitIds.Contains(h.HabitId));
        foreach (var id in scope.HabitIds.Where(id => link.Habits.All(h => h.HabitId != id)))
            link.Habits.Add(new ShareLinkHabit { ShareLinkId = link.Id, HabitId = id, UserId = link.UserId });
    }
}

public static class SharesFeature
{
    /// <summary>This folder's services: share links for a supporter.</summary>
    public static IServiceCollection AddShares(this IServiceCollection services) => services.AddScoped<ShareService>();
}

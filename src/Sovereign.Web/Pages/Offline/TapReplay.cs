using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Models;

namespace Sovereign.Web.Pages.Offline;

/// <summary>
/// A tap made with no signal ("Done today", a morning commitment) that the phone kept and sends later
/// (wwwroot/js/offline.js): the same request as the tap, with the instant it was made and a key. The instant is taken
/// only within bounds; a key seen before gets the same answer as the first and writes nothing.
/// </summary>
public sealed record TapReplay(Guid Key, DateTime At)
{
    /// <summary>How long a phone may keep a tap.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(7);
    /// <summary>A phone's clock may run a little ahead of the server's: up to this, the tap counts as made now.</summary>
    public static readonly TimeSpan Skew = TimeSpan.FromMinutes(2);

    /// <summary>The replay a request carries (none for a live tap), or what is wrong with it.</summary>
    public static async Task<(TapReplay? Replay, string? Problem)> FromAsync(HttpRequest request, DateTime now)
    {
        if (!request.HasFormContentType) return (null, null);
        IFormCollection form;
        // A body that is no form (a NUL escaped in it, broken UTF-8): model binding noted it; reading it again would throw.
        try { form = await request.ReadFormAsync(); }
        catch (InvalidDataException) { return (null, "The form could not be read."); }
        var (key, at) = (form["key"].ToString(), form["at"].ToString());
        if (key.Length == 0 && at.Length == 0) return (null, null);
        if (!Guid.TryParse(key, out var k) || !DateTimeOffset.TryParseExact(at, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
            return (null, "A tap kept on the phone needs its key and the time it was made (ISO 8601).");
        var utc = instant.UtcDateTime.TruncateToMicroseconds();
        if (utc > now + Skew) return (null, "This tap is dated in the future: check the phone's clock.");
        if (utc < now - MaxAge) return (null, "This tap waited on the phone for more than 7 days and is no longer taken.");
        return (new TapReplay(k, utc > now ? now : utc), null);
    }

    /// <summary>
    /// A tap's write, live (no replay) or replayed: a replay's key is kept first, so the same tap sent again writes nothing
    /// and is answered as found; a write that finds nothing or fails forgets the key, and the tap may come again.
    /// </summary>
    /// <param name="write">The write; false when what it writes to is not the user's (a 404).</param>
    public static async Task<bool> WriteOnceAsync(TapReplay? replay, AppDb db, Guid userId, DateTime now, Func<Task<bool>> write)
    {
        if (replay is null) return await write();
        if (!await replay.FirstTimeAsync(db, userId, now)) return true;
        var written = false;
        try { return written = await write(); }
        finally { if (!written) await replay.ForgetAsync(db, userId); }
    }

    /// <summary>True the first time this user's key is seen (and it is kept); false for a key seen before.</summary>
    private async Task<bool> FirstTimeAsync(AppDb db, Guid userId, DateTime now)
    {
        var tap = new ReplayedTap { UserId = userId, Key = Key, CreatedAt = now };
        db.ReplayedTaps.Add(tap);
        try
        {
            await db.SaveChangesAsync();
            return true;
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e)) { return false; }
        finally { db.Entry(tap).State = EntityState.Detached; }
    }

    /// <summary>The write it stood for did not happen (not found, refused): the same tap may come again.</summary>
    private Task ForgetAsync(AppDb db, Guid userId) => db.ReplayedTaps.Where(t => t.UserId == userId && t.Key == Key).ExecuteDeleteAsync();
}

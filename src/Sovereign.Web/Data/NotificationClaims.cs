using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Models;

namespace Sovereign.Web.Data;

/// <summary>The notifications' two writes that must be one statement each, so that the database decides (see JobClaims).</summary>
public static class NotificationClaims
{
    /// <summary>Writes a notification unless this device has one with this key: 1, or 0 when it did already.</summary>
    public static Task<int> WriteNotificationAsync(this AppDb db, Guid deviceId, string key, string title, string body, string url, Guid? habitId, DateTime dueAt,
        CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO notifications (id, device_id, key, title, body, url, habit_id, due_at, attempts)
            VALUES ({Guid.CreateVersion7()}, {deviceId}, {key}, {Truncate(title, 100)}, {Truncate(body, 200)}, {url}, {habitId}, {dueAt}, 0)
            ON CONFLICT (device_id, key) DO NOTHING
            """, cancellationToken);

    /// <summary>
    /// Adds a browser to its owner's devices (an account's or a link's) or refreshes the one it was; null when the owner
    /// has <paramref name="max"/> devices already.
    /// </summary>
    public static async Task<PushDevice?> SaveDeviceAsync(this AppDb db, Pages.Reminders.DeviceInput input, Guid? userId, Guid? shareLinkId, int max,
        CancellationToken cancellationToken)
    {
        var owned = db.PushDevices.Where(d => d.UserId == userId && d.ShareLinkId == shareLinkId);
        var known = await owned.SingleOrDefaultAsync(d => d.Endpoint == input.Endpoint, cancellationToken);
        if (known is null)
        {
            if (await owned.CountAsync(cancellationToken) >= max) return null;
            db.PushDevices.Add(known = new PushDevice { UserId = userId, ShareLinkId = shareLinkId, Endpoint = input.Endpoint!, P256dh = "", Auth = "", Name = "" });
        }
        (known.P256dh, known.Auth, known.Name) = (input.P256dh!, input.Auth!, input.Name!.Trim());
        await db.SaveChangesAsync(cancellationToken);
        return known;
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    /// <summary>
    /// Claims up to <paramref name="batch"/> notifications due now until <paramref name="until"/>: one UPDATE whose WHERE
    /// is checked again on each row it changes; PostgreSQL skips rows another sender holds (FOR UPDATE SKIP LOCKED).
    /// </summary>
    public static Task<List<Notification>> ClaimDueNotificationsAsync(this AppDb db, DateTime now, DateTime until, int batch, CancellationToken cancellationToken) =>
        db.Notifications.FromSqlRaw(db.Database.IsNpgsql() ? ClaimOnPostgres : ClaimOnSqlite, until, now, batch).AsNoTracking().ToListAsync(cancellationToken);

    private static readonly string ClaimOnPostgres = Claim("FOR UPDATE SKIP LOCKED");
    private static readonly string ClaimOnSqlite = Claim("");

    private static string Claim(string skipLocked) => $"""
        UPDATE notifications SET claimed_until = {"{0}"}, attempts = attempts + 1
        WHERE id IN (SELECT id FROM notifications
                     WHERE sent_at IS NULL AND given_up_at IS NULL AND due_at <= {"{1}"} AND (claimed_until IS NULL OR claimed_until < {"{1}"})
                     ORDER BY due_at LIMIT {"{2}"} {skipLocked})
          AND sent_at IS NULL AND given_up_at IS NULL AND (claimed_until IS NULL OR claimed_until < {"{1}"})
        RETURNING *
        """;
}

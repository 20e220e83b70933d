using System.ComponentModel.DataAnnotations;

namespace Sovereign.Web.Models;

/// <summary>
/// A browser that takes notifications: its Web Push subscription (the address its push service gave it, and the keys
/// the payload is encrypted to). It belongs to an account ("Reminders on this device") or to a share link (a supporter,
/// who has no account); deleting either deletes it. A push service answering 404 or 410 deletes it too.
/// </summary>
[NotExported("A browser's push subscription on this server: set again from the device where the account lives.")]
public class PushDevice
{
    public const int MaxEndpointLength = 1000;
    public const int MaxNameLength = 60;
    public const int MaxPerUser = 20;
    public const int MaxPerShareLink = 5;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid? UserId { get; set; }
    public Guid? ShareLinkId { get; set; }

    /// <summary>An https address the browser's push service chose; checked on every send (Pages/Reminders/PushEndpoints.cs).</summary>
    [MaxLength(PushDevice.MaxEndpointLength)]
    public required string Endpoint { get; set; }
    /// <summary>The browser's P-256 public key, base64url (65 bytes).</summary>
    [MaxLength(100)]
    public required string P256dh { get; set; }
    /// <summary>The browser's auth secret, base64url (16 bytes).</summary>
    [MaxLength(50)]
    public required string Auth { get; set; }
    /// <summary>What the person calls it ("My phone"), for the list in settings.</summary>
    [MaxLength(PushDevice.MaxNameLength)]
    public required string Name { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastDeliveredAt { get; set; }
}

/// <summary>
/// A notification to deliver to one device, written before it is sent: its key (unique per device) makes a reminder
/// go out once whatever the number of instances or restarts, and the row is its state — due, claimed by a sender
/// for a while, sent, or given up after <see cref="MaxAttempts"/>. Housekeeping drops it after <see cref="Kept"/>.
/// </summary>
[NotExported("A notification on its way to a device, kept three days: what it says is the reminder settings' and the habits'.")]
public class Notification
{
    public const int MaxAttempts = 5;
    public static readonly TimeSpan Kept = TimeSpan.FromDays(3);

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid DeviceId { get; set; }
    /// <summary>What it is about, once per device: "habit:{id}:2026-12-06", "support:{time}".</summary>
    [MaxLength(100)]
    public required string Key { get; set; }
    [MaxLength(100)]
    public required string Title { get; set; }
    [MaxLength(200)]
    public required string Body { get; set; }
    /// <summary>The page a tap opens, relative to the app's base ("habits", "checkin").</summary>
    [MaxLength(200)]
    public required string Url { get; set; }
    /// <summary>For a habit reminder: the habit its "Done" action completes.</summary>
    public Guid? HabitId { get; set; }
    public DateTime DueAt { get; set; }
    public int Attempts { get; set; }
    public DateTime? ClaimedUntil { get; set; }
    public DateTime? SentAt { get; set; }
    public DateTime? GivenUpAt { get; set; }
}

/// <summary>The installation's VAPID key pair (one row): the public key as browsers take it, the private key sealed by Data Protection.</summary>
public class VapidKeys
{
    public int Id { get; init; } = 1;
    [MaxLength(100)]
    public required string PublicKey { get; init; }
    [MaxLength(1000)]
    public required string ProtectedPrivateKey { get; init; }
    public DateTime CreatedAt { get; init; }
}

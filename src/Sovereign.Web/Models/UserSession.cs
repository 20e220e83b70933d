using System.ComponentModel.DataAnnotations;
namespace Sovereign.Web.Models;

/// <summary>
/// A signed-in device. The cookie names it; signing out deletes it, so a copied cookie stops working at once. It ends
/// by itself after an absolute lifetime, whatever the activity.
/// </summary>
[NotExported("A device's sign-in: an import goes into an account with its own.")]
public class UserSession
{
    public const int MaxDeviceLength = 200;
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);
    public static readonly TimeSpan RememberedLifetime = TimeSpan.FromDays(30);

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }

    /// <summary>The browser's User-Agent, shortened: how the user tells their devices apart in settings.</summary>
    [MaxLength(UserSession.MaxDeviceLength)]
    public string Device { get; set; } = "";

    /// <summary>"Keep me signed in": the cookie outlives the browser, and the session lasts <see cref="RememberedLifetime"/>.</summary>
    public bool Remembered { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    /// <summary>The last request seen (to within <c>SessionService.CheckInterval</c>): a session idle longer than the account's lock time is locked.</summary>
    public DateTime LastSeenAt { get; set; }

    /// <summary>Wrong PINs or passwords typed to unlock this session since it was last open; <see cref="MaxFailedUnlocks"/> end it.</summary>
    public int FailedUnlocks { get; set; }

    public const int MaxFailedUnlocks = 5;
}

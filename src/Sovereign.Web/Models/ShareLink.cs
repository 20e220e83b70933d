using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using System.Linq.Expressions;
namespace Sovereign.Web.Models;

/// <summary>
/// A read-only link for a supporter (/s/{token}): what it shows is its scope; the token itself is never stored, only its
/// SHA-256. Revoking deletes the row, so a revoked link is, to the server, one that never existed.
/// </summary>
[ExportedAs(typeof(ExportedShare), Renamed = ["ShowCheckIn:CheckIn", "ShowRelapseDates:RelapseDates"],
    // Never its token, nor the token's hash: an import does not bring a link back. Its last change is of no use without it.
    LeftOut = [nameof(Id), nameof(UserId), nameof(TokenHash), nameof(UpdatedAt)])]
public class ShareLink
{
    public const int MaxLabelLength = 100;
    public const int MaxDisplayNameLength = 60;
    public const int MaxContactPhoneLength = SupportPerson.MaxPhoneLength;
    public const int MaxLivePerUser = 20;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }
    /// <summary>Who it is for, for the user's eyes only ("Sam, my sponsor").</summary>
    [MaxLength(ShareLink.MaxLabelLength)]
    public required string Label { get; set; }
    /// <summary>The name the supporter sees.</summary>
    [MaxLength(ShareLink.MaxDisplayNameLength)]
    public required string DisplayName { get; set; }
    /// <summary>A number the supporter may call, if the owner chose to add one to this link.</summary>
    [MaxLength(ShareLink.MaxContactPhoneLength)]
    public string? ContactPhone { get; set; }

    /// <summary>Lowercase hex SHA-256 of the token: a random 128-bit token needs no slow hash.</summary>
    public required string TokenHash { get; set; }
    public bool ShowCheckIn { get; set; }
    /// <summary>The dates of the shown tracks' relapses (never their time, trigger, severity or notes).</summary>
    public bool ShowRelapseDates { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public DateTime? LastOpenedAt { get; set; }
    public int TimesOpened { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>The tracks whose clock and milestones it shows.</summary>
    public List<ShareLinkTrack> Tracks { get; set; } = [];
    /// <summary>The habits whose streaks it shows: those chosen, never one added later.</summary>
    public List<ShareLinkHabit> Habits { get; set; } = [];

    public bool IsLive(DateTime now) => ExpiresAt is not { } expires || expires > now;
}

/// <summary>A track a share link shows; deleting the track removes it from every link (the foreign key cascades).</summary>
[ExportedAs(typeof(ExportedShare), Renamed = ["TrackId:TrackIds"], LeftOut = [nameof(ShareLinkId), nameof(UserId)])]
public class ShareLinkTrack
{
    public Guid ShareLinkId { get; set; }
    public Guid TrackId { get; set; }
    public Guid UserId { get; set; }
}

/// <summary>A habit a share link shows; deleting the habit removes it from every link (the foreign key cascades).</summary>
[ExportedAs(typeof(ExportedShare), Renamed = ["HabitId:HabitIds"], LeftOut = [nameof(ShareLinkId), nameof(UserId)])]
public class ShareLinkHabit
{
    public Guid ShareLinkId { get; set; }
    public Guid HabitId { get; set; }
    public Guid UserId { get; set; }
}

/// <summary>A share link as the user set it up (version 4; the habits it shows since version 5, the number to call when there is one): what it shows and when it was opened — never its token.</summary>
public sealed record ExportedShare(string Label, string DisplayName, List<Guid> TrackIds, List<Guid>? HabitIds, bool CheckIn, bool RelapseDates,
    DateTime CreatedAt, DateTime? ExpiresAt, DateTime? LastOpenedAt, int TimesOpened,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ContactPhone = null)
{
    public static readonly Expression<Func<ShareLink, ExportedShare>> From = l => new ExportedShare(l.Label, l.DisplayName,
        l.Tracks.OrderBy(t => t.TrackId).Select(t => t.TrackId).ToList(), l.Habits.OrderBy(h => h.HabitId).Select(h => h.HabitId).ToList(),
        l.ShowCheckIn, l.ShowRelapseDates, l.CreatedAt, l.ExpiresAt, l.LastOpenedAt, l.TimesOpened, l.ContactPhone);
}

namespace Sovereign.Web.Models;

/// <summary>
/// The key of a tap a phone kept with no signal and sent later (Pages/Offline/TapReplay.cs): kept for a while after,
/// so the same tap sent again writes nothing.
/// </summary>
[NotExported("A replayed tap's key, kept eight days so a second replay writes nothing: no data of the user's.")]
public class ReplayedTap
{
    /// <summary>A phone keeps a tap at most a week; its key is kept a day longer.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromDays(8);

    public Guid UserId { get; set; }
    public Guid Key { get; set; }
    public DateTime CreatedAt { get; set; }
}

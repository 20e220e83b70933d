using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Plan;
using Sovereign.Web.Pages.Shares;
using Sovereign.Web.Pages.Tracks;
using Sovereign.Web.Time;

using Sovereign.Web.Pages.Auth;

namespace Sovereign.Web.Pages.Help;

/// <summary>
/// "Need help now?": crisis and support lines first, open to everyone. Signed in, it is personal: the user's people to
/// call, "What's going on?" (a trigger picked, by a plain GET form, shows the plan for it), their reasons, urge surfing.
/// </summary>
public class IndexModel(AppDb db, PlanService plans, TrackService tracks, ShareService shares) : PageModel
{
    public IReadOnlyList<Helpline> Lines { get; private set; } = [];
    public RiskPlan? Plan { get; private set; }
    public IReadOnlyList<RecoveryTrack> Reasons { get; private set; } = [];
    public TriggerType? Trigger { get; private set; }
    /// <summary>Whether the user has a working share link: then "I'm struggling" is offered here too.</summary>
    public bool Sharing { get; private set; }
    public DateTime? SupportRequestedAt { get; private set; }

    /// <param name="zone">Signed out: the visitor's time zone (the service worker's offline copy sends the phone's), for the lines of their region.</param>
    public async Task OnGetAsync(string? trigger, string? zone)
    {
        // A locked session (left alone) gets the public page for the account's region: none of the person's own lines, plan or people.
        var locked = HttpContext.IsLocked();
        var signedIn = User.Identity?.IsAuthenticated == true;
        var own = signedIn ? await db.Users.Where(u => u.Id == User.Id()).Select(u => new { u.Helplines, u.TimeZone }).SingleOrDefaultAsync() : null;
        Lines = Helplines.For(locked ? null : own?.Helplines, own?.TimeZone ?? (TimeZones.IsValid(zone) ? zone! : "UTC"));
        signedIn &= !locked;
        if (!signedIn) return;
        Plan = await plans.GetAsync(User.Id());
        Reasons = await tracks.WithReasonsAsync(User.Id());
        Trigger = SnakeCaseEnum<TriggerType>.TryParse(trigger, out var picked) ? picked : null;
        Sharing = await shares.HasLiveLinksAsync(User.Id());
        if (Sharing) SupportRequestedAt = await shares.SupportRequestedAtAsync(User.Id());
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Help;
using Sovereign.Web.Pages.Plan;
using Sovereign.Web.Pages.Tracks;

namespace Sovereign.Web.Pages.Relapse;

/// <summary>
/// Where logging a relapse lands (GET /relapse/{id}/after): a calm page for the next day — what is kept on every track,
/// the plan for this trigger (or an invitation to write one), and who to call. The undo for a mis-tap is here too.
/// </summary>
public class AfterModel(AppDb db, TrackService tracks, PlanService plans, CurrentUser me) : PageModel
{
    public RelapseEvent Relapse { get; private set; } = null!;
    public IReadOnlyList<TrackSummary> Tracks { get; private set; } = [];
    public RiskPlan Plan { get; private set; } = new([], []);
    public bool CanUndo { get; private set; }
    public IReadOnlyList<Helpline> Lines { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (await db.RelapseEvents.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id && r.UserId == me.Id) is not { } relapse) return NotFound();
        Relapse = relapse;
        // The relapse's own track first: it is the one that just changed.
        Tracks = (await tracks.SummariesAsync(me.Id, await me.ClockAsync())).OrderBy(t => t.Id != relapse.TrackId).ToList();
        Plan = await plans.GetAsync(me.Id);
        var own = await db.Users.Where(u => u.Id == me.Id).Select(u => new { u.Helplines, u.TimeZone }).SingleAsync();
        Lines = Helplines.For(own.Helplines, own.TimeZone);
        CanUndo = relapse.CreatedAt >= tracks.Now - RelapseEvent.UndoWindow;
        return Page();
    }
}

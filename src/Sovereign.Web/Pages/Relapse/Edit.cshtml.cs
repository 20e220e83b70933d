using Htmx;
using Microsoft.AspNetCore.Mvc;
using Sovereign.Web.Data;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Shared;
using Sovereign.Web.Pages.Tracks;
using Sovereign.Web.Time;

namespace Sovereign.Web.Pages.Relapse;

/// <summary>GET/POST /relapse/{id}/edit, POST /relapse/{id}/edit/delete, POST /relapse/{id}/edit/undo.</summary>
public class EditModel(AppDb db, RelapseService relapses, TrackService tracks, CurrentUser me, TimeProvider time)
    : EventEditModel<RelapseEvent, RelapseInput>(db, tracks, me, time)
{
    protected override string ListPage => "/Relapse/Index";
    protected override string DeletedMessage => "The event is deleted.";
    protected override RelapseInput FormOf(RelapseEvent relapse, UserClock clock) => RelapseInput.From(relapse, clock);

    protected override void Apply(RelapseInput input, RelapseEvent relapse, Guid trackId, DateTime occurredAt)
    {
        relapse.TrackId = trackId;
        input.ApplyTo(relapse, occurredAt);
    }

    /// <summary>The undo offered right after logging: no confirmation, only for a few minutes.</summary>
    public async Task<IActionResult> OnPostUndoAsync(Guid id)
    {
        if (!await relapses.UndoAsync(User.Id(), id)) return NotFound();
        if (Request.IsHtmx())
            return Partial("_Toast", ("Removed. Nothing was kept.", "secondary"));
        TempData["Status"] = "Removed. Nothing was kept.";
        return RedirectToPage("/Dashboard/Index");
    }
}

using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Pages.Tracks;

namespace Sovereign.Web.Pages.Relapse;

/// <summary>GET/POST /relapse/{id}/edit, POST /relapse/{id}/edit?handler=delete, POST /relapse/{id}/edit?handler=undo.</summary>
public class EditModel(AppDb db, RelapseService relapses, TrackService tracks, CurrentUser me) : PageModel
{
    [BindProperty] public RelapseInput Input { get; set; } = new();

    private Task<Models.RelapseEvent?> FindAsync(Guid id) => db.RelapseEvents.SingleOrDefaultAsync(r => r.Id == id && r.UserId == me.Id);

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (await FindAsync(id) is not { } relapse) return NotFound();
        Input = RelapseInput.From(relapse, await me.ClockAsync());
        Input.TrackChoices = await tracks.ListAsync(me.Id);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (await FindAsync(id) is not { } relapse) return NotFound();
        var clock = await me.ClockAsync();
        void Error(string field, string message) => ModelState.AddModelError($"Input.{field}", message);
        Input.TrackChoices = await tracks.ListAsync(me.Id);
        var trackId = Input.ValidTrack(Error);
        var occurredAt = Input.Validate(clock, relapses.Now, Error);
        if (!ModelState.IsValid || occurredAt is null || trackId is null) return this.Invalid();
        relapse.TrackId = trackId.Value;
        Input.ApplyTo(relapse, occurredAt.Value);
        await db.SaveChangesAsync();
        TempData["Status"] = "Saved.";
        return RedirectToPage("/Relapse/Index");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, string? confirm)
    {
        if (await FindAsync(id) is not { } relapse) return NotFound();
        if (confirm != "delete")
        {
            ModelState.AddModelError("", "Tick the box to confirm the deletion.");
            Input = RelapseInput.From(relapse, await me.ClockAsync());
            Input.TrackChoices = await tracks.ListAsync(me.Id);
            return this.Invalid();
        }
        await relapses.DeleteAsync(User.Id(), id);
        TempData["Status"] = "The event is deleted.";
        return RedirectToPage("/Relapse/Index");
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

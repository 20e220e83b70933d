using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Models;

namespace Sovereign.Web.Pages.Tracks;

public class EditModel(AppDb db, TrackService tracks, CurrentUser me) : PageModel
{
    [BindProperty] public TrackInput Input { get; set; } = new();
    public RecoveryTrack Track { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (await db.RecoveryTracks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id && t.UserId == me.Id) is not { } track) return NotFound();
        Track = track;
        Input = TrackInput.From(track);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (await db.RecoveryTracks.SingleOrDefaultAsync(t => t.Id == id && t.UserId == me.Id) is not { } track) return NotFound();
        Track = track;
        if (!ModelState.IsValid | !Input.TryApply(track, ModelState, await me.ClockAsync(), tracks.Now)) return this.Invalid();
        if (await tracks.UpdateAsync(track) == TrackChange.NameTaken)
        {
            ModelState.AddModelError("Input.Name", TrackService.NameTaken);
            return this.Invalid();
        }
        TempData["Status"] = "Saved.";
        return RedirectToPage("/Tracks/Details", new { id });
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Pages.Tracks;

namespace Sovereign.Web.Pages.Urges;

public class EditModel(AppDb db, UrgeService urges, TrackService tracks, CurrentUser me) : PageModel
{
    [BindProperty] public UrgeInput Input { get; set; } = new();

    private Task<Models.UrgeEvent?> FindAsync(Guid id) => db.UrgeEvents.SingleOrDefaultAsync(u => u.Id == id && u.UserId == me.Id);

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (await FindAsync(id) is not { } urge) return NotFound();
        Input = UrgeInput.From(urge, await me.ClockAsync());
        Input.TrackChoices = await tracks.ListAsync(me.Id);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (await FindAsync(id) is not { } urge) return NotFound();
        void Error(string field, string message) => ModelState.AddModelError($"Input.{field}", message);
        Input.TrackChoices = await tracks.ListAsync(me.Id);
        var trackId = Input.ValidTrack(Error);
        var occurredAt = Input.Validate(await me.ClockAsync(), urges.Now, Error);
        Input.ValidHelped(Error);
        if (!ModelState.IsValid || occurredAt is null || trackId is null) return this.Invalid();
        urge.TrackId = trackId.Value;
        Input.ApplyTo(urge, occurredAt.Value);
        await db.SaveChangesAsync();
        TempData["Status"] = "Saved.";
        return RedirectToPage("/Urges/Index");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, string? confirm)
    {
        if (await FindAsync(id) is not { } urge) return NotFound();
        if (confirm != "delete")
        {
            ModelState.AddModelError("", "Tick the box to confirm the deletion.");
            Input = UrgeInput.From(urge, await me.ClockAsync());
            Input.TrackChoices = await tracks.ListAsync(me.Id);
            return this.Invalid();
        }
        await urges.DeleteAsync(User.Id(), id);
        TempData["Status"] = "Deleted.";
        return RedirectToPage("/Urges/Index");
    }
}

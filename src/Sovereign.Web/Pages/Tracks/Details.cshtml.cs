using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Pages.Relapse;
using Sovereign.Web.Pages.Urges;

namespace Sovereign.Web.Pages.Tracks;

/// <summary>One track: its clock, money and time, reasons, its latest relapses and urges; edit, order, archive, delete.</summary>
public class DetailsModel(TrackService tracks, RelapseService relapses, UrgeService urges, CurrentUser me, AppDb db) : PageModel
{
    public const int RecentCount = 5;

    public TrackSummary Summary { get; private set; } = null!;
    public IReadOnlyList<RelapseRow> Relapses { get; private set; } = [];
    public UrgePage Urges { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var clock = await me.ClockAsync();
        if (await tracks.SummaryAsync(me.Id, clock, id) is not { } summary) return NotFound();
        Summary = summary;
        Relapses = (await relapses.PageAsync(me.Id, clock, new TimelineFilter(null, null, null, id), null, RecentCount)).Rows;
        Urges = await urges.PageAsync(me.Id, clock, null, id, RecentCount);
        return Page();
    }

    public async Task<IActionResult> OnPostUpAsync(Guid id) => await tracks.MoveAsync(me.Id, id, -1) ? RedirectToPage("/Tracks/Index") : NotFound();

    public async Task<IActionResult> OnPostDownAsync(Guid id) => await tracks.MoveAsync(me.Id, id, +1) ? RedirectToPage("/Tracks/Index") : NotFound();

    public async Task<IActionResult> OnPostArchiveAsync(Guid id) => await Archived(id, true, "Archived. Its history stays; restore it any time.");

    public async Task<IActionResult> OnPostRestoreAsync(Guid id) => await Archived(id, false, "Restored.");

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, string? confirm)
    {
        if (confirm != "delete")
        {
            TempData["Status"] = "Nothing was deleted: tick the box to confirm.";
            return await db.RecoveryTracks.AnyAsync(t => t.Id == id && t.UserId == me.Id) ? RedirectToPage("/Tracks/Details", new { id }) : NotFound();
        }
        if (!await tracks.DeleteAsync(me.Id, id)) return NotFound();
        TempData["Status"] = "The track and its history are deleted.";
        return RedirectToPage("/Tracks/Index");
    }

    private async Task<IActionResult> Archived(Guid id, bool archived, string message)
    {
        if (!await tracks.SetArchivedAsync(me.Id, id, archived)) return NotFound();
        TempData["Status"] = message;
        return RedirectToPage("/Tracks/Details", new { id });
    }
}

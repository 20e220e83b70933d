using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sovereign.Web.Models;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Pages.CheckIn;
using Sovereign.Web.Pages.Tracks;

namespace Sovereign.Web.Pages.Insights;

public class IndexModel(InsightsService insights, TrackService tracks, CurrentUser me) : PageModel
{

    /// <summary>Only this track's events (<c>?track={id}</c>), or every track's.</summary>
    [BindProperty(SupportsGet = true)] public Guid? Track { get; set; }

    public InsightReport Report { get; private set; } = null!;
    public IReadOnlyList<TrackComparison> Comparison { get; private set; } = [];
    public CheckInReport CheckIns { get; private set; } = null!;
    public IReadOnlyList<RecoveryTrack> Tracks { get; private set; } = [];
    public RecoveryTrack? Selected { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Tracks = await tracks.ListAsync(me.Id);
        if (!ModelState.IsValid) return NotFound(); // ?track= that is no id
        if (Track is { } id)
        {
            // Somebody else's track is treated as one that does not exist.
            Selected = Tracks.FirstOrDefault(t => t.Id == id);
            if (Selected is null) return NotFound();
        }
        (Report, Comparison, CheckIns) = await insights.ReportAsync(me.Id, await me.ClockAsync(), Tracks, Selected?.Id);
        return Page();
    }
}

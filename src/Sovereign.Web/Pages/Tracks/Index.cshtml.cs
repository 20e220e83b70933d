using Microsoft.AspNetCore.Mvc.RazorPages;
using Sovereign.Web.Infrastructure;

namespace Sovereign.Web.Pages.Tracks;

/// <summary>Every recovery track with its clock, in the user's order; archived ones below.</summary>
public class IndexModel(TrackService tracks, CurrentUser me) : PageModel
{
    public IReadOnlyList<TrackSummary> Active { get; private set; } = [];
    public IReadOnlyList<TrackSummary> Archived { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var all = await tracks.SummariesAsync(me.Id, await me.ClockAsync(), includeArchived: true);
        Active = all.Where(t => !t.IsArchived).ToList();
        Archived = all.Where(t => t.IsArchived).ToList();
    }
}

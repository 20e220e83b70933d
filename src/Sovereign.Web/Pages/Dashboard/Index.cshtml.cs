using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Services;

namespace Sovereign.Web.Pages.Dashboard;

/// <summary>The signed-in home: a clock per track, today's habits, the latest events. Four queries whatever the history (five when the settings are not cached).</summary>
public class IndexModel(CurrentUser me, HabitService habits, RelapseService relapses, TrackService tracks) : PageModel
{
    /// <summary>Set once by registration, read once here (TempData is an encrypted cookie, deleted after reading).</summary>
    [TempData] public string? RecoveryCode { get; set; }

    /// <summary>The relapse just logged, offered for undo.</summary>
    [TempData] public Guid? LoggedRelapse { get; set; }
    [TempData] public Guid? LoggedTrack { get; set; }

    public IReadOnlyList<HabitCard> Habits { get; private set; } = [];
    public IReadOnlyList<TrackSummary> Tracks { get; private set; } = [];
    public IReadOnlyList<RelapseRow> Recent { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (await me.SettingsAsync() is not { } settings) return RedirectToPage("/Auth/Login");
        Habits = await habits.CardsAsync(me.Id, settings.Clock);
        Tracks = await tracks.SummariesAsync(me.Id, settings.Clock);
        Recent = (await relapses.PageAsync(me.Id, settings.Clock, new TimelineFilter(null, null, null), null, pageSize: 5)).Rows;
        return Page();
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sovereign.Web.Data;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Pages.CheckIn;
using Sovereign.Web.Pages.Habits;
using Sovereign.Web.Pages.Relapse;
using Sovereign.Web.Pages.Tracks;
using Sovereign.Web.Time;

namespace Sovereign.Web.Pages.Dashboard;

/// <summary>
/// The signed-in home, today first: the check-in, today's habits, then a clock per track and the latest events. Five
/// queries whatever the history (six when the settings are not cached).
/// </summary>
public class IndexModel(CurrentUser me, AppDb db, HabitService habits, TrackService tracks, CheckInService checkIns, TimeProvider time) : PageModel
{
    /// <summary>A new recovery code (TempData: an encrypted cookie), shown until the person says it is saved.</summary>
    [TempData] public string? RecoveryCode { get; set; }

    public IReadOnlyList<HabitCard> Habits { get; private set; } = [];
    public IReadOnlyList<TrackSummary> Tracks { get; private set; } = [];
    public IReadOnlyList<RecentEvent> Recent { get; private set; } = [];
    public UserClock Clock { get; private set; }
    public CheckInStatus CheckIn { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await me.SettingsAsync() is not { } settings) return RedirectToPage("/Auth/Login");
        if (RecoveryCode is not null) TempData.Keep(nameof(RecoveryCode));
        Habits = await habits.CardsAsync(me.Id, settings.Clock);
        Tracks = await tracks.SummariesAsync(me.Id, settings.Clock);
        CheckIn = await checkIns.StatusAsync(me.Id, settings.Clock.Today(time));
        Recent = await RecentEvents.ReadAsync(db, me.Id);
        Clock = settings.Clock;
        return Page();
    }
}

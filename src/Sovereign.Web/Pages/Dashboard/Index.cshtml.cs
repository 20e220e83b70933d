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
/// The signed-in home, today first: the check-in, today's habits, then a clock per track and the latest events. One
/// command whatever the history (#29): the five reads of <see cref="Queries.Dashboard"/> in one round trip (a second
/// when the settings are not cached).
/// </summary>
public class IndexModel(CurrentUser me, AppDb db, TimeProvider time) : PageModel
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
        Clock = settings.Clock;
        var today = Clock.Today(time);
        var parameters = HabitService.CardParameters(me.Id, today);
        parameters["active"] = true;
        await db.ReadSetsAsync(Queries.Dashboard, parameters, async reader =>
        {
            Habits = HabitService.Sorted(await reader.RowsAsync(HabitService.CardRow(today)));
            var tracks = await reader.RowsAsync(TrackService.ActiveTrackRow);
            var relapses = await reader.RowsAsync(TrackService.RelapseRow);
            Tracks = TrackService.Summarize(tracks, TrackService.ByTrack(relapses), Clock, time.GetUtcNow().UtcDateTime.TruncateToMicroseconds());
            CheckIn = CheckInService.Status(await reader.RowsAsync(CheckInService.DayRow), today);
            Recent = await reader.RowsAsync(RecentEvents.Row);
            return true;
        });
        return Page();
    }
}

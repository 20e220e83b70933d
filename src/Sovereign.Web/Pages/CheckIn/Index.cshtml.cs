using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Habits;
using Sovereign.Web.Pages.Offline;
using Sovereign.Web.Pages.Tracks;
using Sovereign.Web.Time;

namespace Sovereign.Web.Pages.CheckIn;

/// <summary>
/// The daily check-in (GET/POST /checkin?date=yyyy-MM-dd, today by default): the morning commitment per active track
/// (POST /checkin/commit, one tap, htmx or a plain form) and the evening look back. A past day can be filled in later.
/// </summary>
public class IndexModel(CheckInService checkIns, TrackService tracks, CurrentUser me, TimeProvider time, AppDb db) : PageModel
{
    [BindProperty] public EveningInput Input { get; set; } = new();
    public DateOnly Date { get; private set; }
    public DateOnly Today { get; private set; }
    public Models.CheckIn? Existing { get; private set; }
    public IReadOnlyList<RecoveryTrack> Tracks { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? date)
    {
        if (await DayAsync(date) is { } problem) return problem;
        await LoadPageAsync();
        Input = EveningInput.From(Existing);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? date)
    {
        if (await DayAsync(date) is { } problem) return problem;
        if (!ModelState.IsValid)
        {
            await LoadPageAsync();
            return this.Invalid();
        }
        await checkIns.SaveEveningAsync(me.Id, Date, Today, Input.Answers());
        if (Date != Today)
        {
            TempData["Status"] = $"Check-in for {Date:dddd d MMMM} saved.";
            return RedirectToPage("/Dashboard/Index");
        }
        if (Input.Craving < CheckInInsights.HighCraving) // from this craving on, the evening leads to the help page
        {
            TempData["Status"] = "Evening check-in saved. Rest well.";
            return RedirectToPage("/Dashboard/Index");
        }
        // A hard evening: not "rest well" but the plan for what set the day off, and the people to call, first.
        TempData["Status"] = $"Evening check-in saved. A craving of {Input.Craving} is a lot to carry tonight: your people and your plan are here.";
        var trigger = await DayTriggerAsync();
        return trigger is { } t
            ? RedirectToPage("/Help/Index", null, new { trigger = SnakeCaseEnum<TriggerType>.Name(t) }, "going-on")
            : RedirectToPage("/Help/Index");
    }

    /// <summary>
    /// One tap: "Today I stay away from …" for one track (undo=true takes it back), now or sent later by a phone that had
    /// no signal (<see cref="TapReplay"/>: the day is the one tapped). htmx gets the dashboard's card.
    /// </summary>
    public async Task<IActionResult> OnPostCommitAsync(string? date, Guid track, bool undo, string? returnUrl)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var (replay, bad) = await TapReplay.FromAsync(Request, now);
        if (bad is not null) return this.Refused(bad);
        // A replay is for the day it was tapped, in the user's zone (the card's address names no day).
        if (replay is not null && date is null) date = (await me.ClockAsync()).DayOf(replay.At).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        if (await DayAsync(date) is { } problem) return problem;
        if (!await TapReplay.WriteOnceAsync(replay, db, me.Id, now, () => checkIns.CommitAsync(me.Id, track, Date, Today, commit: !undo))) return NotFound();
        if (!Request.IsHtmx()) return Redirect(this.LocalOr(returnUrl, "/CheckIn/Index", new { date = Date.ToString("yyyy-MM-dd") }));
        var clock = await me.ClockAsync();
        return Partial("_CheckInCard", new CheckInCard(await checkIns.StatusAsync(me.Id, Today), await tracks.SummariesAsync(me.Id, clock), Oob: true));
    }

    /// <summary>What set today off: the trigger of today's latest urge or relapse, if any.</summary>
    private async Task<TriggerType?> DayTriggerAsync()
    {
        var from = (await me.ClockAsync()).StartOf(Today);
        var urge = await db.UrgeEvents.Where(u => u.UserId == me.Id && u.OccurredAt >= from).OrderByDescending(u => u.OccurredAt)
            .Select(u => new { u.OccurredAt, u.TriggerType }).FirstOrDefaultAsync();
        var relapse = await db.RelapseEvents.Where(r => r.UserId == me.Id && r.OccurredAt >= from).OrderByDescending(r => r.OccurredAt)
            .Select(r => new { r.OccurredAt, r.TriggerType }).FirstOrDefaultAsync();
        return (urge, relapse) switch
        {
            (null, null) => null,
            ({ } u, null) => u.TriggerType,
            (null, { } r) => r.TriggerType,
            ({ } u, { } r) => u.OccurredAt > r.OccurredAt ? u.TriggerType : r.TriggerType,
        };
    }

    /// <summary>The day asked for and the user's today; a day outside 1900–today is a 404.</summary>
    private async Task<IActionResult?> DayAsync(string? date)
    {
        Today = (await me.ClockAsync()).Today(time);
        Date = date is null ? Today : DateWindow.ParseDay(date) ?? DateOnly.MinValue;
        return DateWindow.Contains(Date, Today) ? null : NotFound();
    }

    /// <summary>How many earlier check-ins the page lists; "Earlier" goes on from the oldest of them.</summary>
    public const int PastShown = 14;

    /// <summary>The evening check-ins before the day shown, newest first.</summary>
    public IReadOnlyList<Models.CheckIn> Past { get; private set; } = [];

    /// <summary>What the page shows besides the form: the day's check-in, the earlier evenings and the active tracks.</summary>
    private async Task LoadPageAsync()
    {
        Existing = await checkIns.FindAsync(me.Id, Date);
        Past = await db.CheckIns.AsNoTracking()
            .Where(c => c.UserId == me.Id && c.LocalDate < Date && c.EveningAt != null)
            .OrderByDescending(c => c.LocalDate).Take(PastShown).ToListAsync();
        Tracks = (await tracks.ListAsync(me.Id)).Where(t => t.ArchivedAt is null).ToList();
    }
}

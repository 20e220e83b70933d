using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sovereign.Web.Data;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Pages.Offline;
using Sovereign.Web.Time;

namespace Sovereign.Web.Pages.Habits;

/// <summary>A habit's history (GET /habits/{id}) and its actions: POST /habits/{id}/complete, undo, mark, archive, restore, delete.</summary>
public class DetailsModel(HabitService habits, CurrentUser me, AppDb db, TimeProvider clock) : PageModel
{
    public HabitHistory History { get; private set; } = null!;
    [TempData] public string? Problem { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (await habits.HistoryAsync(me.Id, await me.ClockAsync(), id) is not { } history) return NotFound();
        History = history;
        return Page();
    }

    /// <summary>"Done today", tapped now or sent later by a phone that had no signal (with the instant and a key: <see cref="TapReplay"/>).</summary>
    public async Task<IActionResult> OnPostCompleteAsync(Guid id, string? returnUrl)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (replay, problem) = await TapReplay.FromAsync(Request, now);
        if (problem is not null) return this.Refused(problem);
        HabitCard? card = null;
        try
        {
            var found = await TapReplay.WriteOnceAsync(replay, db, me.Id, now,
                async () => (card = await habits.CompleteAsync(me.Id, id, at: replay?.At)) is not null);
            card ??= found ? await habits.CardAsync(me.Id, await me.ClockAsync(), id) : null;
        }
        catch (DayOutsideWindowException e) { return this.Refused(e.Message); }
        return await this.CardOrBackAsync(habits, me, card, id, returnUrl);
    }

    public async Task<IActionResult> OnPostUndoAsync(Guid id, string? returnUrl) =>
        await this.CardOrBackAsync(habits, me, await habits.ClearAsync(User.Id(), id), id, returnUrl);

    /// <summary>The form (and no-JavaScript) way to backdate or clear a day: date and optional time in the body.</summary>
    public async Task<IActionResult> OnPostMarkAsync(Guid id, string? date, string? time, string? mark)
    {
        if (await habits.CardAsync(me.Id, await me.ClockAsync(), id) is null) return NotFound(); // somebody else's habit is a 404 whatever the input
        if (DateWindow.ParseDay(date) is not { } day) return BadMark(id, "Choose a date.");
        var at = HabitResponses.ParseTime(time);
        if (!string.IsNullOrEmpty(time) && at is null) return BadMark(id, "Enter the time like 18:30.");
        try
        {
            var card = mark == "clear" ? await habits.ClearAsync(User.Id(), id, day) : await habits.CompleteAsync(User.Id(), id, day, at);
            return await this.CardOrBackAsync(habits, me, card, id, returnUrl: null, day);
        }
        catch (DayOutsideWindowException e) { return BadMark(id, e.Message); }
    }

    public async Task<IActionResult> OnPostArchiveAsync(Guid id) =>
        await habits.SetActiveAsync(User.Id(), id, false) is null ? NotFound() : RedirectToPage("/Habits/Details", new { id });

    public async Task<IActionResult> OnPostRestoreAsync(Guid id) =>
        await habits.SetActiveAsync(User.Id(), id, true) is null ? NotFound() : RedirectToPage("/Habits/Details", new { id });

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, string? confirm)
    {
        if (await habits.CardAsync(me.Id, await me.ClockAsync(), id) is null) return NotFound();
        if (confirm != "delete") return BadMark(id, "Tick the box to confirm: deleting removes every day you've logged for this habit.");
        if (!await habits.DeleteAsync(User.Id(), id)) return NotFound();
        TempData["Status"] = "The habit and its history are deleted.";
        return RedirectToPage("/Habits/Index");
    }

    private IActionResult BadMark(Guid id, string problem)
    {
        if (Request.IsHtmx()) return this.Refused(problem);
        Problem = problem;
        return RedirectToPage("/Habits/Details", new { id });
    }
}

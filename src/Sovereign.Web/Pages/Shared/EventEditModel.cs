using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Tracks;
using Sovereign.Web.Time;

namespace Sovereign.Web.Pages.Shared;

/// <summary>
/// Editing and deleting one logged event (a relapse, an urge): found by id within the user's own rows (another's is a
/// 404), its form checked with its rules into ModelState, saved, then back to its list.
/// </summary>
public abstract class EventEditModel<TEvent, TInput>(AppDb db, TrackService tracks, CurrentUser me, TimeProvider time) : PageModel
    where TEvent : class, ITimedEvent
    where TInput : EventInput, new()
{
    [BindProperty] public TInput Input { get; set; } = new();

    /// <summary>The list the event is shown in (where a save or a deletion goes back to).</summary>
    protected abstract string ListPage { get; }
    protected abstract string DeletedMessage { get; }
    protected abstract TInput FormOf(TEvent logged, UserClock clock);
    protected abstract void Apply(TInput input, TEvent logged, Guid trackId, DateTime occurredAt);
    /// <summary>Rules of this kind's own fields beyond the time and the track.</summary>
    protected virtual void CheckMore(TInput input, Action<string, string> error) { }

    private IQueryable<TEvent> Mine(Guid id) => db.Set<TEvent>().Where(e => e.Id == id && e.UserId == me.Id);

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (await Mine(id).SingleOrDefaultAsync() is not { } logged) return NotFound();
        await FillAsync(logged);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (await Mine(id).SingleOrDefaultAsync() is not { } logged) return NotFound();
        void Error(string field, string message) => ModelState.AddModelError($"Input.{field}", message);
        Input.TrackChoices = await tracks.ListAsync(me.Id);
        var trackId = Input.ValidTrack(Error);
        var occurredAt = Input.Validate(await me.ClockAsync(), time.GetUtcNow().UtcDateTime.TruncateToMicroseconds(), Error);
        CheckMore(Input, Error);
        if (!ModelState.IsValid || occurredAt is null || trackId is null) return this.Invalid();
        Apply(Input, logged, trackId.Value, occurredAt.Value);
        await db.SaveChangesAsync();
        TempData["Status"] = "Saved.";
        return RedirectToPage(ListPage);
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, string? confirm)
    {
        if (await Mine(id).SingleOrDefaultAsync() is not { } logged) return NotFound();
        if (confirm != "delete")
        {
            ModelState.AddModelError("", "Tick the box to confirm the deletion.");
            await FillAsync(logged);
            return this.Invalid();
        }
        await Mine(id).ExecuteDeleteAsync();
        TempData["Status"] = DeletedMessage;
        return RedirectToPage(ListPage);
    }

    private async Task FillAsync(TEvent logged)
    {
        Input = FormOf(logged, await me.ClockAsync());
        Input.TrackChoices = await tracks.ListAsync(me.Id);
    }
}

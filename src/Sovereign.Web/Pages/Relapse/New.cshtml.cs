using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Pages.Tracks;

namespace Sovereign.Web.Pages.Relapse;

public class NewModel(RelapseService relapses, TrackService tracks, CurrentUser me) : PageModel
{
    [BindProperty] public RelapseInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid? track)
    {
        Input.TrackChoices = await tracks.ListAsync(me.Id);
        if (track is { } id && Input.TrackChoices.All(t => t.Id != id)) return NotFound();
        Input.Preselect(track);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var clock = await me.ClockAsync();
        void Error(string field, string message) => ModelState.AddModelError($"Input.{field}", message);
        Input.TrackChoices = await tracks.ListAsync(me.Id);
        var trackId = Input.ValidTrack(Error);
        var occurredAt = Input.Validate(clock, relapses.Now, Error);
        if (!ModelState.IsValid || occurredAt is null) return this.Invalid();

        var relapse = new Models.RelapseEvent { UserId = User.Id(), TrackId = trackId ?? await tracks.FirstTrackAsync(me.Id) };
        Input.ApplyTo(relapse, occurredAt.Value);
        if (!await relapses.CreateAsync(relapse))
        {
            ModelState.AddModelError("", Models.RelapseEvent.TooMany);
            return this.Invalid();
        }
        return RedirectToPage("/Relapse/After", new { id = relapse.Id });
    }
}

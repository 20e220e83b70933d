using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sovereign.Web.Data;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Tracks;

namespace Sovereign.Web.Pages.Urges;

/// <summary>Guided urge surfing: rate the urge, ride it out with the timer, rate it again; it logs itself as an urge that passed.</summary>
public class SurfModel(UrgeService urges, TrackService tracks, CurrentUser me) : PageModel
{
    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(5);

    [BindProperty] public UrgeInput Input { get; set; } = new() { IntensityAfter = 5 };

    public async Task<IActionResult> OnGetAsync(Guid? track)
    {
        Input.TrackChoices = await tracks.ListAsync(me.Id);
        if (track is { } id && Input.TrackChoices.All(t => t.Id != id)) return NotFound();
        Input.Preselect(track);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        void Error(string field, string message) => ModelState.AddModelError($"Input.{field}", message);
        Input.TrackChoices = await tracks.ListAsync(me.Id);
        var trackId = Input.ValidTrack(Error);
        var occurredAt = Input.Validate(await me.ClockAsync(), urges.Now, Error);
        Input.ValidHelped(Error);
        if (Input.IntensityAfter is null) Error(nameof(Input.IntensityAfter), "How strong is it now?");
        if (!ModelState.IsValid || occurredAt is null) return this.Invalid();

        Input.Helped.Add(SnakeCaseEnum<Coping>.Name(Coping.UrgeSurfing));
        var urge = new UrgeEvent { UserId = User.Id(), TrackId = trackId ?? await tracks.FirstTrackAsync(me.Id) };
        // The urge began when the surf did: now minus however long the timer ran is not known without JavaScript.
        Input.ApplyTo(urge, occurredAt.Value);
        if (!await urges.CreateAsync(urge))
        {
            ModelState.AddModelError("", UrgeEvent.TooMany);
            return this.Invalid();
        }
        TempData["Status"] = Input.IntensityAfter < Input.Intensity
            ? $"You rode it out: from {Input.Intensity} down to {Input.IntensityAfter}. Logged as an urge that passed."
            : "You stayed with it without acting on it. Logged as an urge that passed.";
        return RedirectToPage("/Urges/Index");
    }
}

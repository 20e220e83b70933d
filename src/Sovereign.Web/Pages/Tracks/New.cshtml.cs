using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Models;

namespace Sovereign.Web.Pages.Tracks;

public class NewModel(TrackService tracks, CurrentUser me) : PageModel
{
    [BindProperty] public TrackInput Input { get; set; } = new();

    /// <summary>The first step after the first sign-in: "What are you recovering from?", which may be skipped.</summary>
    [BindProperty(SupportsGet = true)] public bool Welcome { get; set; }

    public async Task OnGetAsync() => Input.Currency = await tracks.LastCurrencyAsync(me.Id);

    public async Task<IActionResult> OnPostAsync()
    {
        var track = new RecoveryTrack { UserId = me.Id, Name = "" };
        if (!ModelState.IsValid | !Input.TryApply(track, ModelState, await me.ClockAsync(), tracks.Now)) return this.Invalid();
        switch (await tracks.CreateAsync(track))
        {
            case TrackChange.NameTaken: ModelState.AddModelError("Input.Name", TrackService.NameTaken); return this.Invalid();
            case TrackChange.TooMany: ModelState.AddModelError("", TrackService.TooMany); return this.Invalid();
        }
        TempData["Status"] = $"\u201c{track.Name}\u201d is added. One day at a time.";
        return Welcome ? RedirectToPage("/Dashboard/Index") : RedirectToPage("/Tracks/Details", new { id = track.Id });
    }
}

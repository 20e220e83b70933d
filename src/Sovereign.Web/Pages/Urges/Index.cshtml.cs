using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Models;

using Sovereign.Web.Data;
using Sovereign.Web.Pages.Offline;
using Sovereign.Web.Pages.Tracks;

namespace Sovereign.Web.Pages.Urges;

/// <summary>/urges: log an urge that passed in seconds, and the list of them, newest first.</summary>
public class IndexModel(UrgeService urges, TrackService tracks, CurrentUser me, AppDb db) : PageModel
{
    [BindProperty] public UrgeInput Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? After { get; set; }
    /// <summary>The list shows this track's urges only, and the form opens on it.</summary>
    [BindProperty(SupportsGet = true)] public Guid? Track { get; set; }
    public UrgePage Urges { get; private set; } = new([], null, 0);

    public async Task<IActionResult> OnGetAsync()
    {
        (DateTime, Guid)? cursor;
        try { cursor = Keyset.Parse(After); }
        catch (FormatException) { return BadRequest(); }
        if (ModelState.TryGetValue(nameof(Track), out var track) && track.Errors.Count > 0) return BadRequest();
        Input.TrackChoices = await tracks.ListAsync(me.Id);
        if (Track is { } chosen && Input.TrackChoices.All(t => t.Id != chosen)) return NotFound(); // somebody else's track is one that does not exist
        Urges = await urges.PageAsync(User.Id(), await me.ClockAsync(), cursor, Track);
        if (Request.IsHtmx() && After is not null) return Partial("_UrgeList", Urges);
        Input.Preselect(Track);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var clock = await me.ClockAsync();
        void Error(string field, string message) => ModelState.AddModelError($"Input.{field}", message);
        Input.TrackChoices = await tracks.ListAsync(me.Id);
        var trackId = Input.ValidTrack(Error);
        var occurredAt = Input.Validate(clock, urges.Now, Error);
        Input.ValidHelped(Error);
        if (!ModelState.IsValid || occurredAt is null)
        {
            Urges = await urges.PageAsync(User.Id(), clock, null);
            return this.Invalid();
        }
        var urge = new UrgeEvent { UserId = User.Id(), TrackId = trackId ?? await tracks.FirstTrackAsync(me.Id) };
        Input.ApplyTo(urge, occurredAt.Value);
        if (!await urges.CreateAsync(urge))
        {
            ModelState.AddModelError("", UrgeEvent.TooMany);
            Urges = await urges.PageAsync(User.Id(), clock, null);
            return this.Invalid();
        }
        TempData["Status"] = "Logged — an urge that passed. That is a success.";
        return RedirectToPage("/Urges/Index");
    }

    /// <summary>
    /// "I rode one out": an urge that passed, in one tap (now, or when a phone with no signal kept the tap: <see cref="TapReplay"/>),
    /// for the track on screen or the first active one (the first at all when every one is archived), at the middle of
    /// the scale; how it was can be added after.
    /// </summary>
    public async Task<IActionResult> OnPostPassedAsync()
    {
        if (ModelState.TryGetValue(nameof(Track), out var badTrack) && badTrack.Errors.Count > 0) return BadRequest();
        var now = urges.Now;
        var (replay, problem) = await TapReplay.FromAsync(Request, now);
        if (problem is not null) return this.Refused(problem);
        var choices = await tracks.ListAsync(me.Id);
        var track = Track is { } chosen ? choices.FirstOrDefault(t => t.Id == chosen) : choices.FirstOrDefault(t => t.ArchivedAt is null) ?? choices.FirstOrDefault();
        if (Track is not null && track is null) return NotFound(); // somebody else's track is one that does not exist
        var urge = new UrgeEvent
        {
            UserId = me.Id, TrackId = track?.Id ?? await tracks.FirstTrackAsync(me.Id), OccurredAt = replay?.At ?? now,
            Intensity = UrgeInput.QuickIntensity, TriggerType = TriggerType.Other,
        };
        var written = false;
        if (!await TapReplay.WriteOnceAsync(replay, db, me.Id, now, async () => written = await urges.CreateAsync(urge))) return this.Refused(UrgeEvent.TooMany);
        var said = $"{(await me.ClockAsync()).Show(urge.OccurredAt)}{(choices.Count > 1 && track is not null ? ", " + track.Name : "")}";
        if (!Request.IsHtmx())
        {
            TempData["Status"] = $"Logged — an urge that passed ({said}). That is a success.";
            return RedirectToPage("/Urges/Index");
        }
        // The same tap sent again wrote nothing this time: no link to an urge this answer did not make.
        return Partial("_UrgePassed", (written ? urge.Id : (Guid?)null, said));
    }
}

using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sovereign.Web.Data;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Tracks;
using Sovereign.Web.Time;

namespace Sovereign.Web.Pages.Relapse;

/// <summary>The timeline: newest first, filtered, and "load more" pages over htmx (keyset, not OFFSET).</summary>
public class IndexModel(RelapseService relapses, TrackService tracks, CurrentUser me) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Trigger { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? After { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Track { get; set; }

    public IReadOnlyList<RecoveryTrack> Tracks { get; private set; } = [];
    public TimelinePage Timeline { get; private set; } = new([], null);
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var clock = await me.ClockAsync();
        Tracks = await tracks.ListAsync(me.Id);
        if (Track is { } chosen && Tracks.All(t => t.Id != chosen)) return NotFound(); // somebody else's track is one that does not exist
        var filter = ParseFilter(await me.TodayAsync());
        (DateTime, Guid)? cursor = null;
        try { cursor = Keyset.Parse(After); }
        catch (FormatException e) { Problem = e.Message; }
        if (Problem is not null) return this.Invalid(StatusCodes.Status400BadRequest);

        Timeline = await relapses.PageAsync(User.Id(), clock, filter!, cursor);
        if (Request.IsHtmx() && After is not null) return Partial("_TimelinePage", this);
        return Page();
    }

    /// <summary>The next page, with the same filters.</summary>
    public string? NextUrl(string cursor) => Url.Page("/Relapse/Index", new
    {
        track = Track, trigger = NullIfEmpty(Trigger), from = NullIfEmpty(From), to = NullIfEmpty(To), after = cursor,
    });

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private TimelineFilter? ParseFilter(DateOnly today)
    {
        TriggerType? trigger = null;
        if (!string.IsNullOrEmpty(Trigger))
        {
            if (SnakeCaseEnum<TriggerType>.TryParse(Trigger, out var t)) trigger = t;
            else Problem = "Choose a trigger from the list.";
        }
        DateOnly? Date(string? value, string name)
        {
            if (string.IsNullOrEmpty(value)) return null;
            if (DateWindow.ParseDay(value) is not { } d) Problem = $"Enter the {name} date like 2026-03-14.";
            else if (!DateWindow.Contains(d, today)) Problem = DateWindow.Problem(today);
            else return d;
            return null;
        }
        var from = Date(From, "first");
        var to = Date(To, "last");
        if (from > to) Problem = "The first date comes after the last.";
        if (ModelState.TryGetValue(nameof(Track), out var track) && track.Errors.Count > 0) Problem = "Choose a recovery track from the list.";
        return new TimelineFilter(trigger, from, to, Track);
    }
}

using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sovereign.Web.Infrastructure;

namespace Sovereign.Web.Pages.Habits;

/// <summary>Habit cards rendered by one partial: in a grid (dashboard, habits page) or one alone (htmx answers, history page).</summary>
/// <param name="Oob">An htmx answer: the card replaces the one with its id wherever it is on the page (hx-swap-oob).</param>
public sealed record HabitCards(IReadOnlyList<HabitCard> Cards, bool InGrid = false, bool Oob = false);

/// <summary>How every habit action answers: htmx gets the card, out of band (and, on the history page, its updated day and strength); a form post goes back.</summary>
public static class HabitResponses
{
    public static async Task<IActionResult> CardOrBackAsync(this PageModel page, HabitService habits, CurrentUser me, HabitCard? card, Guid id, string? returnUrl, DateOnly? day = null)
    {
        if (card is null) return page.NotFound();
        if (!page.Request.IsHtmx()) return new RedirectResult(page.LocalOr(returnUrl, "/Habits/Details", new { id }));
        var onHistory = page.Request.Headers["HX-Current-URL"].FirstOrDefault() is { } current
            && Uri.TryCreate(current, UriKind.Absolute, out var uri) && uri.AbsolutePath.TrimEnd('/') == page.Url.Page("/Habits/Details", new { id });
        if (!onHistory) return page.Partial("_HabitCards", new HabitCards([card], Oob: true));
        var history = (await habits.HistoryAsync(me.Id, await me.ClockAsync(), id))!;
        return page.Partial("_HabitCardWithHistory", (history, day));
    }

    /// <summary>A time of day as a time input sends it (18:30 or 18:30:15), or null.</summary>
    public static TimeOnly? ParseTime(string? time) =>
        TimeOnly.TryParseExact(time, ["HH:mm", "HH:mm:ss"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var at) ? at : null;
}

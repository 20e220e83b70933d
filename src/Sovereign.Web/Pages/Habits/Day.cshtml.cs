using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Time;

namespace Sovereign.Web.Pages.Habits;

/// <summary>POST /habits/{id}/days/{yyyy-MM-dd}/complete | clear | skip | unskip: one local day (skips take its whole period).</summary>
public class DayModel(HabitService habits, CurrentUser me) : PageModel
{
    public IActionResult OnGet() => NotFound();

    public Task<IActionResult> OnPostCompleteAsync(Guid id, string date, string? time, string? returnUrl) =>
        ActAsync(id, date, returnUrl, day => habits.CompleteAsync(User.Id(), id, day, HabitResponses.ParseTime(time)));

    public Task<IActionResult> OnPostClearAsync(Guid id, string date, string? returnUrl) =>
        ActAsync(id, date, returnUrl, day => habits.ClearAsync(User.Id(), id, day));

    public Task<IActionResult> OnPostSkipAsync(Guid id, string date, string? returnUrl) =>
        ActAsync(id, date, returnUrl, day => habits.SkipAsync(User.Id(), id, day, skip: true));

    public Task<IActionResult> OnPostUnskipAsync(Guid id, string date, string? returnUrl) =>
        ActAsync(id, date, returnUrl, day => habits.SkipAsync(User.Id(), id, day, skip: false));

    private async Task<IActionResult> ActAsync(Guid id, string date, string? returnUrl, Func<DateOnly, Task<HabitCard?>> act)
    {
        if (DateWindow.ParseDay(date) is not { } day) return this.Refused("That is not a date.");
        try
        {
            return await this.CardOrBackAsync(habits, me, await act(day), id, returnUrl, day);
        }
        catch (DayOutsideWindowException e)
        {
            return this.Refused(e.Message);
        }
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Services;

namespace Sovereign.Web.Pages.Urges;

public class EditModel(UrgeService urges, HabitService habits) : PageModel
{
    [BindProperty] public UrgeInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (await urges.FindAsync(User.Id(), id) is not { } urge) return NotFound();
        Input = UrgeInput.From(urge, await habits.ClockOfAsync(User.Id()));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (await urges.FindAsync(User.Id(), id) is not { } urge) return NotFound();
        void Error(string field, string message) => ModelState.AddModelError($"Input.{field}", message);
        var occurredAt = Input.Validate(await habits.ClockOfAsync(User.Id()), urges.Now, Error);
        Input.ValidHelped(Error);
        if (!ModelState.IsValid || occurredAt is null) return this.Invalid();
        Input.ApplyTo(urge, occurredAt.Value);
        await urges.SaveAsync();
        TempData["Status"] = "Saved.";
        return Redirect("/urges");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, string? confirm)
    {
        if (await urges.FindAsync(User.Id(), id) is not { } urge) return NotFound();
        if (confirm != "delete")
        {
            ModelState.AddModelError("", "Tick the box to confirm the deletion.");
            Input = UrgeInput.From(urge, await habits.ClockOfAsync(User.Id()));
            return this.Invalid();
        }
        await urges.DeleteAsync(User.Id(), id);
        TempData["Status"] = "Deleted.";
        return Redirect("/urges");
    }
}

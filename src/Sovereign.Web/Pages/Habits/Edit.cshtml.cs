using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Infrastructure;

namespace Sovereign.Web.Pages.Habits;

public class EditModel(HabitService habits, CurrentUser me, AppDb db) : PageModel
{
    [BindProperty] public HabitInput Input { get; set; } = new();
    public HabitCard Card { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (await habits.CardAsync(me.Id, await me.ClockAsync(), id) is not { } card) return NotFound();
        Card = card;
        var description = await db.Habits.Where(h => h.Id == id).Select(h => h.Description).SingleAsync();
        Input = HabitInput.From(card, description);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (await habits.CardAsync(me.Id, await me.ClockAsync(), id) is not { } card) return NotFound();
        Card = card;
        if (!ModelState.IsValid) return this.Invalid();
        var (name, description, target) = Input.Clean();
        await habits.UpdateAsync(User.Id(), id, name, description, Input.Frequency, target);
        TempData["Status"] = "Saved.";
        return RedirectToPage("/Habits/Details", new { id });
    }
}

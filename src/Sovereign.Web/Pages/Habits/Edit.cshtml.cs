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
        var stored = await db.Habits.Where(h => h.Id == id).Select(h => new { h.Description, h.RemindAt }).SingleAsync();
        Input = HabitInput.From(card, stored.Description, stored.RemindAt);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (await habits.CardAsync(me.Id, await me.ClockAsync(), id) is not { } card) return NotFound();
        Card = card;
        if (!ModelState.IsValid) return this.Invalid();
        var (name, description, target, remindAt) = Input.Clean();
        await habits.UpdateAsync(User.Id(), id, name, description, Input.Frequency, target, remindAt);
        TempData["Status"] = "Saved.";
        return RedirectToPage("/Habits/Details", new { id });
    }
}

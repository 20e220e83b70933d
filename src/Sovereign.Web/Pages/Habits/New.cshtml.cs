using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sovereign.Web.Infrastructure;

namespace Sovereign.Web.Pages.Habits;

public class NewModel(HabitService habits) : PageModel
{
    [BindProperty] public HabitInput Input { get; set; } = new();

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return this.Invalid();
        var (name, description, target, remindAt) = Input.Clean();
        if (await habits.CreateAsync(User.Id(), name, description, Input.Frequency, target, remindAt) is null)
        {
            ModelState.AddModelError("", Models.Habit.TooMany);
            return this.Invalid();
        }
        TempData["Status"] = $"\u201c{name}\u201d is added. One day at a time.";
        return RedirectToPage("/Habits/Index");
    }
}

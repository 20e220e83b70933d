using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Services;

namespace Sovereign.Web.Pages.Dashboard;

public class IndexModel(HabitService habits) : PageModel
{
    /// <summary>Set once by registration, read once here (TempData is an encrypted cookie, deleted after reading).</summary>
    [TempData] public string? RecoveryCode { get; set; }

    public IReadOnlyList<HabitCard> Habits { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Habits = await habits.CardsAsync(User.Id(), await habits.ClockOfAsync(User.Id()));
    }
}

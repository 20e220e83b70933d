using Microsoft.AspNetCore.Mvc.RazorPages;
using Sovereign.Web.Infrastructure;

namespace Sovereign.Web.Pages.Habits;

public class IndexModel(HabitService habits, CurrentUser me) : PageModel
{
    public IReadOnlyList<HabitCard> Active { get; private set; } = [];
    public IReadOnlyList<HabitCard> Archived { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var all = await habits.CardsAsync(me.Id, await me.ClockAsync(), active: null);
        Active = all.Where(h => h.IsActive).ToList();
        Archived = all.Where(h => !h.IsActive).ToList();
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Services;

namespace Sovereign.Web.Pages.Relapse;

public class NewModel(RelapseService relapses, CurrentUser me) : PageModel
{
    [BindProperty] public RelapseInput Input { get; set; } = new();

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var clock = await me.ClockAsync();
        var occurredAt = Input.Validate(clock, relapses.Now, (field, message) => ModelState.AddModelError($"Input.{field}", message));
        if (!ModelState.IsValid || occurredAt is null) return this.Invalid();

        var relapse = new Models.RelapseEvent { UserId = User.Id() };
        Input.ApplyTo(relapse, occurredAt.Value);
        if (!await relapses.CreateAsync(relapse))
        {
            ModelState.AddModelError("", Models.RelapseEvent.TooMany);
            return this.Invalid();
        }
        TempData["LoggedRelapse"] = relapse.Id;
        return RedirectToPage("/Dashboard/Index");
    }
}

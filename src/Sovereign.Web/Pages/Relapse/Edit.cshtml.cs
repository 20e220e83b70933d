using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Services;

namespace Sovereign.Web.Pages.Relapse;

/// <summary>GET/POST /relapse/{id}/edit, POST /relapse/{id}/edit?handler=delete, POST /relapse/{id}/edit?handler=undo.</summary>
public class EditModel(RelapseService relapses, HabitService habits) : PageModel
{
    [BindProperty] public RelapseInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (await relapses.FindAsync(User.Id(), id) is not { } relapse) return NotFound();
        Input = RelapseInput.From(relapse, await habits.ClockOfAsync(User.Id()));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (await relapses.FindAsync(User.Id(), id) is not { } relapse) return NotFound();
        var clock = await habits.ClockOfAsync(User.Id());
        var occurredAt = Input.Validate(clock, relapses.Now, (field, message) => ModelState.AddModelError($"Input.{field}", message));
        if (!ModelState.IsValid || occurredAt is null) return this.Invalid();
        Input.ApplyTo(relapse, occurredAt.Value);
        await relapses.SaveAsync();
        TempData["Status"] = "Saved.";
        return Redirect("/relapse");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, string? confirm)
    {
        if (await relapses.FindAsync(User.Id(), id) is null) return NotFound();
        if (confirm != "delete")
        {
            ModelState.AddModelError("", "Tick the box to confirm the deletion.");
            Input = RelapseInput.From((await relapses.FindAsync(User.Id(), id))!, await habits.ClockOfAsync(User.Id()));
            return this.Invalid();
        }
        await relapses.DeleteAsync(User.Id(), id);
        TempData["Status"] = "The event is deleted.";
        return Redirect("/relapse");
    }

    /// <summary>The undo offered right after logging: no confirmation, only for a few minutes.</summary>
    public async Task<IActionResult> OnPostUndoAsync(Guid id)
    {
        if (!await relapses.UndoAsync(User.Id(), id)) return NotFound();
        if (Request.IsHtmx())
            return Content("<div class=\"toast show text-bg-secondary border-0\" role=\"status\"><div class=\"toast-body\">Removed. Nothing was kept.</div></div>", "text/html");
        TempData["Status"] = "Removed. Nothing was kept.";
        return Redirect("/dashboard");
    }
}

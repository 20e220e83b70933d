using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Tracks;

namespace Sovereign.Web.Pages.Plan;

/// <summary>
/// My plan (/plan): if–then plans per trigger, people to call, the reasons from the tracks, and where to start from the
/// user's own history. Nothing is saved without a tap: a suggestion is a filled-in form.
/// </summary>
public class IndexModel(PlanService plans, TrackService tracks, CurrentUser me, AppDb db) : PageModel
{
    public RiskPlan Plan { get; private set; } = new([], []);
    public IReadOnlyList<PlanSuggestion> Suggestions { get; private set; } = [];
    public IReadOnlyList<RecoveryTrack> Reasons { get; private set; } = [];
    [BindProperty(SupportsGet = true, Name = "trigger")] public string? ChosenTrigger { get; set; }
    public StepInput Step { get; private set; } = new();
    public PersonInput Person { get; private set; } = new();

    /// <param name="from">A relapse of the user's whose notes start the new plan (asked for on the page after logging it).</param>
    public async Task<IActionResult> OnGetAsync(Guid? from)
    {
        Step.Trigger = SnakeCaseEnum<TriggerType>.TryParse(ChosenTrigger, out _) ? ChosenTrigger : null;
        if (from is { } relapseId)
        {
            var relapse = await db.RelapseEvents.Where(r => r.Id == relapseId && r.UserId == me.Id).Select(r => new { r.TriggerType, r.Notes }).SingleOrDefaultAsync();
            if (relapse is null) return NotFound();
            Step.Trigger = SnakeCaseEnum<TriggerType>.Name(relapse.TriggerType);
            Step.Text = relapse.Notes is { } notes ? $"{PlanService.When(relapse.TriggerType)} ({notes.Trim()[..Math.Min(notes.Trim().Length, 300)]}), then I will " : null;
        }
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAddStepAsync([Bind(Prefix = "Step")] StepInput? step)
    {
        // The binder gives no object at all for some unreadable bodies (a NUL in every field): that is a form to fill in again.
        if (step is null) ModelState.AddModelError("", "Choose what the plan is for and write what you will do.");
        Step = step ?? new();
        if (step is null || !ModelState.IsValid) return await InvalidAsync();
        if (!await plans.AddStepAsync(me.Id, step.TriggerType, step.Text!.Trim()))
        {
            ModelState.AddModelError("", $"A plan holds up to {PlanStep.MaxPerUser} steps. Delete one you no longer need first.");
            return await InvalidAsync();
        }
        TempData["Status"] = "Saved to your plan.";
        return RedirectToPage("/Plan/Index", null, null, $"plan-{SnakeCaseEnum<TriggerType>.Name(step.TriggerType)}");
    }

    public async Task<IActionResult> OnPostDeleteStepAsync(Guid id) =>
        await plans.DeleteStepAsync(me.Id, id) ? RedirectToPage("/Plan/Index") : NotFound();

    public async Task<IActionResult> OnPostAddPersonAsync([Bind(Prefix = "Person")] PersonInput? person)
    {
        if (person is null) ModelState.AddModelError("", "Enter a name and a phone number.");
        Person = person ?? new();
        if (person is null || !ModelState.IsValid) return await InvalidAsync();
        if (!await plans.AddPersonAsync(me.Id, person.Name!.Trim(), person.Phone!.Trim(), string.IsNullOrWhiteSpace(person.Note) ? null : person.Note.Trim()))
        {
            ModelState.AddModelError("", $"Your list holds up to {SupportPerson.MaxPerUser} people. Remove one first.");
            return await InvalidAsync();
        }
        TempData["Status"] = $"{person.Name!.Trim()} is on your list.";
        return RedirectToPage("/Plan/Index", null, null, "people");
    }

    public async Task<IActionResult> OnPostDeletePersonAsync(Guid id) =>
        await plans.DeletePersonAsync(me.Id, id) ? RedirectToPage("/Plan/Index", null, null, "people") : NotFound();

    private async Task<IActionResult> InvalidAsync()
    {
        await LoadAsync();
        return this.Invalid();
    }

    private async Task LoadAsync()
    {
        Plan = await plans.GetAsync(me.Id);
        var planned = Plan.Steps.Select(s => s.TriggerType).ToHashSet();
        Suggestions = (await plans.SuggestionsAsync(me.Id)).Where(s => !planned.Contains(s.Trigger)).ToList();
        Reasons = await tracks.WithReasonsAsync(me.Id);
    }
}

using System.ComponentModel.DataAnnotations;
using Sovereign.Web.Data;
using Sovereign.Web.Models;

namespace Sovereign.Web.Pages.Plan;

/// <summary>One if–then plan: which trigger it is for, and what the user will do.</summary>
public sealed class StepInput : IValidatableObject
{
    public string? Trigger { get; set; }

    [Required(ErrorMessage = "Write what you will do.")]
    [StringLength(PlanStep.MaxTextLength, ErrorMessage = "Keep a plan to 500 characters.")]
    public string? Text { get; set; }

    public TriggerType TriggerType => SnakeCaseEnum<TriggerType>.TryParse(Trigger, out var t) ? t : default;

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (!SnakeCaseEnum<TriggerType>.TryParse(Trigger, out _)) yield return new("Choose what the plan is for.", [nameof(Trigger)]);
    }
}

/// <summary>Someone to call.</summary>
public sealed class PersonInput : IValidatableObject
{
    [Required(ErrorMessage = "Enter a name.")]
    [StringLength(SupportPerson.MaxNameLength, ErrorMessage = "A name can be up to 100 characters.")]
    public string? Name { get; set; }

    [Required(ErrorMessage = "Enter a phone number.")]
    [StringLength(SupportPerson.MaxPhoneLength, ErrorMessage = "A phone number can be up to 40 characters.")]
    public string? Phone { get; set; }

    [StringLength(SupportPerson.MaxNoteLength, ErrorMessage = "A note can be up to 500 characters.")]
    public string? Note { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (Phone is { Length: > 0 } phone && !SupportPerson.IsPhone(phone))
            yield return new("Enter a phone number with 3 to 20 digits, like +44 20 7946 0000.", [nameof(Phone)]);
    }
}

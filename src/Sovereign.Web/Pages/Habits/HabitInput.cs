using System.ComponentModel.DataAnnotations;
using Sovereign.Web.Models;

namespace Sovereign.Web.Pages.Habits;

/// <summary>The habit form, shared by "new" and "edit".</summary>
public sealed class HabitInput : IValidatableObject
{
    [Required(ErrorMessage = "Give the habit a name."), StringLength(Habit.MaxNameLength, ErrorMessage = "Use at most 100 characters.")]
    public string? Name { get; set; }

    [StringLength(Habit.MaxDescriptionLength, ErrorMessage = "Use at most 2,000 characters.")]
    public string? Description { get; set; }

    public HabitFrequency Frequency { get; set; } = HabitFrequency.Daily;

    public static readonly (string Value, string Text)[] FrequencyChoices =
        [(nameof(HabitFrequency.Daily), "Every day"), (nameof(HabitFrequency.Weekly), "Some days each week"), (nameof(HabitFrequency.Monthly), "Some days each month")];

    [Range(1, 28, ErrorMessage = "Choose 1 to 28 days."), Display(Name = "Days per period")]
    public int TargetPerPeriod { get; set; } = 1;

    [StringLength(8, ErrorMessage = Reminders.ReminderTimes.Problem), Display(Name = "Remind me at (optional)")]
    public string? RemindAt { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (!Reminders.ReminderTimes.TryParse(RemindAt, out _)) yield return new(Reminders.ReminderTimes.Problem, [nameof(RemindAt)]);
        if (!Enum.IsDefined(Frequency)) yield return new("Choose daily, weekly or monthly.", [nameof(Frequency)]);
        else if (TargetPerPeriod > Periods.MaxTarget(Frequency))
            yield return new(Frequency == HabitFrequency.Daily ? "A daily habit is done once a day." : $"A week has 7 days: choose 1 to 7.", [nameof(TargetPerPeriod)]);
    }

    /// <summary>Trimmed name; a daily habit's target is always 1.</summary>
    public (string Name, string? Description, int Target, TimeOnly? RemindAt) Clean() =>
        (Name!.Trim(), string.IsNullOrWhiteSpace(Description) ? null : Description.Trim(), Frequency == HabitFrequency.Daily ? 1 : TargetPerPeriod,
            Reminders.ReminderTimes.TryParse(RemindAt, out var at) ? at : null);

    public static HabitInput From(HabitCard card, string? description, TimeOnly? remindAt) => new()
    {
        Name = card.Name, Description = description, Frequency = card.Frequency, TargetPerPeriod = card.Target, RemindAt = Reminders.ReminderTimes.Show(remindAt),
    };
}

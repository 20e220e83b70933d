using System.ComponentModel.DataAnnotations;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Habits;

namespace Sovereign.Web.Pages.Shares;

/// <summary>What a link shows, as the form's checkboxes send it.</summary>
public class ScopeInput : IValidatableObject
{
    public List<Guid> Tracks { get; set; } = [];
    public List<Guid> Habits { get; set; } = [];
    public bool CheckIn { get; set; }
    public bool RelapseDates { get; set; }

    public ShareScope Scope => new(Tracks.ToHashSet(), Habits.ToHashSet(), CheckIn, RelapseDates);

    public static ScopeInput From(ShareLink link) => new()
    {
        Tracks = link.Tracks.Select(t => t.TrackId).ToList(), Habits = link.Habits.Select(h => h.HabitId).ToList(),
        CheckIn = link.ShowCheckIn, RelapseDates = link.ShowRelapseDates,
    };

    public virtual IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (Tracks.Count > RecoveryTrack.MaxPerUser) yield return new("Choose fewer tracks.", [nameof(Tracks)]);
        if (Habits.Count > Habit.MaxPerUser) yield return new("Choose fewer habits.", [nameof(Tracks)]);
        if (Tracks.Count == 0 && Habits.Count == 0 && !CheckIn) yield return new("Tick at least one thing for the page to show.", [nameof(Tracks)]);
        if (RelapseDates && Tracks.Count == 0) yield return new("Relapse dates show for the tracks you tick: tick a track too, or untick relapse dates.", [nameof(RelapseDates)]);
    }
}

/// <summary>A new link: who it is for, the name they see, what it shows and for how long.</summary>
public sealed class ShareInput : ScopeInput
{
    [Required(ErrorMessage = "Say who the link is for, like \"Sam, my sponsor\".")]
    [StringLength(ShareLink.MaxLabelLength, ErrorMessage = "Keep the label to 100 characters.")]
    public string? Label { get; set; }

    [Required(ErrorMessage = "Enter the name they know you by.")]
    [StringLength(ShareLink.MaxDisplayNameLength, ErrorMessage = "Keep the name to 60 characters.")]
    public string? DisplayName { get; set; }

    [StringLength(ShareLink.MaxContactPhoneLength, ErrorMessage = "Keep the number to 40 characters.")]
    [Display(Name = "A number they can call you on (optional)")]
    public string? ContactPhone { get; set; }

    /// <summary>"7", "30", "90" or "never".</summary>
    [Required(ErrorMessage = "Choose how long the link works.")]
    [RegularExpression("^(7|30|90|never)$", ErrorMessage = "Choose 7, 30 or 90 days, or never.")]
    public string? Expiry { get; set; } = "30";

    public int? ExpiresInDays => int.TryParse(Expiry, out var days) ? days : null;

    public string? Phone => string.IsNullOrWhiteSpace(ContactPhone) ? null : ContactPhone.Trim();

    public override IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        foreach (var result in base.Validate(context)) yield return result;
        if (Phone is { } phone && !SupportPerson.IsPhone(phone))
            yield return new("Enter a phone number like +44 7700 900123, or leave it empty.", [nameof(ContactPhone)]);
    }
}

/// <summary>The scope checkboxes' model: the form field prefix, an id prefix unique on the page, the values, the user's tracks and habits.</summary>
public sealed record ScopeFields(string Prefix, string IdPrefix, ScopeInput Input, IReadOnlyList<RecoveryTrack> Tracks, IReadOnlyList<HabitName> Habits,
    bool ShowErrors = true);

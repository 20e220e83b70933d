using System.ComponentModel.DataAnnotations;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Shared;
using Sovereign.Web.Time;

namespace Sovereign.Web.Pages.Urges;

/// <summary>The urge form: logged in seconds (only the trigger is required), or by the urge-surfing timer.</summary>
public sealed class UrgeInput : EventInput
{
    /// <summary>Where the scale starts, and what a one-tap "I rode one out" records.</summary>
    public const int QuickIntensity = 5;

    [Range(0, UrgeEvent.MaxIntensity, ErrorMessage = "Choose an intensity from 0 to 10.")]
    public int Intensity { get; set; } = QuickIntensity;

    [Range(0, UrgeEvent.MaxIntensity, ErrorMessage = "Choose an intensity from 0 to 10."), Display(Name = "And now?")]
    public int? IntensityAfter { get; set; }

    public List<string> Helped { get; set; } = [];

    [StringLength(UrgeEvent.MaxNotesLength, ErrorMessage = "Notes can be up to 2,000 characters.")]
    public string? Notes { get; set; }

    public bool ValidHelped(Action<string, string> errors)
    {
        if (Helped.All(h => SnakeCaseEnum<Coping>.TryParse(h, out _))) return true;
        errors(nameof(Helped), "Choose from the listed ways.");
        return false;
    }

    public void ApplyTo(UrgeEvent urge, DateTime occurredAt)
    {
        urge.OccurredAt = occurredAt;
        urge.TriggerType = TriggerType;
        urge.Intensity = Intensity;
        urge.IntensityAfter = IntensityAfter;
        urge.HelpedWith = Copings.Join(Helped.Select(SnakeCaseEnum<Coping>.Parse));
        urge.Notes = string.IsNullOrWhiteSpace(Notes) ? null : Notes;
        (urge.Hungry, urge.Angry, urge.Lonely, urge.Tired) = (Hungry, Angry, Lonely, Tired);
    }

    public static UrgeInput From(UrgeEvent urge, UserClock clock) => new()
    {
        OccurredAt = Local(urge.OccurredAt, clock), Track = urge.TrackId, Trigger = SnakeCaseEnum<TriggerType>.Name(urge.TriggerType),
        Intensity = urge.Intensity, IntensityAfter = urge.IntensityAfter, Notes = urge.Notes,
        Helped = Copings.Parse(urge.HelpedWith).Select(SnakeCaseEnum<Coping>.Name).ToList(),
        Hungry = urge.Hungry, Angry = urge.Angry, Lonely = urge.Lonely, Tired = urge.Tired,
    };
}

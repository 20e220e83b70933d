using System.ComponentModel.DataAnnotations;
using Sovereign.Web.Data;
using Sovereign.Web.Models;

using Sovereign.Web.Pages.Shared;
using Sovereign.Web.Time;

namespace Sovereign.Web.Pages.Relapse;

/// <summary>The relapse form, shared by "log" and "edit".</summary>
public sealed class RelapseInput : EventInput
{
    [Range(RelapseEvent.MinSeverity, RelapseEvent.MaxSeverity, ErrorMessage = "Choose a severity from 1 to 10.")]
    public int Severity { get; set; } = 5;

    [StringLength(RelapseEvent.MaxNotesLength, ErrorMessage = "Notes can be up to 5,000 characters.")]
    public string? Notes { get; set; }

    public void ApplyTo(RelapseEvent relapse, DateTime occurredAt)
    {
        relapse.OccurredAt = occurredAt;
        relapse.TriggerType = TriggerType;
        relapse.Severity = Severity;
        relapse.Notes = string.IsNullOrWhiteSpace(Notes) ? null : Notes;
        (relapse.Hungry, relapse.Angry, relapse.Lonely, relapse.Tired) = (Hungry, Angry, Lonely, Tired);
    }

    public static RelapseInput From(RelapseEvent relapse, UserClock clock) => new()
    {
        OccurredAt = Local(relapse.OccurredAt, clock), Track = relapse.TrackId, Trigger = SnakeCaseEnum<TriggerType>.Name(relapse.TriggerType),
        Severity = relapse.Severity, Notes = relapse.Notes,
        Hungry = relapse.Hungry, Angry = relapse.Angry, Lonely = relapse.Lonely, Tired = relapse.Tired,
    };
}

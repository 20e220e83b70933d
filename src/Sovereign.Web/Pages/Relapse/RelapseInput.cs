using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Services;

namespace Sovereign.Web.Pages.Relapse;

/// <summary>The relapse form, shared by "log" and "edit". Times are the user's local time, to the millisecond.</summary>
public sealed class RelapseInput
{
    public static readonly string[] TimeFormats =
        ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFF"];

    [Display(Name = "When")]
    public string? OccurredAt { get; set; }

    [Required(ErrorMessage = "Choose what was going on.")]
    public string? Trigger { get; set; }

    [Range(RelapseEvent.MinSeverity, RelapseEvent.MaxSeverity, ErrorMessage = "Choose a severity from 1 to 10.")]
    public int Severity { get; set; } = 5;

    [StringLength(RelapseEvent.MaxNotesLength, ErrorMessage = "Notes can be up to 5,000 characters.")]
    public string? Notes { get; set; }

    public bool Hungry { get; set; }
    public bool Angry { get; set; }
    public bool Lonely { get; set; }
    public bool Tired { get; set; }

    /// <summary>Checks the fields that need the user's clock; adds messages to <paramref name="errors"/> and returns the instant.</summary>
    public DateTime? Validate(UserClock clock, DateTime now, Action<string, string> errors)
    {
        if (!Data.SnakeCaseEnum<TriggerType>.TryParse(Trigger, out _) && Trigger is not null)
            errors(nameof(Trigger), "Choose one of the listed situations.");
        if (string.IsNullOrWhiteSpace(OccurredAt)) return now;
        if (!DateTime.TryParseExact(OccurredAt, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            errors(nameof(OccurredAt), "Enter the date and time like 2026-03-14T21:30.");
            return null;
        }
        var utc = clock.ToUtc(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local)).TruncateToMicroseconds();
        if (utc > now)
        {
            errors(nameof(OccurredAt), "That time is still in the future.");
            return null;
        }
        return utc;
    }

    public void ApplyTo(RelapseEvent relapse, DateTime occurredAt)
    {
        relapse.OccurredAt = occurredAt;
        relapse.TriggerType = Data.SnakeCaseEnum<TriggerType>.Parse(Trigger!);
        relapse.Severity = Severity;
        relapse.Notes = string.IsNullOrWhiteSpace(Notes) ? null : Notes;
        (relapse.Hungry, relapse.Angry, relapse.Lonely, relapse.Tired) = (Hungry, Angry, Lonely, Tired);
    }

    public static RelapseInput From(RelapseEvent relapse, UserClock clock) => new()
    {
        OccurredAt = NodaTime.Instant.FromDateTimeUtc(relapse.OccurredAt).InZone(clock.Zone).ToDateTimeUnspecified().ToString("yyyy-MM-ddTHH:mm:ss.FFFFFF", CultureInfo.InvariantCulture),
        Trigger = Data.SnakeCaseEnum<TriggerType>.Name(relapse.TriggerType),
        Severity = relapse.Severity, Notes = relapse.Notes,
        Hungry = relapse.Hungry, Angry = relapse.Angry, Lonely = relapse.Lonely, Tired = relapse.Tired,
    };
}

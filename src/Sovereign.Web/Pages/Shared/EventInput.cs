using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Tracks;
using Sovereign.Web.Time;

namespace Sovereign.Web.Pages.Shared;

/// <summary>What a relapse and an urge form share: when (local time, to the microsecond), what was going on, HALT.</summary>
public abstract class EventInput
{
    public static readonly string[] TimeFormats =
        ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFF"];

    /// <summary>"now" (or nothing), "earlier" (today, at <see cref="TimeToday"/>) or "pick" (<see cref="OccurredAt"/>).</summary>
    public string? When { get; set; }

    /// <summary>A time earlier today, HH:mm, on the user's wall clock.</summary>
    [StringLength(8)]
    public string? TimeToday { get; set; }

    /// <summary>A picked local date and time. Sent alone (without <see cref="When"/>), it is the time too.</summary>
    [Display(Name = "When")]
    public string? OccurredAt { get; set; }

    /// <summary>The recovery track it belongs to.</summary>
    public Guid? Track { get; set; }

    /// <summary>The user's tracks, for the form and for checking <see cref="Track"/> (filled by the page, never bound).</summary>
    [BindNever, ValidateNever] public IReadOnlyList<RecoveryTrack> TrackChoices { get; set; } = [];

    [ValidateNever] public IEnumerable<(string Value, string Text)> TrackOptions =>
        TrackChoices.Select(t => (t.Id.ToString(), t.ArchivedAt is null ? t.Name : t.Name + " (archived)"));

    [Required(ErrorMessage = "Choose what was going on.")]
    public string? Trigger { get; set; }

    public bool Hungry { get; set; }
    public bool Angry { get; set; }
    public bool Lonely { get; set; }
    public bool Tired { get; set; }

    /// <summary>The track the form opens with: the one asked for (from a track's page), else the only active one.</summary>
    public void Preselect(Guid? requested)
    {
        var active = TrackChoices.Where(t => t.ArchivedAt is null).ToList();
        Track ??= TrackChoices.Any(t => t.Id == requested) ? requested : active.Count == 1 ? active[0].Id : null;
    }

    /// <summary>
    /// The chosen track if it is the user's, else the only active one. Null with no message means the user has no track
    /// yet: the event then starts their first one (<see cref="TrackService.FirstTrackAsync"/>), as accounts from before tracks had.
    /// </summary>
    public Guid? ValidTrack(Action<string, string> errors)
    {
        if (Track is { } chosen)
        {
            if (TrackChoices.Any(t => t.Id == chosen)) return chosen;
            errors(nameof(Track), "Choose one of your recovery tracks.");
            return null;
        }
        var active = TrackChoices.Where(t => t.ArchivedAt is null).ToList();
        if (active.Count == 1) return active[0].Id;
        if (TrackChoices.Count > 0) errors(nameof(Track), "Choose which recovery this is about.");
        return null;
    }

    /// <summary>Checks the fields that need the user's clock; adds messages to <paramref name="errors"/> and returns the instant.</summary>
    public DateTime? Validate(UserClock clock, DateTime now, Action<string, string> errors)
    {
        if (!SnakeCaseEnum<TriggerType>.TryParse(Trigger, out _) && Trigger is not null)
            errors(nameof(Trigger), "Choose one of the listed situations.");
        DateTime local;
        switch (When ?? (string.IsNullOrWhiteSpace(OccurredAt) ? "now" : "pick"))
        {
            case "now":
                return now;
            case "earlier":
                if (!TimeOnly.TryParseExact(TimeToday, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
                {
                    errors(nameof(TimeToday), "Enter the time earlier today, like 21:30.");
                    return null;
                }
                var wallClock = NodaTime.Instant.FromDateTimeUtc(now).InZone(clock.Zone).LocalDateTime;
                if (time > wallClock.TimeOfDay.ToTimeOnly())
                {
                    errors(nameof(TimeToday), "That is later than now. For yesterday, pick a time instead.");
                    return null;
                }
                local = wallClock.Date.ToDateOnly().ToDateTime(time);
                break;
            case "pick":
                if (!DateTime.TryParseExact(OccurredAt, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out local))
                {
                    errors(nameof(OccurredAt), string.IsNullOrWhiteSpace(OccurredAt) ? "Pick the date and time." : "Enter the date and time like 2026-03-14T21:30.");
                    return null;
                }
                break;
            default:
                errors(nameof(When), "Choose when it happened: just now, earlier today or a time you pick.");
                return null;
        }
        // The window first, so no time near the ends of the calendar reaches the time-zone conversion.
        var today = clock.DayOf(now);
        if (DateOnly.FromDateTime(local) is var day && (day < DateWindow.Earliest || day > today.AddDays(1)))
        {
            errors(nameof(OccurredAt), day > today ? "That time is still in the future." : DateWindow.Problem(today));
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

    protected TriggerType TriggerType => SnakeCaseEnum<TriggerType>.Parse(Trigger!);

    protected static string Local(DateTime utc, UserClock clock) =>
        NodaTime.Instant.FromDateTimeUtc(utc).InZone(clock.Zone).ToDateTimeUnspecified().ToString("yyyy-MM-ddTHH:mm:ss.FFFFFF", CultureInfo.InvariantCulture);
}

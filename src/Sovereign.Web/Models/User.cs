using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Sovereign.Web.Data;
using Sovereign.Web.Pages.Auth;

namespace Sovereign.Web.Models;

[ExportedAs(typeof(ExportedProfile), LeftOut = [nameof(Id), nameof(UpdatedAt),
    // Secrets and what is derived from the address and name: an import goes into an account that has its own.
    nameof(PasswordHash), nameof(RecoveryCodeHash), nameof(EmailKey), nameof(UsernameKey), nameof(PinHash),
    // How this server guards the account's open pages: set again where the account lives, as the PIN is.
    nameof(LockAfterMinutes),
    // Reminders reach this server's devices: set again with them where the account lives.
    nameof(RemindCommitmentAt), nameof(RemindCheckInAt), nameof(RemindMilestones), nameof(QuietFrom), nameof(QuietUntil), nameof(DetailedNotifications),
    // The account's state here, not the user's record: whether it may sign in, when "I'm struggling" was last pressed.
    nameof(IsActive), nameof(SupportRequestedAt)])]
public class User
{
    private string email = "";
    private string username = "";

    public const int MaxDayEndsAtHour = 6;
    public const int MaxHelplinesLength = 4000;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    /// <summary>As typed; the account is found by <see cref="EmailKey"/>, which follows every change of it.</summary>
    [MaxLength(255)]
    public required string Email { get => email; set { email = value; EmailKey = LoginNames.Key(value); } }
    /// <summary>As chosen; the account is found by <see cref="UsernameKey"/>, which follows every change of it.</summary>
    [MaxLength(80)]
    public required string Username { get => username; set { username = value; UsernameKey = LoginNames.Key(value); } }
    /// <summary>The e-mail's canonical key (<see cref="LoginNames"/>): unique, and what sign-in and recovery look up.</summary>
    public string EmailKey { get; private set; } = "";
    /// <summary>The username's canonical key: unique, and what sign-in looks up.</summary>
    public string UsernameKey { get; private set; } = "";
    [MaxLength(255)]
    public required string PasswordHash { get; set; }
    public bool IsActive { get; set; } = true;

    /// <summary>IANA time zone name; days, weeks and streaks are counted in it.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>0–6: a completion before this local hour still counts for the day before ("my day ends at 2 am").</summary>
    public int DayEndsAtHour { get; set; }

    /// <summary>The user's own crisis and support lines, one per line ("Name: number or address"); null shows the defaults.</summary>
    [MaxLength(User.MaxHelplinesLength)]
    public string? Helplines { get; set; }

    /// <summary>SHA-256 of the one-time recovery code (the code is random, so a slow hash adds nothing); null until the first sign-in shows one.</summary>
    [MaxLength(64)]
    public string? RecoveryCodeHash { get; set; }

    /// <summary>When the user last said "I'm struggling": their shared pages ask supporters to reach out for a day after, unless cleared.</summary>
    public DateTime? SupportRequestedAt { get; set; }

    public static readonly TimeSpan SupportRequestLasts = TimeSpan.FromDays(1);

    /// <summary>Light, dark, or as the device is set (the default).</summary>
    public ColorMode ColorMode { get; set; } = ColorMode.Auto;

    /// <summary>For a phone or screen someone else may see: neutral tab titles, app name and icon ("Daily notes").</summary>
    public bool Discreet { get; set; }

    /// <summary>Minutes without activity after which a signed-in session is locked (<see cref="LockChoices"/>); null: never.</summary>
    public int? LockAfterMinutes { get; set; }

    public static readonly int[] LockChoices = [5, 15, 60];

    /// <summary>A short PIN that unlocks a locked session (the password always does), hashed as the password is; null: none set.</summary>
    [MaxLength(255)]
    public string? PinHash { get; set; }

    /// <summary>Local time of the morning commitment's reminder (only on days it is not yet made); null: none.</summary>
    public TimeOnly? RemindCommitmentAt { get; set; }
    /// <summary>Local time of the evening check-in's reminder (only on days it is not yet done); null: none.</summary>
    public TimeOnly? RemindCheckInAt { get; set; }
    /// <summary>A notification on the morning a track reaches a milestone.</summary>
    public bool RemindMilestones { get; set; }
    /// <summary>No reminder between these local times (the window may pass midnight); both null: none.</summary>
    public TimeOnly? QuietFrom { get; set; }
    public TimeOnly? QuietUntil { get; set; }
    /// <summary>Notifications may name the habit and the milestone; off (the default), they say only "A note for today".</summary>
    public bool DetailedNotifications { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>Light, dark, or following the device's setting; stored as "auto", "light", "dark".</summary>
public enum ColorMode { Auto, Light, Dark }

/// <param name="CleanSince">Version 1 only: the account's one clock, which an import gives to its one track.</param>
/// <param name="ColorMode">From version 6; earlier files give "auto".</param>
public sealed record ExportedProfile(string Email, string Username, string TimeZone, int DayEndsAtHour,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateOnly? CleanSince, string? Helplines, DateTime CreatedAt,
    string ColorMode = "auto", bool Discreet = false)
{
    public static ExportedProfile Of(User user) => new(user.Email, user.Username, user.TimeZone, user.DayEndsAtHour, null, user.Helplines, user.CreatedAt,
        SnakeCaseEnum<Models.ColorMode>.Name(user.ColorMode), user.Discreet);
}

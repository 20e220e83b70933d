using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sovereign.Web.Data;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Auth;
using Sovereign.Web.Time;

namespace Sovereign.Web.Pages.Account;

/// <summary>The settings page's forms, one input type each.</summary>
public sealed class ProfileInput
{
    [Required(ErrorMessage = "Choose a username."), StringLength(80, MinimumLength = 2, ErrorMessage = "Use 2 to 80 characters.")]
    [RegularExpression(@"^[\p{L}\p{M}\p{N}_.\- ]+$", ErrorMessage = "Use letters, digits, spaces, dots, dashes or underscores.")]
    public string? Username { get; set; }

    [Required] public string? TimeZone { get; set; }

    [Range(0, User.MaxDayEndsAtHour, ErrorMessage = "Choose an hour from midnight to 6 am.")]
    [Display(Name = "My day ends at")]
    public int DayEndsAtHour { get; set; }

    public static readonly (string Value, string Text)[] HourChoices =
        Enumerable.Range(0, User.MaxDayEndsAtHour + 1).Select(h => (h.ToString(), h == 0 ? "Midnight" : $"{h} am")).ToArray();

    public static ProfileInput From(User user) => new()
    {
        Username = user.Username, TimeZone = user.TimeZone, DayEndsAtHour = user.DayEndsAtHour,
    };
}

public sealed class EmailInput
{
    [Required(ErrorMessage = "Enter the new email address."), EmailAddress(ErrorMessage = "Enter an email address like name@example.org."), StringLength(255)]
    [Display(Name = "New email")]
    public string? NewEmail { get; set; }

    [Required(ErrorMessage = "Enter your current password."), StringLength(Passwords.MaxLength * 2), Display(Name = "Current password")]
    public string? CurrentPassword { get; set; }
}

public sealed class PasswordInput
{
    [Required(ErrorMessage = "Enter your current password."), StringLength(Passwords.MaxLength * 2), Display(Name = "Current password")]
    public string? CurrentPassword { get; set; }

    [Required(ErrorMessage = "Choose a new password."), StringLength(Passwords.MaxLength * 2), Display(Name = "New password")]
    public string? NewPassword { get; set; }

    [Required(ErrorMessage = "Type the new password again."), Compare(nameof(NewPassword), ErrorMessage = "The two passwords differ.")]
    [Display(Name = "Confirm new password")]
    public string? ConfirmPassword { get; set; }
}

public sealed class HelplinesInput
{
    [StringLength(User.MaxHelplinesLength, ErrorMessage = "Use at most 4,000 characters.")]
    [Display(Name = "Support lines")]
    public string? Text { get; set; }
}

public sealed class PasswordConfirmInput
{
    [Required(ErrorMessage = "Enter your password to confirm."), StringLength(Passwords.MaxLength * 2), Display(Name = "Your password")]
    public string? Password { get; set; }
}

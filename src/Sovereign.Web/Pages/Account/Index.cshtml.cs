using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Models;
using Sovereign.Web.Services;

namespace Sovereign.Web.Pages.Account;

/// <summary>Settings: one form per concern, each posting to its own handler and validated on its own.</summary>
public class IndexModel(AppDb db, AccountService accounts, Passwords passwords, TimeProvider clock) : PageModel
{
    public ProfileInput Profile { get; set; } = new();
    public EmailInput Email { get; set; } = new();
    public PasswordInput Password { get; set; } = new();
    public DeleteInput Delete { get; set; } = new();
    public HelplinesInput Helplines { get; set; } = new();
    public User Me { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await LoadAsync() is { } gone) return gone;
        Profile = ProfileInput.From(Me);
        Helplines = new HelplinesInput { Text = Me.Helplines ?? Services.Helplines.Default };
        return Page();
    }

    public async Task<IActionResult> OnPostHelplinesAsync(HelplinesInput? helplines)
    {
        if (await LoadAsync() is { } gone) return gone;
        helplines ??= new(); // when no field of the form binds at all, the binder gives null
        Profile = ProfileInput.From(Me);
        Helplines = helplines;
        if (!ModelState.IsValid) return this.Invalid();
        var text = helplines.Text?.Trim();
        // Saving the default list unchanged keeps following the default (and its future corrections).
        Me.Helplines = string.IsNullOrEmpty(text) || text == Services.Helplines.Default.Trim() ? null : text;
        await db.SaveChangesAsync();
        return Saved("Your support lines are saved.");
    }

    public async Task<IActionResult> OnPostProfileAsync(ProfileInput? profile)
    {
        if (await LoadAsync() is { } gone) return gone;
        profile ??= new(); // when no field of the form binds at all, the binder gives null
        Profile = profile;
        profile.Username = profile.Username?.Trim();
        if (!TimeZones.IsValid(profile.TimeZone)) ModelState.AddModelError("Profile.TimeZone", "Choose a time zone from the list.");
        if (profile.CleanSince > TimeZones.Today(profile.TimeZone ?? Me.TimeZone, clock))
            ModelState.AddModelError("Profile.CleanSince", "The date can't be in the future.");
        if (ModelState.IsValid && profile.Username != Me.Username
            && await db.Users.AnyAsync(u => u.Username == profile.Username && u.Id != Me.Id))
            ModelState.AddModelError("Profile.Username", "This username is taken. Try another.");
        if (!ModelState.IsValid) return this.Invalid();

        Me.Username = profile.Username!;
        Me.TimeZone = profile.TimeZone!;
        Me.DayEndsAtHour = profile.DayEndsAtHour;
        Me.CleanSince = profile.CleanSince;
        await db.SaveChangesAsync();
        return Saved("Your settings are saved.");
    }

    public async Task<IActionResult> OnPostEmailAsync(EmailInput? email)
    {
        if (await LoadAsync() is { } gone) return gone;
        email ??= new(); // when no field of the form binds at all, the binder gives null
        Profile = ProfileInput.From(Me);
        Email = email;
        email.NewEmail = email.NewEmail?.Trim();
        if (ModelState.IsValid && !passwords.Verify(email.CurrentPassword!, Me.PasswordHash))
            ModelState.AddModelError("Email.CurrentPassword", "That isn't your current password.");
        if (ModelState.IsValid && await db.Users.AnyAsync(u => u.Email == email.NewEmail && u.Id != Me.Id))
            ModelState.AddModelError("Email.NewEmail", "Another account uses this email.");
        if (!ModelState.IsValid) return this.Invalid();

        Me.Email = email.NewEmail!;
        await db.SaveChangesAsync();
        return Saved("Your email is changed.");
    }

    public async Task<IActionResult> OnPostPasswordAsync(PasswordInput? password)
    {
        if (await LoadAsync() is { } gone) return gone;
        password ??= new(); // when no field of the form binds at all, the binder gives null
        Profile = ProfileInput.From(Me);
        if (Passwords.Problem(password.NewPassword) is { } problem) ModelState.AddModelError("Password.NewPassword", problem);
        if (ModelState.IsValid && !passwords.Verify(password.CurrentPassword!, Me.PasswordHash))
            ModelState.AddModelError("Password.CurrentPassword", "That isn't your current password.");
        if (!ModelState.IsValid) return this.Invalid();

        await accounts.ChangePasswordAsync(Me, password.NewPassword!);
        await HttpContext.SignInAsync(Me, remember: false); // this session carries the new stamp; all others end
        return Saved("Your password is changed. Other devices are signed out.");
    }

    public async Task<IActionResult> OnPostSignOutEverywhereAsync()
    {
        if (await LoadAsync() is { } gone) return gone;
        await accounts.SignOutEverywhereAsync(Me);
        await HttpContext.SignInAsync(Me, remember: false);
        return Saved("Every other session is signed out (within a minute).");
    }

    public async Task<IActionResult> OnPostDeleteAsync(DeleteInput? delete)
    {
        if (await LoadAsync() is { } gone) return gone;
        delete ??= new(); // when no field of the form binds at all, the binder gives null
        Profile = ProfileInput.From(Me);
        Delete = delete;
        if (ModelState.IsValid && !passwords.Verify(delete.Password!, Me.PasswordHash))
            ModelState.AddModelError("Delete.Password", "That isn't your password. Nothing was deleted.");
        if (!ModelState.IsValid) return this.Invalid();

        await accounts.DeleteAsync(Me.Id);
        await HttpContext.SignOutAsync();
        TempData["Status"] = "Your account and everything in it are deleted. Take care of yourself.";
        return Redirect("/");
    }

    private RedirectResult Saved(string message)
    {
        TempData["Status"] = message;
        return Redirect("/account");
    }

    /// <summary>The signed-in user, or a sign-out when the account is gone.</summary>
    private async Task<IActionResult?> LoadAsync()
    {
        if (await accounts.FindAsync(User.Id()) is { } me)
        {
            Me = me;
            return null;
        }
        await HttpContext.SignOutAsync();
        return Redirect("/auth/login");
    }
}

public sealed class ProfileInput
{
    [Required(ErrorMessage = "Choose a username."), StringLength(80, MinimumLength = 2, ErrorMessage = "Use 2 to 80 characters.")]
    [RegularExpression(@"^[\p{L}\p{M}\p{N}_.\- ]+$", ErrorMessage = "Use letters, digits, spaces, dots, dashes or underscores.")]
    public string? Username { get; set; }

    [Required] public string? TimeZone { get; set; }

    [Range(0, User.MaxDayEndsAtHour, ErrorMessage = "Choose an hour from midnight to 6 am.")]
    [Display(Name = "My day ends at")]
    public int DayEndsAtHour { get; set; }

    [Display(Name = "Clean since")]
    public DateOnly? CleanSince { get; set; }

    public static ProfileInput From(User user) => new()
    {
        Username = user.Username, TimeZone = user.TimeZone, DayEndsAtHour = user.DayEndsAtHour, CleanSince = user.CleanSince,
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

public sealed class DeleteInput
{
    [Required(ErrorMessage = "Enter your password to confirm."), StringLength(Passwords.MaxLength * 2), Display(Name = "Your password")]
    public string? Password { get; set; }
}

using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sovereign.Web.Data;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Auth;
using Sovereign.Web.Time;

namespace Sovereign.Web.Pages.Account;

/// <summary>Settings: one form per concern, each posting to its own handler and validated on its own.</summary>
public class IndexModel(AppDb db, AccountService accounts, SessionService sessions) : PageModel
{
    public ProfileInput Profile { get; set; } = new();
    public EmailInput Email { get; set; } = new();
    public PasswordInput Password { get; set; } = new();
    public PasswordConfirmInput Delete { get; set; } = new();
    public PasswordConfirmInput NewCode { get; set; } = new();
    /// <summary>A new recovery code (TempData: an encrypted cookie), shown until the person says it is saved.</summary>
    [TempData] public string? RecoveryCode { get; set; }
    public HelplinesInput Helplines { get; set; } = new();
    public User Me { get; private set; } = null!;

    /// <summary>The signed-in devices, read only when the page is shown (not for a handler that redirects).</summary>
    public Task<List<SessionRow>> SessionsAsync() => sessions.ListAsync(Me.Id);

    public async Task<IActionResult> OnGetAsync()
    {
        if (await LoadAsync() is { } gone) return gone;
        if (RecoveryCode is not null) TempData.Keep(nameof(RecoveryCode));
        Profile = ProfileInput.From(Me);
        Helplines = new HelplinesInput { Text = Me.Helplines ?? Help.Helplines.DefaultText(Me.TimeZone) };
        return Page();
    }

    public async Task<IActionResult> OnPostHelplinesAsync(HelplinesInput? helplines)
    {
        if (await LoadAsync() is { } gone) return gone;
        helplines ??= new(); // when no field of the form binds at all, the binder gives null
        Profile = ProfileInput.From(Me);
        Helplines = helplines;
        if (!ModelState.IsValid) return this.Invalid();
        var text = helplines.Text?.ReplaceLineEndings("\n").Trim();
        // Saving the default list unchanged keeps following the default (its order for the time zone, its corrections).
        Me.Helplines = string.IsNullOrEmpty(text) || text == Help.Helplines.DefaultText(Me.TimeZone) ? null : text;
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
        if (ModelState.IsValid && profile.Username != Me.Username && await accounts.UsernameTakenAsync(profile.Username!, except: Me.Id))
            ModelState.AddModelError("Profile.Username", AccountService.UsernameTaken);
        if (!ModelState.IsValid) return this.Invalid();

        Me.Username = profile.Username!;
        Me.TimeZone = profile.TimeZone!;
        Me.DayEndsAtHour = profile.DayEndsAtHour;
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
        if (ModelState.IsValid && await ConfirmPasswordAsync(email.CurrentPassword!, "Email.CurrentPassword") is { } throttled) return throttled;
        if (!ModelState.IsValid) return this.Invalid();

        // Whether another account has the address is nobody else's business: the same answer either way, as at registration.
        await accounts.ChangeEmailAsync(Me, email.NewEmail!);
        await sessions.EndOthersAsync(Me.Id, keep: User.SessionId());
        return Saved(EmailChanged);
    }

    public const string EmailChanged = "Unless another account already uses that address, it is now the one you sign in with " +
        "(the address above shows which). Other devices are signed out.";

    public async Task<IActionResult> OnPostPasswordAsync(PasswordInput? password)
    {
        if (await LoadAsync() is { } gone) return gone;
        password ??= new(); // when no field of the form binds at all, the binder gives null
        Profile = ProfileInput.From(Me);
        if (Passwords.Problem(password.NewPassword) is { } problem) ModelState.AddModelError("Password.NewPassword", problem);
        if (ModelState.IsValid && await ConfirmPasswordAsync(password.CurrentPassword!, "Password.CurrentPassword") is { } throttled) return throttled;
        if (!ModelState.IsValid) return this.Invalid();

        await accounts.ChangePasswordAsync(Me, password.NewPassword!);
        await sessions.EndOthersAsync(Me.Id, keep: User.SessionId());
        return Saved("Your password is changed. Other devices are signed out.");
    }

    public async Task<IActionResult> OnPostRecoveryCodeAsync(PasswordConfirmInput? newCode)
    {
        if (await LoadAsync() is { } gone) return gone;
        newCode ??= new(); // when no field of the form binds at all, the binder gives null
        Profile = ProfileInput.From(Me);
        NewCode = newCode;
        if (ModelState.IsValid && await ConfirmPasswordAsync(newCode.Password!, "NewCode.Password", " Your recovery code is unchanged.") is { } throttled) return throttled;
        if (!ModelState.IsValid) return this.Invalid();

        RecoveryCode = await accounts.NewRecoveryCodeAsync(Me);
        return Saved("Here is your new recovery code. The old one no longer works.");
    }

    /// <summary>"I've saved it": the new recovery code leaves the screen for good.</summary>
    public IActionResult OnPostRecoveryCodeSaved(string? returnUrl)
    {
        TempData.Remove(nameof(RecoveryCode));
        return Redirect(this.LocalOr(returnUrl, "/Dashboard/Index"));
    }

    public async Task<IActionResult> OnPostSignOutEverywhereAsync()
    {
        if (await LoadAsync() is { } gone) return gone;
        await sessions.EndOthersAsync(Me.Id, keep: User.SessionId());
        // Their reminders stop too: a notification is no place for a device that may be someone else's now.
        await db.PushDevices.Where(d => d.UserId == Me.Id).ExecuteDeleteAsync();
        return Saved("Every other device is signed out, and reminders are off on every device (turn them on again where you want them).");
    }

    /// <summary>Signs out one device from the list (this one too, if the user picks it).</summary>
    public async Task<IActionResult> OnPostEndSessionAsync(Guid session)
    {
        if (await LoadAsync() is { } gone) return gone;
        if (session == User.SessionId())
        {
            await HttpContext.EndSessionAsync();
            return RedirectToPage("/Auth/Login");
        }
        if (!await sessions.EndAsync(Me.Id, session)) return NotFound();
        return Saved("That device is signed out.");
    }

    public async Task<IActionResult> OnPostDeleteAsync(PasswordConfirmInput? delete)
    {
        if (await LoadAsync() is { } gone) return gone;
        delete ??= new(); // when no field of the form binds at all, the binder gives null
        Profile = ProfileInput.From(Me);
        Delete = delete;
        if (ModelState.IsValid && await ConfirmPasswordAsync(delete.Password!, "Delete.Password", " Nothing was deleted.") is { } throttled) return throttled;
        if (!ModelState.IsValid) return this.Invalid();

        await HttpContext.EndSessionAsync();
        await accounts.DeleteAsync(Me.Id);
        TempData["Status"] = "Your account and everything in it are deleted. Take care of yourself.";
        return RedirectToPage("/Index");
    }

    /// <summary>
    /// The current password, checked with the same throttle as sign-in (each check costs bcrypt's time). Adds the
    /// message when it is wrong; returns the 429 answer when too many were.
    /// </summary>
    private async Task<IActionResult?> ConfirmPasswordAsync(string password, string field, string after = "")
    {
        switch (await accounts.ConfirmPasswordAsync(Me, password))
        {
            case true: return null;
            case false:
                ModelState.AddModelError(field, "That isn't your current password." + after);
                return null;
            default:
                ModelState.AddModelError(field, "Too many wrong passwords. Wait 15 minutes and try again." + after);
                return this.Invalid(StatusCodes.Status429TooManyRequests);
        }
    }

    private RedirectToPageResult Saved(string message)
    {
        TempData["Status"] = message;
        return RedirectToPage("/Account/Index");
    }

    /// <summary>An instant as the user's wall clock shows it.</summary>
    public string Local(DateTime utc) => new UserClock(Me.TimeZone, 0).Show(utc);

    /// <summary>The signed-in user, or a sign-out when the account is gone.</summary>
    private async Task<IActionResult?> LoadAsync()
    {
        if (await accounts.FindAsync(User.Id()) is { } me)
        {
            Me = me;
            return null;
        }
        await HttpContext.EndSessionAsync();
        return RedirectToPage("/Auth/Login");
    }
}

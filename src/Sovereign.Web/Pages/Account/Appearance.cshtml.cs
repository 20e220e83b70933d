using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sovereign.Web.Data;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Auth;

namespace Sovereign.Web.Pages.Account;

/// <summary>
/// How the app looks and guards itself on this person's screens: light, dark or as the device is set; discreet or
/// not; locked after a while left alone, opened again with a PIN or the password.
/// </summary>
public class AppearanceModel(AppDb db, CurrentUser me, AccountService accounts, Passwords passwords) : PageModel
{
    [BindProperty] public AppearanceInput Input { get; set; } = new();
    public LockInput Lock { get; set; } = new();
    public PinInput Pin { get; set; } = new();
    public User Me { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ?? Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await LoadAsync(appearance: false) is { } gone) return gone;
        if (!SnakeCaseEnum<ColorMode>.TryParse(Input.ColorMode, out var mode)) ModelState.AddModelError("Input.ColorMode", "Choose light, dark or automatic.");
        if (!ModelState.IsValid) return this.Invalid();
        Me.ColorMode = mode;
        Me.Discreet = Input.Discreet;
        return await SavedAsync("Saved. Every page now looks this way, on every device you use.");
    }

    public async Task<IActionResult> OnPostLockAsync([Bind(Prefix = nameof(Lock))] LockInput? input)
    {
        if (await LoadAsync() is { } gone) return gone;
        Lock = input ?? new();
        if (!Lock.TryParse(out var minutes)) ModelState.AddModelError("Lock.After", "Choose never, 5, 15 or 60 minutes.");
        if (!ModelState.IsValid) return this.Invalid();
        Me.LockAfterMinutes = minutes;
        return await SavedAsync(minutes is null ? "Saved: this account's pages never lock by themselves."
            : $"Saved: after {minutes} minutes left alone, every device asks for your {(Me.PinHash is null ? "password" : "PIN or password")}.");
    }

    public async Task<IActionResult> OnPostPinAsync([Bind(Prefix = nameof(Pin))] PinInput? input)
    {
        if (await LoadAsync() is { } gone) return gone;
        Pin = input ?? new();
        if (!string.IsNullOrEmpty(Pin.NewPin) && Passwords.PinProblem(Pin.NewPin) is { } problem) ModelState.AddModelError("Pin.NewPin", problem);
        if (ModelState.IsValid)
            switch (await accounts.ConfirmPasswordAsync(Me, Pin.CurrentPassword!))
            {
                case false: ModelState.AddModelError("Pin.CurrentPassword", "That isn't your current password. The PIN is unchanged."); break;
                case null:
                    ModelState.AddModelError("Pin.CurrentPassword", "Too many wrong passwords. Wait 15 minutes and try again. The PIN is unchanged.");
                    return this.Invalid(StatusCodes.Status429TooManyRequests);
            }
        if (!ModelState.IsValid) return this.Invalid();
        Me.PinHash = passwords.Hash(Pin.NewPin!);
        return await SavedAsync("Your PIN is set: it opens this account when it has locked itself. Your password still does too.");
    }

    /// <summary>Without a PIN the password opens a locked page (removing one weakens nothing: no password needed).</summary>
    public async Task<IActionResult> OnPostRemovePinAsync()
    {
        if (await LoadAsync() is { } gone) return gone;
        Me.PinHash = null;
        return await SavedAsync("The PIN is removed: your password opens this account when it has locked itself.");
    }

    /// <summary>The account (null when it is gone: then the way to sign in), and what its forms show.</summary>
    private async Task<IActionResult?> LoadAsync(bool appearance = true)
    {
        if (await accounts.FindAsync(me.Id) is not { } user) return RedirectToPage("/Auth/Login");
        Me = user;
        if (appearance) Input = new AppearanceInput { ColorMode = SnakeCaseEnum<ColorMode>.Name(user.ColorMode), Discreet = user.Discreet };
        Lock = new LockInput { After = user.LockAfterMinutes?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? LockInput.Never };
        return null;
    }

    private async Task<IActionResult> SavedAsync(string message)
    {
        await db.SaveChangesAsync();
        TempData["Status"] = message;
        return RedirectToPage();
    }
}

public sealed class AppearanceInput
{
    public static readonly (string Value, string Text)[] ColorModes =
        [("auto", "Automatic: as this device is set"), ("light", "Light"), ("dark", "Dark")];

    [Display(Name = "Colours")]
    public string? ColorMode { get; set; }

    [Display(Name = "Discreet mode: tab titles, the installed app's name and icon say only \u201cDaily notes\u201d")]
    public bool Discreet { get; set; }
}

public sealed class LockInput
{
    public const string Never = "never";

    public static readonly (string Value, string Text)[] Choices =
        [(Never, "Never"), ("5", "After 5 minutes"), ("15", "After 15 minutes"), ("60", "After an hour")];

    [Display(Name = "When to lock")]
    public string? After { get; set; }

    public bool TryParse(out int? minutes)
    {
        minutes = int.TryParse(After, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var m) ? m : null;
        return After == Never || minutes is { } chosen && User.LockChoices.Contains(chosen);
    }
}

public sealed class PinInput
{
    [Required(ErrorMessage = "Enter a PIN of 4 to 12 digits."), StringLength(64), Display(Name = "New PIN (4 to 12 digits)")]
    public string? NewPin { get; set; }

    [Required(ErrorMessage = "Enter your current password."), StringLength(Passwords.MaxLength * 2), Display(Name = "Current password")]
    public string? CurrentPassword { get; set; }
}

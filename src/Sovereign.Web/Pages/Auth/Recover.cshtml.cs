using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Pages.Account;

namespace Sovereign.Web.Pages.Auth;

/// <summary>A new password with the one-time recovery code (no e-mail needed); a fresh code is shown once afterwards.</summary>
public class RecoverModel(AccountService accounts, SessionService sessions) : PageModel
{
    [BindProperty] public RecoverInput Input { get; set; } = new();
    public string? NewRecoveryCode { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (Passwords.Problem(Input.NewPassword) is { } problem) ModelState.AddModelError("Input.NewPassword", problem);
        if (!ModelState.IsValid) return this.Invalid();

        var (user, newCode) = await accounts.RecoverAsync(Input.Email!.Trim(), Input.RecoveryCode!, Input.NewPassword!);
        if (user is null)
        {
            ModelState.AddModelError("", "That email and recovery code don't match an account.");
            return this.Invalid();
        }
        // A new password: whoever else was signed in is not any more.
        await sessions.EndOthersAsync(user.Id, keep: null);
        await HttpContext.SignInAsync(user, remember: false);
        NewRecoveryCode = newCode;
        return Page();
    }
}

public sealed class RecoverInput
{
    [Required(ErrorMessage = "Enter your email address."), StringLength(255), Display(Name = "Email")]
    public string? Email { get; set; }

    [Required(ErrorMessage = "Enter your recovery code."), StringLength(64), Display(Name = "Recovery code")]
    public string? RecoveryCode { get; set; }

    [Required(ErrorMessage = "Choose a new password."), StringLength(Passwords.MaxLength * 2), Display(Name = "New password")]
    public string? NewPassword { get; set; }

    [Required(ErrorMessage = "Type the new password again."), Compare(nameof(NewPassword), ErrorMessage = "The two passwords differ.")]
    [Display(Name = "Confirm new password")]
    public string? ConfirmPassword { get; set; }
}

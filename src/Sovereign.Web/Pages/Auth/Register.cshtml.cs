using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Services;

namespace Sovereign.Web.Pages.Auth;

public class RegisterModel(AccountService accounts) : PageModel
{
    [BindProperty] public RegisterInput Input { get; set; } = new();

    [TempData] public string? RecoveryCode { get; set; }

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? Redirect("/dashboard") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        Input.Email = Input.Email?.Trim();
        Input.Username = Input.Username?.Trim();
        if (Passwords.Problem(Input.Password) is { } problem) ModelState.AddModelError("Input.Password", problem);
        if (!TimeZones.IsValid(Input.TimeZone)) ModelState.AddModelError("Input.TimeZone", "Choose a time zone from the list.");
        if (!ModelState.IsValid) return this.Invalid();

        var registration = await accounts.RegisterAsync(Input.Email!, Input.Username!, Input.Password!, Input.TimeZone!);
        if (registration.User is null)
        {
            if (registration.EmailTaken is { } e) ModelState.AddModelError("Input.Email", e);
            if (registration.UsernameTaken is { } u) ModelState.AddModelError("Input.Username", u);
            return this.Invalid();
        }

        await HttpContext.SignInAsync(registration.User, remember: false);
        RecoveryCode = registration.RecoveryCode; // shown once, on the dashboard
        return Redirect("/dashboard");
    }
}

public sealed class RegisterInput
{
    [Required(ErrorMessage = "Enter your email address."), EmailAddress(ErrorMessage = "Enter an email address like name@example.org."), StringLength(255)]
    public string? Email { get; set; }

    [Required(ErrorMessage = "Choose a username."), StringLength(80, MinimumLength = 2, ErrorMessage = "Use 2 to 80 characters.")]
    [RegularExpression(@"^[\p{L}\p{M}\p{N}_.\- ]+$", ErrorMessage = "Use letters, digits, spaces, dots, dashes or underscores.")]
    public string? Username { get; set; }

    [Required(ErrorMessage = "Choose a password."), StringLength(Passwords.MaxLength * 2)]
    public string? Password { get; set; }

    [Required(ErrorMessage = "Type the password again."), Compare(nameof(Password), ErrorMessage = "The two passwords differ.")]
    [Display(Name = "Confirm password")]
    public string? ConfirmPassword { get; set; }

    [Required, Display(Name = "Time zone")]
    public string? TimeZone { get; set; } = "UTC";
}

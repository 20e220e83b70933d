using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Pages.Account;
using Sovereign.Web.Time;

namespace Sovereign.Web.Pages.Auth;

public class RegisterModel(AccountService accounts) : PageModel
{
    [BindProperty] public RegisterInput Input { get; set; } = new();

    public const string Registered = "Your account is ready if this address was new — sign in with the password you just chose. " +
        "(If the address already had an account, sign in with that account's password, or set a new one with its recovery code.)";

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? RedirectToPage("/Dashboard/Index") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        Input.Email = Input.Email?.Trim();
        Input.Username = Input.Username?.Trim();
        if (Passwords.Problem(Input.Password) is { } problem) ModelState.AddModelError("Input.Password", problem);
        if (!TimeZones.IsValid(Input.TimeZone)) ModelState.AddModelError("Input.TimeZone", "Choose a time zone from the list.");
        if (!ModelState.IsValid) return this.Invalid();

        if (await accounts.RegisterAsync(Input.Email!, Input.Username!, Input.Password!, Input.TimeZone!) == RegistrationOutcome.UsernameTaken)
        {
            ModelState.AddModelError("Input.Username", AccountService.UsernameTaken);
            return this.Invalid();
        }
        // The same answer whether the e-mail was new or already had an account: being registered here is nobody else's business.
        TempData["Status"] = Registered;
        TempData[LoginModel.RegisteredLogin] = Input.Email;
        return RedirectToPage("/Auth/Login");
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

using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Pages.Account;

namespace Sovereign.Web.Pages.Auth;

public class LoginModel(AccountService accounts) : PageModel
{
    public const string WrongCredentials = "That email or username and password don't match an account.";

    [BindProperty] public LoginInput Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    /// <summary>TempData key of the address just registered: the form keeps it filled in, and greets a newcomer.</summary>
    public const string RegisteredLogin = "RegisteredLogin";

    public bool JustRegistered { get; private set; }

    public IActionResult OnGet()
    {
        if (User.Identity?.IsAuthenticated == true) return Redirect(this.LocalOr(ReturnUrl, "/Dashboard/Index"));
        if (TempData[RegisteredLogin] is string login)
        {
            Input.Login = login;
            JustRegistered = true;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return this.Invalid();

        var result = await accounts.SignInAsync(Input.Login!.Trim(), Input.Password!, HttpContext.SignInClient());
        switch (result.Outcome)
        {
            case SignInOutcome.Success:
                await HttpContext.SignInAsync(result.User!, Input.RememberMe);
                if (result.NewRecoveryCode is { } code) TempData["RecoveryCode"] = code; // shown once, on the dashboard
                return Redirect(this.LocalOr(ReturnUrl, "/Dashboard/Index"));
            case SignInOutcome.Throttled:
                ModelState.AddModelError("", SignInThrottle.Message);
                return this.Invalid(StatusCodes.Status429TooManyRequests);
            default:
                ModelState.AddModelError("", WrongCredentials);
                return this.Invalid();
        }
    }
}

public sealed class LoginInput
{
    [Required(ErrorMessage = "Enter your email or username."), StringLength(255), Display(Name = "Email or username")]
    public string? Login { get; set; }

    [Required(ErrorMessage = "Enter your password."), StringLength(Passwords.MaxLength * 2)]
    public string? Password { get; set; }

    [Display(Name = "Keep me signed in on this device")]
    public bool RememberMe { get; set; }
}

using System.ComponentModel.DataAnnotations;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Infrastructure;

namespace Sovereign.Web.Pages.Auth;

/// <summary>
/// A session left alone (<see cref="SessionLock"/>) opens again with the PIN or the password; each wrong one counts,
/// and the <see cref="Models.UserSession.MaxFailedUnlocks"/>th ends the session (sign-in's address limit applies too,
/// as to every post under /auth). The page's own lock (wwwroot/js/lock.js) sends the same form.
/// </summary>
public class UnlockModel(AppDb db, SessionService sessions, Passwords passwords) : PageModel
{
    [BindProperty] public string? Secret { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public IActionResult OnGet()
    {
        if (User.Identity?.IsAuthenticated != true) return RedirectToPage("/Auth/Login", new { returnUrl = ReturnUrl });
        return HttpContext.IsLocked() ? Page() : Redirect(this.LocalOr(ReturnUrl, "/Dashboard/Index"));
    }

    /// <summary>The open page asks whether its session is still open (423 when locked); asked after activity, it also counts as activity.</summary>
    public IActionResult OnGetState() =>
        User.Identity?.IsAuthenticated != true ? Unauthorized() : HttpContext.IsLocked() ? StatusCode(StatusCodes.Status423Locked) : new NoContentResult();

    public async Task<IActionResult> OnPostAsync()
    {
        if (User.Identity?.IsAuthenticated != true || User.SessionId() is not { } session) return SignedOut("Your session has ended. Sign in again.");
        var userId = User.Id();
        var account = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.PasswordHash, u.PinHash }).SingleOrDefaultAsync();
        if (account is null) return SignedOut("Your session has ended. Sign in again.");
        if (string.IsNullOrEmpty(Secret) || Secret.Length > Passwords.MaxLength * 2) return Refused("Enter your PIN or your password.");
        if (!await sessions.TrySpendUnlockAsync(session, userId)) return await EndAsync();
        var right = account.PinHash is { } pin && Passwords.LooksLikePin(Secret) && passwords.Verify(Secret, pin) || passwords.Verify(Secret, account.PasswordHash);
        if (right)
        {
            if (!await sessions.UnlockAsync(session, userId)) return SignedOut("Your session has ended. Sign in again.");
            return Request.IsHtmx() ? new NoContentResult() : Redirect(this.LocalOr(ReturnUrl, "/Dashboard/Index"));
        }
        var left = await sessions.UnlockTriesLeftAsync(session, userId);
        if (left <= 0) return await EndAsync();
        return Refused($"That is neither your PIN nor your password. {left} {(left == 1 ? "try" : "tries")} left, then this device is signed out.");
    }

    /// <summary>The page locked itself (wwwroot/js/lock.js, a beacon): the session locks now, not a minute later.</summary>
    public async Task<IActionResult> OnPostLockAsync()
    {
        if (User.Identity?.IsAuthenticated == true && User.SessionId() is { } session) await sessions.LockNowAsync(session, User.Id());
        return new NoContentResult();
    }

    private async Task<IActionResult> EndAsync()
    {
        await HttpContext.EndSessionAsync();
        return SignedOut($"Signed out after {Models.UserSession.MaxFailedUnlocks} wrong tries. Sign in with your password.");
    }

    private IActionResult Refused(string problem)
    {
        ModelState.AddModelError(nameof(Secret), problem);
        if (!Request.IsHtmx()) return this.Invalid();
        var form = Partial("_UnlockForm", new UnlockInput(ReturnUrl));
        form.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return form;
    }

    private IActionResult SignedOut(string message)
    {
        TempData["Status"] = message;
        var login = Url.Page("/Auth/Login")!;
        if (!Request.IsHtmx()) return Redirect(login);
        Response.Headers["HX-Redirect"] = login;
        return Unauthorized();
    }
}

/// <summary>What the unlock form needs: where to go once open (the page's own lock stays on its page).</summary>
public sealed record UnlockInput(string? ReturnUrl)
{
    [Display(Name = "PIN or password")]
    public string? Secret { get; init; }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sovereign.Web.Infrastructure;

namespace Sovereign.Web.Pages.Auth;

/// <summary>Signing out is a POST (a link could be forged); GET shows a button for it.</summary>
public class LogoutModel : PageModel
{
    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.EndSessionAsync();
        return RedirectToPage("/Index");
    }

    /// <summary>Quick exit's beacon, sent as the page is left: the session ends on the server, so Back finds only the sign-in page.</summary>
    public async Task<IActionResult> OnPostQuickAsync()
    {
        await HttpContext.EndSessionAsync();
        return new NoContentResult();
    }
}

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
}

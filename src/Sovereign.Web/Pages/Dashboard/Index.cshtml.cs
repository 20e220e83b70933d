using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Sovereign.Web.Pages.Dashboard;

public class IndexModel : PageModel
{
    /// <summary>Set once by registration, read once here (TempData is an encrypted cookie, deleted after reading).</summary>
    [TempData] public string? RecoveryCode { get; set; }

    public void OnGet() { }
}

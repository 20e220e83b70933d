using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Sovereign.Web.Pages;

public class IndexModel : PageModel
{
    public void OnGet() { }
}

using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Sovereign.Web.Pages.More;

public sealed class IndexModel : PageModel
{
    public void OnGet() { }
}

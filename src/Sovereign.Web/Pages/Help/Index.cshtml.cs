using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Services;

namespace Sovereign.Web.Pages.Help;

/// <summary>"Need help now?": crisis and support lines as plain links. Open to everyone, signed in or not.</summary>
public class IndexModel(AppDb db) : PageModel
{
    public IReadOnlyList<Helpline> Lines { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var own = User.Identity?.IsAuthenticated == true
            ? await db.Users.Where(u => u.Id == User.Id()).Select(u => u.Helplines).SingleOrDefaultAsync()
            : null;
        Lines = Helplines.Parse(own);
    }
}

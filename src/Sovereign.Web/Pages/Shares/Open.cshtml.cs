using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Sovereign.Web.Pages.Shares;

/// <summary>
/// The supporter's page (/s/{token}): read-only, no sign-in, nothing of the app around it. Unknown, revoked and expired
/// tokens are the same 404. Loads are limited per address like every expensive read (hits and misses alike); no
/// limit on misses alone is needed: a token is 128 random bits, so no number of guesses finds one.
/// </summary>
[IgnoreAntiforgeryToken]
public class OpenModel(ShareService shares, IConfiguration config) : PageModel
{
    public SharedView View { get; private set; } = null!;
    /// <summary>How often the page refreshes itself: at most every 5 minutes, so a page left open stays one visit (<see cref="ShareService.VisitsApart"/>).</summary>
    public int RefreshSeconds { get; } = Math.Clamp(config.GetValue("Shares:RefreshSeconds", 60), 1, 300);

    /// <summary>Whether a path is under the shared pages' /s/ (whose answers, errors included, stay neutral and unindexed).</summary>
    public static bool Serves(PathString path) => path.StartsWithSegments("/s");

    public async Task<IActionResult> OnGetAsync(string token)
    {
        if (ShareService.IsWellFormed(token) && await shares.OpenAsync(token) is { } view)
        {
            View = view;
            return Page();
        }
        // The page's own refresh finding its link gone (revoked, expired) reloads it, which then is the plain 404.
        if (Request.IsHtmx()) Response.Htmx(h => h.Refresh());
        return NotFound();
    }
}

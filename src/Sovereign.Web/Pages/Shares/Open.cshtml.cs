using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Services;

namespace Sovereign.Web.Pages.Shares;

/// <summary>
/// The supporter's page (/s/{token}): read-only, no sign-in, nothing of the app around it. Unknown, revoked and expired
/// tokens are the same 404; an address that keeps guessing gets 429 for its further misses (<see cref="ShareGuessLimiter"/>).
/// </summary>
[IgnoreAntiforgeryToken]
public class OpenModel(ShareService shares, ShareGuessLimiter guesses, IConfiguration config) : PageModel
{
    public SharedView View { get; private set; } = null!;
    public int RefreshSeconds { get; } = Math.Clamp(config.GetValue("Shares:RefreshSeconds", 60), 1, 3600);

    /// <summary>Whether a path is under the shared pages' /s/ (whose answers, errors included, stay neutral and unindexed).</summary>
    public static bool Serves(PathString path) => path.StartsWithSegments("/s");

    public async Task<IActionResult> OnGetAsync(string token)
    {
        if (ShareService.IsWellFormed(token) && await shares.OpenAsync(token, countOpening: !Request.IsHtmx()) is { } view)
        {
            View = view;
            return Page();
        }
        // The page's own refresh finding its link gone (revoked, expired) reloads it, which then is the plain 404.
        if (Request.IsHtmx()) Response.Htmx(h => h.Refresh());
        // Past its allowance of misses an address gets 429 for every further miss; a working link still opens.
        return guesses.TryMiss(HttpContext.Key()) ? NotFound() : StatusCode(StatusCodes.Status429TooManyRequests);
    }
}

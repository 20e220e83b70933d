using System.Diagnostics;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Sovereign.Web.Pages;

/// <summary>
/// Every error answer: re-executed here by the status-code pages and the exception handler, for any method.
/// htmx requests get a toast fragment aimed at #alerts instead of a whole page.
/// </summary>
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
[IgnoreAntiforgeryToken]
public class ErrorModel : PageModel
{
    private static readonly Dictionary<int, (string Title, string Message)> Messages = new()
    {
        [400] = ("That request could not be processed", "The form may have expired or been sent twice. Go back, reload the page and try again."),
        [403] = ("You don't have access to this", "If you think you should, sign in again."),
        [404] = ("We couldn't find that", "It may have been moved or deleted, or the link may be mistyped."),
        [405] = ("That action isn't available here", "Go back and use the page's buttons and forms."),
        [413] = ("That was too large", "Please shorten what you entered and try again."),
        [415] = ("That request could not be processed", "Please send the form from the page itself."),
        [429] = ("Too many attempts", "Please wait a little and try again."),
        [500] = ("Something went wrong on our side", "Nothing you did caused this. Please try again in a moment."),
        [503] = ("Sovereign is briefly unavailable", "Your saved data is safe. Please try again in a minute."),
    };

    public int Status { get; private set; }
    public string Title { get; private set; } = "";
    public string Message { get; private set; } = "";
    public string TraceId { get; private set; } = "";
    /// <summary>The error of a shared page (/s/…): neutral words in the shared page's frame.</summary>
    public bool ForSharedPage { get; private set; }

    public IActionResult OnGet(int? code) => Show(code);
    public IActionResult OnPost(int? code) => Show(code);
    public IActionResult OnPut(int? code) => Show(code);
    public IActionResult OnPatch(int? code) => Show(code);
    public IActionResult OnDelete(int? code) => Show(code);

    private IActionResult Show(int? code)
    {
        // Re-executed for a real failure, the status is already set; a direct visit to /error/{code} shows a known
        // 4xx page, and anything else (a 5xx, a made-up code) as "not found": nothing failed.
        Status = Response.StatusCode >= 400 ? Response.StatusCode : code is >= 400 and < 500 && Messages.ContainsKey(code.Value) ? code.Value : 404;
        (Title, Message) = Messages.TryGetValue(Status, out var text) ? text
            : Status >= 500 ? Messages[500] : Messages[400];
        TraceId = Activity.Current?.TraceId.ToString() ?? HttpContext.TraceIdentifier;
        var original = HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>()?.OriginalPath
            ?? HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerPathFeature>()?.Path;
        ForSharedPage = original is not null && Shares.OpenModel.Serves(new PathString(original));
        if (ForSharedPage && Status == 404) (Title, Message) = ("This page isn't available", "The link may have been revoked, it may have expired, or it may be mistyped.");
        Response.StatusCode = Status;

        if (!Request.IsHtmx()) return Page();
        Response.Htmx(h => h.Retarget("#alerts").Reswap("afterbegin"));
        return Partial("_ErrorToast", this);
    }
}

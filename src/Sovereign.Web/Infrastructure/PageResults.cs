using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Sovereign.Web.Infrastructure;

public static class PageResults
{
    /// <summary>The form again, with its messages, as 422: bad input is a client error, and nothing was stored.</summary>
    public static PageResult Invalid(this PageModel page, int statusCode = StatusCodes.Status422UnprocessableEntity)
    {
        var result = page.Page();
        result.StatusCode = statusCode;
        return result;
    }

    /// <summary>A local address to go back to (after sign-in, after a form), never another site (no open redirect); else the page named.</summary>
    public static string LocalOr(this PageModel page, string? returnUrl, string fallbackPage, object? routeValues = null) =>
        !string.IsNullOrEmpty(returnUrl) && page.Url.IsLocalUrl(returnUrl) ? returnUrl : page.Url.Page(fallbackPage, routeValues)!;
}

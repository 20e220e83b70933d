using Htmx;
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

    /// <summary>A refused action (a day in the future, a tap kept too long) as 422: a toast in #alerts for htmx.</summary>
    public static IActionResult Refused(this PageModel page, string problem)
    {
        if (page.Request.IsHtmx()) page.Response.Htmx(h => h.Retarget("#alerts").Reswap("afterbegin"));
        var toast = page.Partial("_Toast", (problem, "warning"));
        toast.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return toast;
    }

    /// <summary>
    /// The way back after sign-in or a form: the address given if it is on this site (never another one: no open
    /// redirect), else the page named. Every way back passes here, so every one is checked and encoded alike.
    /// </summary>
    public static string LocalOr(this PageModel page, string? returnUrl, string fallbackPage, object? routeValues = null) =>
        Local(page.Url, returnUrl) ?? page.Url.Page(fallbackPage, routeValues)!;

    private static readonly Uri ThisSite = new("https://this.site.invalid");

    /// <summary>
    /// A local address, percent-encoded (a Location header carries ASCII only: "/plan?q=café" as given would be a 500),
    /// or null for anything that is not one. The fragment is dropped: no way back needs one.
    /// </summary>
    public static string? Local(IUrlHelper url, string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl.StartsWith('~') || !url.IsLocalUrl(returnUrl)) return null;
        if (!Uri.TryCreate(ThisSite, returnUrl, out var uri) || uri.Host != ThisSite.Host) return null;
        return uri.PathAndQuery;
    }
}

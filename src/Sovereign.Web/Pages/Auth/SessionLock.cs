using Htmx;
using Microsoft.AspNetCore.Authorization;

namespace Sovereign.Web.Pages.Auth;

/// <summary>
/// Locked when left alone: a session idle for longer than the account's lock time (<see cref="SessionService.CheckAsync"/>)
/// reaches no private page until the PIN or password is given again on <c>/auth/unlock</c>. What needs no sign-in still
/// answers: the pages under /auth (unlocking, signing out, Quick exit's beacon), "Need help now?" (its public copy),
/// the offline page and static files.
/// </summary>
public static class SessionLock
{
    private const string LockedKey = "sovereign:locked";

    public static bool IsLocked(this HttpContext context) => context.Items.ContainsKey(LockedKey);

    public static void MarkLocked(this HttpContext context) => context.Items[LockedKey] = true;

    public static IApplicationBuilder UseSessionLock(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (!context.IsLocked() || context.GetEndpoint() is not { } endpoint
            || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            return next(context);
        var request = context.Request;
        var unlock = request.PathBase + "/auth/unlock";
        if (request.IsHtmx())
        {
            // A card swapped in would be the unlock page: a full navigation instead, back to the page after (a queued
            // offline tap waits on the 401).
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            var page = Uri.TryCreate(request.Headers["HX-Current-URL"].ToString(), UriKind.Absolute, out var current) ? current.PathAndQuery : null;
            context.Response.Headers["HX-Redirect"] = page is null ? unlock : unlock + "?returnUrl=" + Uri.EscapeDataString(page);
        }
        else if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            context.Response.Redirect(unlock + "?returnUrl=" + Uri.EscapeDataString(request.PathBase + request.Path + request.QueryString));
        else context.Response.Redirect(unlock); // a form sent from a page left open: nothing of it is written
        return Task.CompletedTask;
    });
}

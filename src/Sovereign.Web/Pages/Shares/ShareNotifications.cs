using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Reminders;

namespace Sovereign.Web.Pages.Shares;

/// <summary>
/// A supporter's notifications for one link (wwwroot/js/share-notify.js): no account, the subscription belongs to the
/// link and is deleted with it, and only "asked for support" is ever sent to it — nothing the link does not show. The
/// link's token is in the address; the posts carry the request token the GET handed out, checked as every form's is.
/// </summary>
public static class ShareNotifications
{
    public static IEndpointRouteBuilder MapShareNotifications(this IEndpointRouteBuilder app)
    {
        const string path = "/s/{token}/notifications";
        // What the script needs before it asks the browser: the server's public key and a request token.
        app.MapGet(path, async (string token, HttpContext http, ShareService shares, VapidKeyStore keys, IAntiforgery antiforgery) =>
            await shares.FindLiveAsync(token) is null ? Results.NotFound()
                : Results.Json(new { publicKey = await keys.PublicKeyAsync(http.RequestAborted), token = antiforgery.GetAndStoreTokens(http).RequestToken }))
            .AllowAnonymous().RequireRateLimiting(Infrastructure.Auth.ExpensiveReadsPolicy);
        // Limited per address as the shared page is: each post may look up a host name.
        app.MapPost(path, SubscribeAsync).AllowAnonymous().RequireRateLimiting(Infrastructure.Auth.ExpensiveReadsPolicy);
        app.MapPost(path + "/stop", async (string token, HttpContext http, ShareService shares, AppDb db, IAntiforgery antiforgery) =>
        {
            if (await RefusedAsync(http, antiforgery) is { } refused) return refused;
            if (await shares.FindLiveAsync(token) is not { } link) return Results.NotFound();
            var endpoint = http.Request.Form["endpoint"].ToString();
            await db.PushDevices.Where(d => d.ShareLinkId == link.Id && d.Endpoint == endpoint).ExecuteDeleteAsync();
            return Results.NoContent();
        }).AllowAnonymous().RequireRateLimiting(Infrastructure.Auth.ExpensiveReadsPolicy);
        return app;
    }

    private static async Task<IResult> SubscribeAsync(string token, HttpContext http, ShareService shares, AppDb db, PushOptions options, IAntiforgery antiforgery)
    {
        if (await RefusedAsync(http, antiforgery) is { } refused) return refused;
        if (await shares.FindLiveAsync(token) is not { } link) return Results.NotFound();
        var form = http.Request.Form;
        var device = new DeviceInput { Endpoint = form["Endpoint"], P256dh = form["P256dh"], Auth = form["Auth"], Name = form["Name"].ToString() is { Length: > 0 } name ? name : "Supporter" };
        if ((device.Problem() ?? await PushEndpoints.ProblemAsync(device.Endpoint, options.AllowLoopbackEndpoints, http.RequestAborted)) is { } problem)
            return Results.Text(problem, statusCode: StatusCodes.Status422UnprocessableEntity);
        if (await db.SaveDeviceAsync(device, userId: null, shareLinkId: link.Id, PushDevice.MaxPerShareLink, http.RequestAborted) is null)
            return Results.Text($"Notifications for this page are on for {PushDevice.MaxPerShareLink} devices already, the most it can have.", statusCode: StatusCodes.Status422UnprocessableEntity);
        return Results.Json(new { link = link.Id });
    }

    /// <summary>400 without the request token (as a Razor form would answer), or when the body is no form.</summary>
    private static async Task<IResult?> RefusedAsync(HttpContext http, IAntiforgery antiforgery)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(http);
            if (!http.Request.HasFormContentType) return Results.Text("Send the form's fields.", statusCode: StatusCodes.Status400BadRequest);
            await http.Request.ReadFormAsync();
            return null;
        }
        catch (Exception e) when (e is AntiforgeryValidationException or InvalidDataException or BadHttpRequestException)
        {
            return Results.Text("This request was not sent by the page (its token is missing or old). Reload the page and try again.", statusCode: StatusCodes.Status400BadRequest);
        }
    }
}

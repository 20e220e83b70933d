using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Sovereign.Web.Pages;

namespace Sovereign.Web.Infrastructure;

/// <summary>
/// A request that names a handler the page does not have (POST /account/nope, or ?handler=nope), or a method it has no handler for, is a 404.
/// Razor Pages would otherwise render the page without running any handler, with its model never loaded.
/// </summary>
public sealed class UnknownHandlerFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var requested = context.RouteData.Values["handler"] as string ?? context.HttpContext.Request.Query["handler"].FirstOrDefault();
        var unknown = context.HandlerMethod is null
            // Razor Pages would fall back to the unnamed OnPost for an unknown name: /auth/logout/x must not sign out.
            || !string.IsNullOrEmpty(requested) && !string.Equals(context.HandlerMethod.Name, requested, StringComparison.OrdinalIgnoreCase);
        if (unknown && context.HandlerInstance is not ErrorModel)
        {
            context.Result = new NotFoundResult();
            return Task.CompletedTask;
        }
        return next();
    }
}

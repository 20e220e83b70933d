using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Sovereign.Web.Pages;

namespace Sovereign.Web.Infrastructure;

/// <summary>
/// A request that names no handler the page has (POST /account?handler=Nope, or a POST to a page without one) is a 404.
/// Razor Pages would otherwise render the page without running any handler, with its model never loaded.
/// </summary>
public sealed class UnknownHandlerFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HandlerMethod is null && context.HandlerInstance is not ErrorModel)
        {
            context.Result = new NotFoundResult();
            return Task.CompletedTask;
        }
        return next();
    }
}

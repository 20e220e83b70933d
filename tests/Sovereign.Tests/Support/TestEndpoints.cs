using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Sovereign.Tests.Support;

/// <summary>
/// A JSON endpoint the way the next feature would add one (MapGet, nothing said about sign-in), mapped into the app under
/// test, to show that an endpoint is private by default and that the sweeps find it.
/// </summary>
public sealed class TestEndpoints : IStartupFilter
{
    public const string Template = "/test/endpoint/{id:guid}";

    public static void Add(IServiceCollection services) => services.AddSingleton<IStartupFilter>(new TestEndpoints());

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        // The app's own endpoint builder (set by its UseRouting), so the endpoint joins its routes like a MapGet in Program.cs.
        var endpoints = (IEndpointRouteBuilder)app.Properties["__EndpointRouteBuilder"]!;
        endpoints.MapGet(Template, (Guid id) => Results.Json(new { id }));
    };
}

using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Sovereign.Tests.Support;

/// <summary>One thing the app answers: a page handler or an endpoint, with its route template and method.</summary>
public sealed record AppRoute(string Method, string Template, string? Handler, bool AllowsAnonymous, bool IsPage = true, string? Page = null)
{
    /// <summary>The handler's id parameters that travel in the query string (<c>?id=</c>, <c>?track=</c>), not in the route.</summary>
    public IReadOnlyList<string> QueryIds { get; init; } = [];

    /// <summary>An endpoint's source file, as docs/routes.md names it.</summary>
    public string? Source { get; init; }

    public IReadOnlyList<string> Parameters => Regex.Matches(Template, @"\{([a-zA-Z]+)").Select(m => m.Groups[1].Value).ToList();

    /// <summary>The URL with each route parameter filled from <paramref name="values"/>; optional ones without a value are dropped.</summary>
    public string Url(IReadOnlyDictionary<string, string>? values = null)
    {
        // A page whose route has a {handler} segment takes the handler name there, not in the query string.
        var inPath = Template.Contains("{handler", StringComparison.Ordinal);
        if (inPath)
        {
            var withHandler = new Dictionary<string, string>(values ?? new Dictionary<string, string>()) { ["handler"] = (Handler ?? "complete").ToLowerInvariant() };
            if (Handler is null && Template.Contains("{handler?}", StringComparison.Ordinal)) withHandler.Remove("handler");
            values = withHandler;
        }
        var path = Regex.Replace(Template, @"/?\{([a-zA-Z]+)(:[^{}]*(\{[^{}]*\}[^{}]*)*)?\??\}", m =>
        {
            var name = m.Groups[1].Value;
            if (values?.TryGetValue(name, out var value) == true) return (m.Value.StartsWith('/') ? "/" : "") + value;
            return m.Value.EndsWith("?}", StringComparison.Ordinal) ? "" : throw new InvalidOperationException($"No value for {{{name}}} in {Template}.");
        });
        var url = "/" + path.TrimStart('/');
        return Handler is null || inPath ? url : $"{url}?handler={Handler}";
    }

    public override string ToString() => $"{Method} {Url(new Dictionary<string, string>(Parameters.Select(p => KeyValuePair.Create(p, "{" + p + "}"))))}";
}

public static class Routes
{
    /// <summary>Every page handler (GET and POST …) and every endpoint of the running app, read from its own metadata.</summary>
    public static async Task<IReadOnlyList<AppRoute>> AllAsync(IServiceProvider services)
    {
        var routes = new List<AppRoute>();
        var loader = services.GetRequiredService<PageLoader>();
        var pages = services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items.OfType<PageActionDescriptor>();
        foreach (var page in pages.Where(p => p.AttributeRouteInfo?.SuppressLinkGeneration != true))
        {
            var compiled = await loader.LoadAsync(page, EndpointMetadataCollection.Empty);
            var anonymous = compiled.EndpointMetadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any();
            var template = page.AttributeRouteInfo!.Template ?? "";
            static bool IsId(Type type) => type == typeof(Guid) || type == typeof(Guid?);
            // Ids bound as page properties that a GET reads from the query string (?track= on a list).
            var boundIds = compiled.BoundProperties.OfType<PageBoundPropertyDescriptor>()
                .Where(p => IsId(p.ParameterType) && p.Property.GetCustomAttributes(typeof(Microsoft.AspNetCore.Mvc.BindPropertyAttribute), true)
                    .OfType<Microsoft.AspNetCore.Mvc.BindPropertyAttribute>().Any(b => b.SupportsGet))
                .Select(p => p.BindingInfo?.BinderModelName ?? p.Name).ToList();
            var handlers = compiled.HandlerMethods.Select(h => (Method: h.HttpMethod.ToUpperInvariant(), h.Name,
                QueryIds: h.Parameters.Where(p => IsId(p.ParameterType)).Select(p => p.Name)
                    .Concat(h.HttpMethod.Equals("GET", StringComparison.OrdinalIgnoreCase) ? boundIds : [])
                    .Where(name => !template.Contains("{" + name, StringComparison.OrdinalIgnoreCase)).Select(n => n.ToLowerInvariant()).Distinct().ToList())).ToList();
            if (!handlers.Any(h => h.Method == "GET")) handlers.Add(("GET", null, boundIds.Where(n => !template.Contains("{" + n, StringComparison.OrdinalIgnoreCase)).Select(n => n.ToLowerInvariant()).ToList())); // a page without OnGet still renders
            routes.AddRange(handlers.Select(h => new AppRoute(h.Method, template, h.Name, anonymous, Page: page.ViewEnginePath) { QueryIds = h.QueryIds }));
        }
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not null) continue;
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [];
            var template = endpoint.RoutePattern.RawText ?? "";
            // Static files (MapStaticAssets marks its endpoints with its own metadata) and the 404 fallback are no routes.
            if (template.Contains("{*") || endpoint.Metadata.Any(m => m.GetType().Namespace == "Microsoft.AspNetCore.StaticAssets")) continue;
            // As the app declares it: without AllowAnonymous an endpoint needs a signed-in user (the fallback policy).
            var anonymous = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null;
            // The file that maps it: the class around the handler's lambda (Operations.Health → Operations/Health.cs).
            var declaring = endpoint.Metadata.OfType<System.Reflection.MethodInfo>().FirstOrDefault()?.DeclaringType;
            while (declaring?.DeclaringType is { } outer) declaring = outer;
            var source = declaring?.FullName?.Replace("Sovereign.Web.", "").Replace('.', '/') + ".cs";
            routes.AddRange(methods.Select(m => new AppRoute(m, template, null, anonymous, IsPage: false) { Source = source }));
        }
        return routes.DistinctBy(r => (r.Method, r.Url(r.Parameters.ToDictionary(p => p, p => p)))).ToList();
    }
}

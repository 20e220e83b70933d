using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Extensions;

namespace Sovereign.Web.Infrastructure;

/// <summary>
/// Outside Development every cookie is Secure, so the app works only over HTTPS. A request that arrives over plain
/// HTTP is sent to Kestrel's HTTPS endpoint when it has one; otherwise it gets a page that says how to serve the app
/// over HTTPS (400) — never a 500 from deep inside the antiforgery system. The health endpoints answer either way.
/// </summary>
public static class HttpsOnly
{
    public const string Title = "Sovereign must be served over HTTPS";

    private const string Page = $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{Title}}</title></head>
        <body>
        <h1>{{Title}}</h1>
        <p>This request reached Sovereign over plain HTTP. Sovereign keeps people's most private data, so it signs them in
        only over an encrypted connection. The person running this server can fix it in one of two ways:</p>
        <ol>
        <li><strong>Put a TLS reverse proxy in front</strong> (nginx, Caddy, Apache) that sends <code>X-Forwarded-Proto</code>.
        A proxy on this machine is trusted as it is; one elsewhere goes in <code>ForwardedHeaders__KnownProxies</code> or
        <code>ForwardedHeaders__KnownNetworks</code>.</li>
        <li><strong>Give Kestrel a certificate</strong>: <code>ASPNETCORE_URLS=https://0.0.0.0:5443</code> with
        <code>Kestrel__Certificates__Default__Path</code> (and <code>__KeyPath</code> or <code>__Password</code>); plain HTTP
        requests are then redirected there.</li>
        </ol>
        <p>For a quick look on your own computer only, <code>ASPNETCORE_ENVIRONMENT=Development</code> allows plain HTTP.</p>
        </body></html>
        """;

    public static IApplicationBuilder UseHttpsOnly(this WebApplication app)
    {
        if (app.Environment.IsDevelopment()) return app;
        var server = app.Services.GetRequiredService<IServer>();
        // Known from the settings at once; from the bound addresses once Kestrel has bound them all (a request can
        // arrive on the HTTP endpoint before the HTTPS one is listed).
        var httpsPort = HttpsPort(Urls(app.Configuration));
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            httpsPort = HttpsPort(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []) ?? httpsPort;
            if (httpsPort is null && string.IsNullOrEmpty(app.Configuration["ForwardedHeaders:KnownProxies"])
                && string.IsNullOrEmpty(app.Configuration["ForwardedHeaders:KnownNetworks"]))
                app.Logger.LogWarning("No HTTPS endpoint and no proxy configured besides loopback: Sovereign answers only requests that a TLS " +
                    "proxy on this machine forwards with X-Forwarded-Proto: https. Plain HTTP requests get a page explaining how to set up HTTPS.");
        });
        return app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (context.Request.IsHttps || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz"))
            {
                await next(context);
                return;
            }
            if (httpsPort is { } port)
            {
                var request = context.Request;
                context.Response.Redirect(UriHelper.BuildAbsolute("https", new HostString(request.Host.Host, port), request.PathBase, request.Path, request.QueryString),
                    permanent: true, preserveMethod: true);
                return;
            }
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(Page);
        });
    }

    /// <summary>The addresses the settings ask Kestrel to listen on: ASPNETCORE_URLS, and Kestrel:Endpoints:*:Url.</summary>
    private static IEnumerable<string> Urls(IConfiguration config) =>
        (config["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(config.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());

    private static int? HttpsPort(IEnumerable<string> addresses) =>
        addresses.Select(a => Uri.TryCreate(a.Replace("://+", "://localhost").Replace("://*", "://localhost").Replace("://[::]", "://localhost"), UriKind.Absolute, out var uri) ? uri : null)
            .FirstOrDefault(u => u?.Scheme == "https" && u.Port > 0)?.Port;
}

using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sovereign.Web.Data;
using Sovereign.Web.Pages.Shares;

namespace Sovereign.Web.Infrastructure;

public static class WebSetup
{
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static IServiceCollection AddSovereignWeb(this IServiceCollection services, IConfiguration config, IHostEnvironment env)
    {
        services.AddSingleton(TimeProvider.System);
        // The logger factory takes its scope provider from here (its constructor asks for one): share tokens never reach a log.
        services.AddSingleton<IExternalScopeProvider>(new ShareTokenRedaction(new LoggerExternalScopeProvider()));
        // …nor a log line: every logger comes from a factory that redacts what it is given (see ShareTokenRedactingLoggerFactory).
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp =>
            new ShareTokenRedactingLoggerFactory(new LoggerFactory(sp.GetServices<ILoggerProvider>(),
                sp.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<LoggerFilterOptions>>(),
                sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<LoggerFactoryOptions>>(), sp.GetRequiredService<IExternalScopeProvider>()))));
        services.AddScoped<CurrentUser>();
        services.AddSingleton<ForwardedHeadersWarning>();
        services.Configure<RouteOptions>(o => o.LowercaseUrls = true);
        services.AddRazorPages(o =>
        {
            o.Conventions.ConfigureFilter(new UnknownHandlerFilter());
            // Every endpoint needs a signed-in user (the fallback policy, Auth.cs), but for these.
            o.Conventions.AllowAnonymousToFolder("/Auth");
            o.Conventions.AllowAnonymousToPage("/Index");
            o.Conventions.AllowAnonymousToPage("/Error");
            o.Conventions.AllowAnonymousToPage("/Help/Index");
            o.Conventions.AllowAnonymousToPage("/Shares/Open");
            o.Conventions.AllowAnonymousToPage("/Offline/Index");
            // Sign-in at a neutral address too, with a neutral title, for a phone someone else may see (discreet mode).
            o.Conventions.AddPageRouteModelConvention("/Auth/Login", page => page.Selectors.Add(new SelectorModel
            {
                AttributeRouteModel = new AttributeRouteModel { Template = Auth.NeutralSignInPath.TrimStart('/'), SuppressLinkGeneration = true },
            }));
            o.Conventions.AddFolderApplicationModelConvention("/Auth",
                m => m.EndpointMetadata.Add(new Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute(Auth.RateLimitPolicy)));
            RateLimited(o, "/Account/Import", Auth.ImportRateLimitPolicy);
            RateLimited(o, "/Account/Index", Auth.EmailChangePolicy);
            foreach (var page in new[] { "/Account/Export", "/Insights/Index", "/Shares/Open" }) RateLimited(o, page, Auth.ExpensiveReadsPolicy);
        });
        services.AddAntiforgery(o =>
        {
            o.HeaderName = "RequestVerificationToken"; // sent by wwwroot/js/site.js on every htmx request
            o.Cookie.Name = Auth.CookieName(env, "sovereign.af");
            o.Cookie.Path = "/";
            o.Cookie.SecurePolicy = env.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        });
        services.Configure<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>(o =>
        {
            o.Cookie.Name = Auth.CookieName(env, "sovereign.tempdata");
            o.Cookie.Path = "/";
            o.Cookie.SecurePolicy = env.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        });
        // Keys live in the database, so cookies survive restarts and work on every instance; encrypted with a certificate kept apart.
        services.AddDataProtection().SetApplicationName("Sovereign").PersistKeysToDbContext<AppDb>()
            .ProtectKeysAtRest(config, DatabaseSetup.DataDirectory(config, env));
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o =>
        {
            o.AddServerHeader = false;
            // Every form here is small; the import page raises its own limit. Larger bodies get the 413 page.
            o.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
        });
        services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o =>
        {
            // A single value may be as long as a body may be (so an oversized one is the body limit's 413, not a 400).
            o.ValueLengthLimit = (int)MaxRequestBodyBytes * 2;
            o.ValueCountLimit = 200;
        });
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Loopback is trusted by default; proxies elsewhere are named by address or by network (CIDR).
            foreach (var proxy in List(config["ForwardedHeaders:KnownProxies"]))
                o.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            foreach (var network in List(config["ForwardedHeaders:KnownNetworks"]))
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        services.AddHsts(o => { o.MaxAge = TimeSpan.FromDays(365); o.IncludeSubDomains = true; });
        return services;
    }

    private static void RateLimited(Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions options, string page, string policy) =>
        options.Conventions.AddPageApplicationModelConvention(page,
            m => m.EndpointMetadata.Add(new Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute(policy)));

    private static string[] List(string? commaSeparated) =>
        (commaSeparated ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// Pages hold the user's most private data: no cache may keep any of them (htmx fragments included), and a
    /// fragment and a full page at one address are different answers. Static files keep their own long caching.
    /// </summary>
    private static Task NoStore(HttpContext context, RequestDelegate next)
    {
        context.Response.OnStarting(() =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>() is not null)
            {
                context.Response.Headers.CacheControl = "no-store";
                context.Response.Headers.Pragma = "no-cache";
                context.Response.Headers.Append(Microsoft.Net.Http.Headers.HeaderNames.Vary, "HX-Request");
            }
            return Task.CompletedTask;
        });
        return next(context);
    }

    /// <summary>
    /// A body announced larger than this endpoint takes (1 MB; the import 20 MB, set once routing has chosen it) is a 413
    /// before anything reads it — read first, the antiforgery check would turn Kestrel's 413 into a 400.
    /// </summary>
    private static Task RefuseOversizedBodies(HttpContext context, RequestDelegate next)
    {
        if (context.Request.ContentLength is { } length && context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } limit
            && length > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return Task.CompletedTask;
        }
        return next(context);
    }

    /// <summary>Says so in the log when the app answers to any Host header in production.</summary>
    public static void WarnAboutOpenHosts(this WebApplication app)
    {
        if (app.Environment.IsProduction() && app.Configuration["AllowedHosts"] is null or "*")
            app.Logger.LogWarning("AllowedHosts is \"*\": the app answers to any Host header. Set AllowedHosts to the host name(s) you serve it under.");
    }

    /// <summary>Behind a proxy: the client's address and scheme from its headers, and the path the app is served under.</summary>
    public static IApplicationBuilder UseProxyHeaders(this WebApplication app)
    {
        app.Use(app.Services.GetRequiredService<ForwardedHeadersWarning>().Middleware);
        app.UseForwardedHeaders();
        if (app.Configuration["PathBase"] is { Length: > 0 } pathBase) app.UsePathBase(pathBase);
        return app;
    }

    /// <summary>Errors as pages without internals (a database that cannot be reached is a 503); the detailed page in Development.</summary>
    public static IApplicationBuilder UseErrorPages(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandlingPath = "/error",
                StatusCodeSelector = e => DatabaseErrors.IsUnavailable(e) ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError,
            });
            app.UseHsts();
        }
        return app.UseStatusCodePagesWithReExecute("/error/{0}");
    }

    public static IApplicationBuilder UseNoStoreForPages(this IApplicationBuilder app) => app.Use(NoStore);

    public static IApplicationBuilder UseBodyLimits(this IApplicationBuilder app) => app.Use(RefuseOversizedBodies);
}

using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;

namespace Sovereign.Web.Infrastructure;

public static class WebSetup
{
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static IServiceCollection AddSovereignWeb(this IServiceCollection services, IConfiguration config, IHostEnvironment env)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSovereignAuth(config, env);
        services.AddScoped<Sovereign.Web.Services.PersonalDataService>();
        services.AddScoped<Sovereign.Web.Services.HabitService>();
        services.AddScoped<Sovereign.Web.Services.RelapseService>();
        services.AddScoped<Sovereign.Web.Services.UrgeService>();
        services.AddScoped<Sovereign.Web.Services.InsightsService>();
        services.Configure<RouteOptions>(o => o.LowercaseUrls = true);
        services.AddRazorPages(o =>
        {
            o.Conventions.ConfigureFilter(new UnknownHandlerFilter());
            // Every page needs a signed-in user, but for these.
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AllowAnonymousToFolder("/Auth");
            o.Conventions.AllowAnonymousToPage("/Index");
            o.Conventions.AllowAnonymousToPage("/Error");
            o.Conventions.AllowAnonymousToPage("/Help/Index");
            o.Conventions.AddFolderApplicationModelConvention("/Auth",
                m => m.EndpointMetadata.Add(new Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute(Auth.RateLimitPolicy)));
        });
        services.AddAntiforgery(o =>
        {
            o.HeaderName = "RequestVerificationToken"; // sent by wwwroot/js/site.js on every htmx request
            o.Cookie.Name = "sovereign.af";
            o.Cookie.SecurePolicy = env.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        });
        // Keys live in the database, so cookies survive restarts and work on every instance.
        services.AddDataProtection().SetApplicationName("Sovereign").PersistKeysToDbContext<AppDb>();
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o =>
        {
            o.AddServerHeader = false;
            // Every form here is small; the import page raises its own limit. Larger bodies get the 413 page.
            o.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
        });
        services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o =>
        {
            o.ValueLengthLimit = (int)MaxRequestBodyBytes;
            o.ValueCountLimit = 200;
        });
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Loopback is trusted by default; a proxy elsewhere is named in ForwardedHeaders:KnownProxies.
            foreach (var proxy in (config["ForwardedHeaders:KnownProxies"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                o.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
        });
        services.AddHsts(o => { o.MaxAge = TimeSpan.FromDays(365); o.IncludeSubDomains = true; });
        return services;
    }

    /// <summary>
    /// Under a path base, a redirect to a root-relative address of ours ("/dashboard") gets the prefix; addresses that
    /// already carry it (the sign-in redirects, a return URL taken from the browser) are left as they are.
    /// </summary>
    private static Task PrefixRedirects(HttpContext context, RequestDelegate next)
    {
        var pathBase = context.Request.PathBase; // taken now: UsePathBase puts the old one back before the response starts
        context.Response.OnStarting(() =>
        {
            var location = context.Response.Headers.Location.ToString();
            if (location.StartsWith('/') && !location.StartsWith("//", StringComparison.Ordinal)
                && !new PathString(location.Split('?')[0]).StartsWithSegments(pathBase))
                context.Response.Headers.Location = pathBase + location;
            return Task.CompletedTask;
        });
        return next(context);
    }

    public static WebApplication UseSovereignPipeline(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (app.Configuration["PathBase"] is { Length: > 0 } pathBase)
        {
            app.UsePathBase(pathBase);
            app.Use(PrefixRedirects);
        }
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandlingPath = "/error",
                StatusCodeSelector = e => DatabaseErrors.IsUnavailable(e) ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError,
            });
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseSecurityHeaders();
        app.UseRouting();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();

        app.MapStaticAssets();
        app.MapRazorPages().WithStaticAssets();
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", async (AppDb db, CancellationToken ct) =>
            await db.Database.CanConnectAsync(ct) ? Results.Text("ready") : Results.Text("database unreachable", statusCode: 503));
        return app;
    }
}

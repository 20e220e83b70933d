using System.Security.Claims;
using System.Threading.RateLimiting;
using Htmx;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Services;

namespace Sovereign.Web.Infrastructure;

public static class Auth
{
    public const string RateLimitPolicy = "auth";
    private const string StampClaim = "sovereign:stamp";

    /// <summary>How often a cookie's security stamp is checked against the database (and the cookie renewed).</summary>
    public static readonly TimeSpan StampCheckInterval = TimeSpan.FromMinutes(1);

    public static Guid Id(this ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!);

    public static Task SignInAsync(this HttpContext context, User user, bool remember) =>
        context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()),
                new Claim(ClaimTypes.Name, user.Username),
                new Claim(StampClaim, user.SecurityStamp),
            ], CookieAuthenticationDefaults.AuthenticationScheme)),
            new AuthenticationProperties { IsPersistent = remember });

    public static IServiceCollection AddSovereignAuth(this IServiceCollection services, IConfiguration config, IHostEnvironment env)
    {
        services.AddScoped<AccountService>();
        services.AddSingleton<Passwords>();

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.Cookie.Name = "sovereign.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = env.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
            o.SlidingExpiration = true;
            o.LoginPath = "/auth/login";
            o.LogoutPath = "/auth/logout";
            o.AccessDeniedPath = "/error/403";
            o.ReturnUrlParameter = "returnUrl";
            o.Events.OnValidatePrincipal = ValidateSecurityStampAsync;
            o.Events.OnRedirectToLogin = context =>
            {
                // htmx would swap the login page into a card: ask it for a full navigation instead.
                if (context.Request.IsHtmx())
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    context.Response.Headers["HX-Redirect"] = context.RedirectUri;
                }
                else context.Response.Redirect(context.RedirectUri);
                return Task.CompletedTask;
            };
        });
        services.AddAuthorization();

        var permitPerMinute = config.GetValue("Auth:AttemptsPerMinutePerAddress", 20);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Sign-in, registration and recovery posts, per client address; reading the forms is free.
            o.AddPolicy(RateLimitPolicy, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permitPerMinute, Window = TimeSpan.FromMinutes(1) })
                : RateLimitPartition.GetNoLimiter("read"));
        });
        return services;
    }

    /// <summary>
    /// At most once a minute per cookie: the stamp must still be the user's, and the user active. A password change or
    /// "sign out everywhere" changes the stamp, so every other session ends within a minute. The stamp lives in the
    /// database, so this holds across all app instances.
    /// </summary>
    private static async Task ValidateSecurityStampAsync(CookieValidatePrincipalContext context)
    {
        var now = (context.Options.TimeProvider ?? TimeProvider.System).GetUtcNow();
        if (context.Properties.IssuedUtc is { } issued && now - issued < StampCheckInterval) return;

        var id = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = context.Principal?.FindFirstValue(StampClaim);
        var db = context.HttpContext.RequestServices.GetRequiredService<AppDb>();
        var current = Guid.TryParse(id, out var userId)
            ? await db.Users.Where(u => u.Id == userId && u.IsActive).Select(u => u.SecurityStamp).SingleOrDefaultAsync()
            : null;
        if (current is null || current != stamp)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        context.ShouldRenew = true;
    }
}

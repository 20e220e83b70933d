using System.Security.Claims;
using System.Threading.RateLimiting;
using Htmx;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Account;
using Sovereign.Web.Pages.Auth;

namespace Sovereign.Web.Infrastructure;

public static class Auth
{
    public const string RateLimitPolicy = "auth";
    /// <summary>Sign-in at an address that says nothing (discreet mode); the page's title is neutral there too.</summary>
    public const string NeutralSignInPath = "/notes";
    public const string ImportRateLimitPolicy = "import";
    public const string ExpensiveReadsPolicy = "reads";
    public const string EmailChangePolicy = "email";
    private const string SessionClaim = "sovereign:session";
    private const string DevicePurpose = "Sovereign.DeviceCookie";
    private static readonly TimeSpan DeviceCookieLifetime = TimeSpan.FromDays(365);

    public static Guid Id(this ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!);

    public static Guid? SessionId(this ClaimsPrincipal user) => Guid.TryParse(user.FindFirstValue(SessionClaim), out var id) ? id : null;

    /// <summary>
    /// Outside Development every cookie is Secure, so it takes the <c>__Host-</c> prefix: the browser then refuses it
    /// unless it came over HTTPS for this host and the whole site (no Domain, Path=/), so no sibling domain can plant it.
    /// </summary>
    public static string CookieName(IHostEnvironment env, string name) => env.IsDevelopment() ? name : "__Host-" + name;

    /// <summary>Starts a server-side session for the user on this device and issues its cookie.</summary>
    public static async Task SignInAsync(this HttpContext context, User user, bool remember)
    {
        var session = await context.RequestServices.GetRequiredService<SessionService>()
            .StartAsync(user.Id, remember, context.Request.Headers.UserAgent.ToString());
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()),
                new Claim(ClaimTypes.Name, user.Username),
                new Claim(SessionClaim, session.Id.ToString()),
            ], CookieAuthenticationDefaults.AuthenticationScheme)),
            new AuthenticationProperties { IsPersistent = remember });
        RememberDevice(context, user.Id);
    }

    /// <summary>Ends this device's session on the server (a copy of the cookie stops working too) and removes the cookie.</summary>
    public static async Task EndSessionAsync(this HttpContext context)
    {
        if (context.User.SessionId() is { } session && Guid.TryParse(context.User.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
            await context.RequestServices.GetRequiredService<SessionService>().EndAsync(userId, session);
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>The device cookie's name in this environment and the protector that seals its contents.</summary>
    private static (string Name, IDataProtector Protector, IHostEnvironment Env) DeviceCookie(HttpContext context)
    {
        var env = context.RequestServices.GetRequiredService<IHostEnvironment>();
        return (CookieName(env, "sovereign.device"), context.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(DevicePurpose), env);
    }

    /// <summary>Who this browser is: the sign-in client, with the device cookie a successful sign-in left, if any.</summary>
    public static SignInClient SignInClient(this HttpContext context)
    {
        var (name, protector, _) = DeviceCookie(context);
        try
        {
            if (context.Request.Cookies[name] is { } cookie
                && protector.Unprotect(cookie).Split(':') is [var user, var device] && Guid.TryParse(user, out var userId))
                return new SignInClient(context.Key(), userId, device);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // A cookie that does not decrypt is no device of ours.
        }
        return new SignInClient(context.Key());
    }

    /// <summary>Marks this browser as a device the user has signed in on (OWASP's device cookie): it keeps its own sign-in allowance.</summary>
    private static void RememberDevice(HttpContext context, Guid userId)
    {
        var (name, protector, env) = DeviceCookie(context);
        var device = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        context.Response.Cookies.Append(name, protector.Protect($"{userId}:{device}"), new CookieOptions
        {
            HttpOnly = true, Secure = !env.IsDevelopment() || context.Request.IsHttps, SameSite = SameSiteMode.Strict, Path = "/",
            MaxAge = DeviceCookieLifetime, IsEssential = true,
        });
    }

    public static IServiceCollection AddSovereignAuth(this IServiceCollection services, IConfiguration config, IHostEnvironment env)
    {
        services.AddScoped<AccountService>();
        services.AddScoped<SessionService>();
        services.AddScoped<SignInThrottle>();
        services.AddSingleton<SessionCache>();
        services.AddSingleton<Passwords>();

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.Cookie.Name = CookieName(env, "sovereign.auth");
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.Path = "/";
            o.Cookie.SecurePolicy = env.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            // Idle limit (sliding); the session row adds the absolute one (12 hours, 30 days when remembered).
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
            o.SlidingExpiration = true;
            o.LoginPath = "/auth/login";
            o.LogoutPath = "/auth/logout";
            o.AccessDeniedPath = "/error/403";
            o.ReturnUrlParameter = "returnUrl";
            o.Events.OnValidatePrincipal = ValidateSessionAsync;
            o.Events.OnRedirectToLogin = context =>
            {
                // Root-relative: the Host header of the request is not repeated back in the redirect.
                var uri = new Uri(context.RedirectUri, UriKind.RelativeOrAbsolute);
                var target = uri.IsAbsoluteUri ? uri.PathAndQuery : context.RedirectUri;
                // htmx would swap the login page into a card: ask it for a full navigation instead.
                if (context.Request.IsHtmx())
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    context.Response.Headers["HX-Redirect"] = target;
                }
                // A caller that does not take HTML (a script asking for JSON) is told, not sent to a form.
                else if (!AcceptsHtml(context.Request)) context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                else context.Response.Redirect(target);
                return Task.CompletedTask;
            };
        });
        // Private by default: every endpoint needs a signed-in user unless it says otherwise (AllowAnonymous). A request
        // that matches no endpoint reaches nothing private: it goes on to its 404 rather than to the sign-in page.
        services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder()
            .RequireAssertion(c => c.User.Identity?.IsAuthenticated == true || c.Resource is HttpContext { } http && http.GetEndpoint() is null)
            .Build());

        var attemptsPerMinute = config.GetValue("Auth:AttemptsPerMinutePerAddress", 20);
        var writesPerMinute = config.GetValue("RateLimits:WritesPerMinutePerUser", 120);
        var importsPerHour = config.GetValue("RateLimits:ImportsPerHourPerUser", 10);
        var readsPerMinute = config.GetValue("RateLimits:ExpensiveReadsPerMinute", 30);
        var emailChangesPerDay = config.GetValue("RateLimits:EmailChangesPerDayPerUser", 5);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Sign-in, registration and recovery posts, per client address; reading the forms is free.
            o.AddPolicy(RateLimitPolicy, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter("auth:" + context.Key(),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = attemptsPerMinute, Window = TimeSpan.FromMinutes(1) })
                : RateLimitPartition.GetNoLimiter("read"));
            o.AddPolicy(ImportRateLimitPolicy, context => HttpMethods.IsPost(context.Request.Method) && context.User.Identity?.IsAuthenticated == true
                ? RateLimitPartition.GetFixedWindowLimiter("import:" + context.User.Id(),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = importsPerHour, Window = TimeSpan.FromHours(1) })
                : RateLimitPartition.GetNoLimiter("read"));
            // Pages that read a lot (export, insights, a shared page): per user, or per client address when signed out.
            o.AddPolicy(ExpensiveReadsPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.User.Identity?.IsAuthenticated == true ? "reads:" + context.User.Id() : "reads:" + context.Key(),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = readsPerMinute, Window = TimeSpan.FromMinutes(1) }));
            // An address already in use is not said, but the settings page shows whether a change took: few tries a day.
            o.AddPolicy(EmailChangePolicy, context => HttpMethods.IsPost(context.Request.Method) && context.User.Identity?.IsAuthenticated == true
                && string.Equals(context.Request.Query["handler"], "email", StringComparison.OrdinalIgnoreCase)
                ? RateLimitPartition.GetFixedWindowLimiter("email:" + context.User.Id(),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = emailChangesPerDay, Window = TimeSpan.FromDays(1) })
                : RateLimitPartition.GetNoLimiter("other"));
            // Every change a signed-in user makes: enough for anyone tapping through their day, not for a script.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.User.Identity?.IsAuthenticated == true && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
                    ? RateLimitPartition.GetTokenBucketLimiter("writes:" + context.User.Id(), _ => WriteBucket(writesPerMinute))
                    : RateLimitPartition.GetNoLimiter("free"));
        });
        return services;
    }

    /// <summary>Whether a request takes an HTML page: a browser's Accept names text/html; none, or */*, takes anything.</summary>
    private static bool AcceptsHtml(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        return accept.Count == 0 || accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase) || a.MediaType.Equals("*/*", StringComparison.Ordinal));
    }

    /// <summary>A full minute's worth at once, then refilled evenly: at least once a second, a token at a time below 60 a minute.</summary>
    private static TokenBucketRateLimiterOptions WriteBucket(int perMinute) => new()
    {
        TokenLimit = perMinute, QueueLimit = 0, AutoReplenishment = true,
        TokensPerPeriod = perMinute >= 60 ? perMinute / 60 : 1,
        ReplenishmentPeriod = perMinute >= 60 ? TimeSpan.FromSeconds(1) : TimeSpan.FromMinutes(1) / Math.Max(1, perMinute),
    };

    /// <summary>
    /// Every request: the session the cookie names must still be on the server (see <see cref="SessionService"/>); a
    /// locked one stays signed in for the unlock page, which <see cref="SessionLock"/> holds every other private page to.
    /// </summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var http = context.HttpContext;
        // What keeps a session from locking: a private page, or the open page saying someone is there (/auth/unlock/state).
        var activity = http.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is null || http.Request.Path.StartsWithSegments("/auth/unlock");
        var state = principal?.SessionId() is { } session && Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)
            ? await http.RequestServices.GetRequiredService<SessionService>().CheckAsync(session, userId, activity)
            : SessionState.Ended;
        if (state == SessionState.Locked) http.MarkLocked();
        if (state != SessionState.Ended) return;
        context.RejectPrincipal();
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }
}

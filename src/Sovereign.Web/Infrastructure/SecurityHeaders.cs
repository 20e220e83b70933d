namespace Sovereign.Web.Infrastructure;

public static class SecurityHeaders
{
    // Everything comes from this origin: no CDN, fonts or trackers, and no inline script or style.
    // img-src allows data: for the small SVG icons inside Bootstrap's stylesheet.
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; manifest-src 'self'; worker-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    /// <summary>Adds the headers to every answer, error pages included (the exception handler clears earlier ones).</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // A supporter's page (/s/…), and every answer there, errors included, is kept out of search engines.
        var shared = Pages.Shares.OpenModel.Serves(context.Request.Path);
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            if (shared) headers["X-Robots-Tag"] = "noindex, nofollow";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    });
}

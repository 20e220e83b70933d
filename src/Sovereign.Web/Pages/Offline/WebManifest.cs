using System.Text.Json;
using Sovereign.Web.Data;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Models;

namespace Sovereign.Web.Pages.Offline;

/// <summary>
/// The web app manifest that makes Sovereign installable. Discreet mode changes the installed app's name, icon, start
/// page and shortcuts ("Daily notes"), the colour mode its colours; both travel in the manifest's own address, which each
/// page links (<see cref="Href"/>): a browser fetches a manifest without cookies, and checks it again later, signed in
/// or not, so the answer must not depend on a session.
/// </summary>
public static class WebManifest
{
    public const string NeutralName = "Daily notes";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public sealed record Icon(string Src, string Sizes, string Type, string Purpose);
    public sealed record Shortcut(string Name, string ShortName, string Url);
    public sealed record Manifest(string Id, string Name, string ShortName, string StartUrl, string Scope, string Display,
        string BackgroundColor, string ThemeColor, IReadOnlyList<Icon> Icons, IReadOnlyList<Shortcut> Shortcuts);

    /// <summary>The address a page links: the plain one, or with the discreet flag and a colour mode.</summary>
    public static string Href(string root, bool discreet, ColorMode mode) =>
        root + "/manifest.webmanifest" + (discreet, mode) switch
        {
            (false, ColorMode.Auto) => "",
            _ => "?" + string.Join('&', new[] { discreet ? "discreet=1" : null, mode == ColorMode.Auto ? null : "mode=" + SnakeCaseEnum<ColorMode>.Name(mode) }.OfType<string>()),
        };

    public static Manifest For(string root, bool discreet, ColorMode mode)
    {
        var icon = discreet ? "notes" : "sovereign";
        var dark = mode == ColorMode.Dark;
        return new Manifest(
            Id: root + "/", Name: discreet ? NeutralName : "Sovereign", ShortName: discreet ? "Notes" : "Sovereign",
            // Discreet, the app opens on the neutral sign-in (which goes on to the dashboard when signed in).
            StartUrl: root + (discreet ? Infrastructure.Auth.NeutralSignInPath : "/dashboard"), Scope: root + "/", Display: "standalone",
            BackgroundColor: dark ? "#212529" : "#ffffff", ThemeColor: dark ? "#212529" : discreet ? "#4a5563" : "#2f6f62",
            Icons:
            [
                new($"{root}/icons/{icon}-192.png", "192x192", "image/png", "any"),
                new($"{root}/icons/{icon}-512.png", "512x512", "image/png", "any"),
                new($"{root}/icons/{icon}-maskable-512.png", "512x512", "image/png", "maskable"),
            ],
            Shortcuts:
            [
                new(discreet ? "A quick note" : "Log an urge", discreet ? "Note" : "Urge", root + "/urges"),
                new(discreet ? "Help" : "Need help now?", "Help", root + "/help"),
            ]);
    }

    public static IEndpointRouteBuilder MapWebManifest(this IEndpointRouteBuilder app)
    {
        app.MapGet("/manifest.webmanifest", (HttpContext http, string? discreet, string? mode) =>
        {
            http.Response.Headers.CacheControl = "no-cache";
            var colors = SnakeCaseEnum<ColorMode>.TryParse(mode, out var m) ? m : ColorMode.Auto;
            var manifest = For(http.Request.PathBase, discreet == "1", colors);
            return Results.Text(JsonSerializer.Serialize(manifest, Json), "application/manifest+json");
        }).AllowAnonymous();
        return app;
    }
}

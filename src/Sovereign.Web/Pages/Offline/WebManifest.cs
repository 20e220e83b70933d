using System.Text.Json;
using Sovereign.Web.Data;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Models;

namespace Sovereign.Web.Pages.Offline;

/// <summary>
/// The web app manifest that makes Sovereign installable: written per request, because discreet mode changes the
/// installed app's name, icon and shortcuts ("Daily notes"), and the colour mode its colours.
/// </summary>
public static class WebManifest
{
    public const string NeutralName = "Daily notes";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public sealed record Icon(string Src, string Sizes, string Type, string Purpose);
    public sealed record Shortcut(string Name, string ShortName, string Url);
    public sealed record Manifest(string Id, string Name, string ShortName, string StartUrl, string Scope, string Display,
        string BackgroundColor, string ThemeColor, IReadOnlyList<Icon> Icons, IReadOnlyList<Shortcut> Shortcuts);

    public static Manifest For(string root, bool discreet, ColorMode mode)
    {
        var icon = discreet ? "notes" : "sovereign";
        var dark = mode == ColorMode.Dark;
        return new Manifest(
            Id: root + "/", Name: discreet ? NeutralName : "Sovereign", ShortName: discreet ? "Notes" : "Sovereign",
            StartUrl: root + "/dashboard", Scope: root + "/", Display: "standalone",
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
                new("Need help now?", "Help", root + "/help"),
            ]);
    }

    public static IEndpointRouteBuilder MapWebManifest(this IEndpointRouteBuilder app)
    {
        app.MapGet("/manifest.webmanifest", async (HttpContext http, CurrentUser me) =>
        {
            var settings = http.User.Identity?.IsAuthenticated == true ? await me.SettingsAsync() : null;
            // Per user: no shared cache may keep one person's (discreet) manifest for another.
            http.Response.Headers.CacheControl = "no-store";
            var manifest = For(http.Request.PathBase, settings?.Discreet == true, settings?.ColorMode ?? ColorMode.Auto);
            return Results.Text(JsonSerializer.Serialize(manifest, Json), "application/manifest+json");
        }).AllowAnonymous();
        return app;
    }
}

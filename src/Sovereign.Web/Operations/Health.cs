using Sovereign.Web.Data;

namespace Sovereign.Web.Operations;

public static class Health
{
    /// <summary>/healthz: the process answers. /readyz: and reaches its database (503 when it does not). Both public.</summary>
    public static IEndpointRouteBuilder MapHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Text("ok")).AllowAnonymous();
        app.MapGet("/readyz", async (AppDb db, CancellationToken ct) =>
            await db.Database.CanConnectAsync(ct) ? Results.Text("ready") : Results.Text("database unreachable", statusCode: 503)).AllowAnonymous();
        return app;
    }
}

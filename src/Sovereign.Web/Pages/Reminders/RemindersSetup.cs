using Lib.Net.Http.WebPush;
using Sovereign.Web.Operations;

namespace Sovereign.Web.Pages.Reminders;

public static class RemindersSetup
{
    /// <summary>This folder's services: the VAPID keys, the push client that calls only public addresses, the sender and the planner.</summary>
    public static IServiceCollection AddReminders(this IServiceCollection services, IConfiguration config, IHostEnvironment env)
    {
        var options = config.GetSection("Push").Get<PushOptions>() ?? new PushOptions();
        if (options.AllowLoopbackEndpoints && env.IsProduction())
            throw new InvalidOperationException("Push:AllowLoopbackEndpoints is for tests only and is refused in Production.");
        services.AddSingleton(options);
        services.AddSingleton<VapidKeyStore>();
        services.AddSingleton(_ => new PushServiceClient(PushEndpoints.Client(options)) { AutoRetryAfter = false });
        services.AddScoped<PushSender>();
        services.AddScoped<ReminderPlanner>();
        services.AddScheduledJob<ReminderPlanner>();
        return services;
    }

    /// <summary>
    /// For the service worker's "Done" action: a request token of this session, which it has no page to read from
    /// (signed in only, and a locked session gets the unlock page instead).
    /// </summary>
    public static IEndpointRouteBuilder MapReminders(this IEndpointRouteBuilder app)
    {
        app.MapGet("/reminders/token", (HttpContext http, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery) =>
            Results.Json(new { token = antiforgery.GetAndStoreTokens(http).RequestToken }));
        return app;
    }
}

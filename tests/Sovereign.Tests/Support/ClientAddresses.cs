using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Sovereign.Tests.Support;

/// <summary>
/// Lets an in-memory test speak from several network addresses (the test server has none): a request's
/// "X-Test-Client-Address" header becomes its remote address, before anything else sees the request.
/// </summary>
public sealed class ClientAddresses : IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    public static void Add(IServiceCollection services) => services.AddSingleton<IStartupFilter, ClientAddresses>();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.Headers[Header].FirstOrDefault() is { } address) context.Connection.RemoteIpAddress = IPAddress.Parse(address);
            return nextMiddleware(context);
        });
        next(app);
    };

    /// <summary>A client of <paramref name="app"/> whose requests come from <paramref name="address"/>.</summary>
    public static HttpClient From(SovereignApp app, string address)
    {
        var client = app.NewClient();
        client.DefaultRequestHeaders.Add(Header, address);
        return client;
    }
}

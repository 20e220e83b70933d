using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Sovereign.Web.Infrastructure;

/// <summary>
/// Says in the log when X-Forwarded-* headers arrive from a peer that is not a trusted proxy: they are ignored then,
/// so every client looks like the proxy (one rate-limit bucket for everyone) and HTTPS looks like HTTP. At most one
/// warning every ten minutes.
/// </summary>
public sealed class ForwardedHeadersWarning(IOptions<ForwardedHeadersOptions> options, ILogger<ForwardedHeadersWarning> logger, TimeProvider clock)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMinutes(10);
    private long lastWarnedTicks;

    public Task Middleware(HttpContext context, RequestDelegate next)
    {
        var headers = context.Request.Headers;
        if ((headers.ContainsKey(ForwardedHeadersDefaults.XForwardedForHeaderName) || headers.ContainsKey(ForwardedHeadersDefaults.XForwardedProtoHeaderName))
            && context.Connection.RemoteIpAddress is { } peer && !IsTrusted(peer))
        {
            var now = clock.GetUtcNow().UtcTicks;
            var last = Interlocked.Read(ref lastWarnedTicks);
            if (now - last >= Quiet.Ticks && Interlocked.CompareExchange(ref lastWarnedTicks, now, last) == last)
                logger.LogWarning("Ignoring X-Forwarded-* headers from {Peer}, which is not a trusted proxy. If it is your reverse proxy, " +
                    "add it to ForwardedHeaders__KnownProxies or ForwardedHeaders__KnownNetworks.", peer);
        }
        return next(context);
    }

    private bool IsTrusted(System.Net.IPAddress peer)
    {
        if (peer.IsIPv4MappedToIPv6) peer = peer.MapToIPv4();
        var o = options.Value;
        return o.KnownProxies.Contains(peer) || o.KnownIPNetworks.Any(n => n.Contains(peer));
    }
}

using System.Net;
using System.Net.Sockets;

namespace Sovereign.Web.Pages.Reminders;

/// <summary>
/// A push endpoint is an address a browser hands the server, so the server must never be made to call inward with it:
/// only https, only hosts whose every address is public — checked when it is stored and again on every connection
/// (<see cref="ConnectOnlyToPublic"/>), so a DNS answer that changes later cannot turn it inward. Loopback is allowed
/// only when <see cref="PushOptions.AllowLoopbackEndpoints"/> is on (the tests' fake push service; refused in Production).
/// </summary>
public static class PushEndpoints
{
    private static readonly IPNetwork[] NotPublic = [.. new[]
    {
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
        "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/3",
        "::/127", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32", "2002::/16", "fc00::/7", "fe80::/10", "ff00::/8",
    }.Select(IPNetwork.Parse)];

    /// <summary>Not loopback, private, link-local (the cloud metadata address), carrier-grade NAT, documentation, multicast or reserved.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return !NotPublic.Any(network => network.Contains(address));
    }

    private static bool Allowed(IPAddress address, bool allowLoopback) => IsPublic(address) || (allowLoopback && IPAddress.IsLoopback(address));

    /// <summary>What is wrong with an endpoint as a browser sent it, or null. Resolves its host, as a connection would.</summary>
    public static async Task<string?> ProblemAsync(string? endpoint, bool allowLoopback, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(endpoint) || endpoint.Length > Models.PushDevice.MaxEndpointLength
            || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0)
            return "This browser's push address is not one we can use.";
        var loopbackHost = allowLoopback && (uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip)));
        if (uri.Scheme != Uri.UriSchemeHttps && !(loopbackHost && uri.Scheme == Uri.UriSchemeHttp))
            return "A push address must use https.";
        try
        {
            var addresses = await AddressesAsync(uri.IdnHost, cancellationToken);
            if (addresses.Length == 0 || !addresses.All(a => Allowed(a, allowLoopback)))
                return "This push address leads to a private network, which this server does not call.";
        }
        catch (SocketException)
        {
            return "This push address could not be found. Try again in a moment.";
        }
        return null;
    }

    private static async Task<IPAddress[]> AddressesAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);

    /// <summary>
    /// The connection the push client makes: the host is resolved here, and the connection goes to its addresses only
    /// when every one of them is allowed (a name that answers both public and private addresses is refused).
    /// </summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> ConnectOnlyToPublic(bool allowLoopback) =>
        async (context, cancellationToken) =>
        {
            var addresses = await AddressesAsync(context.DnsEndPoint.Host, cancellationToken);
            if (addresses.Length == 0 || !addresses.All(a => Allowed(a, allowLoopback)))
                throw new RefusedAddressException();
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };

    /// <summary>The most of a push service's answer that is read (its answers are a few hundred bytes).</summary>
    public const int MaxAnswerBytes = 16 * 1024;

    /// <summary>The client every push goes through: no redirects, no proxy, short timeouts, a small answer.</summary>
    public static HttpClient Client(PushOptions options) =>
        new(new SmallAnswers(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            ConnectCallback = ConnectOnlyToPublic(options.AllowLoopbackEndpoints),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5), // a DNS change is seen (and checked) within minutes
        }))
        {
            Timeout = TimeSpan.FromSeconds(10),
            MaxResponseContentBufferSize = MaxAnswerBytes,
        };

    /// <summary>Reads an answer into memory up to <see cref="MaxAnswerBytes"/>, whoever reads it later; a longer one is refused.</summary>
    private sealed class SmallAnswers(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            try
            {
                await response.Content.LoadIntoBufferAsync(MaxAnswerBytes, cancellationToken);
                return response;
            }
            catch (HttpRequestException e)
            {
                response.Dispose();
                throw new HttpRequestException(HttpRequestError.ConfigurationLimitExceeded, "The push service's answer was longer than this server reads.", e);
            }
        }
    }
}

/// <summary>The push endpoint's host resolved to an address this server does not call.</summary>
public sealed class RefusedAddressException() : IOException("The push address resolves to an address this server does not call.");

public sealed class PushOptions
{
    /// <summary>"Push:Subject": how a push service may reach whoever runs this server (a mailto: or https: address).</summary>
    public string Subject { get; set; } = "mailto:admin@localhost";
    /// <summary>"Push:PublicKey" and "Push:PrivateKey" (base64url): VAPID keys of your own; by default made once and kept in the database, the private key sealed.</summary>
    public string? PublicKey { get; set; }
    public string? PrivateKey { get; set; }
    /// <summary>"Push:AllowLoopbackEndpoints": for tests only (a fake push service on 127.0.0.1); refused in Production.</summary>
    public bool AllowLoopbackEndpoints { get; set; }
}

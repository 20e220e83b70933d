using System.Net;
using System.Net.Sockets;

namespace Sovereign.Web.Infrastructure;

public static class ClientAddress
{
    /// <summary>
    /// The client's address as a limiter should count it: an IPv6 client is its /64 (one household or phone gets a
    /// whole /64 and can pick any address in it), an IPv4 client its own address.
    /// </summary>
    public static string Key(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    public static string Key(this HttpContext context) => Key(context.Connection.RemoteIpAddress);
}

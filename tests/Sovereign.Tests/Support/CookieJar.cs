namespace Sovereign.Tests.Support;

/// <summary>
/// A browser's cookie jar that clients can share (two app instances, or one app across a restart). Unlike
/// CookieContainer it also sends Secure cookies over plain http, for an app run as a process without TLS.
/// </summary>
public sealed class CookieJar
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> cookies = new();

    public DelegatingHandler NewHandler() => new Handler(this);

    /// <summary>Another jar holding the same cookies now: a copy someone made of the browser's.</summary>
    public CookieJar Copy()
    {
        var copy = new CookieJar();
        foreach (var (name, value) in cookies) copy.cookies[name] = value;
        return copy;
    }

    /// <summary>A client on <paramref name="baseAddress"/> that uses this jar and does not follow redirects.</summary>
    public HttpClient NewClient(Uri baseAddress) =>
        new(new Handler(this) { InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false } }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

    private sealed class Handler(CookieJar jar) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!jar.cookies.IsEmpty) request.Headers.Add("Cookie", string.Join("; ", jar.cookies.Select(c => $"{c.Key}={c.Value}")));
            var response = await base.SendAsync(request, cancellationToken);
            foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = header.Split(';')[0].Split('=', 2);
                if (pair[1].Length == 0) jar.cookies.TryRemove(pair[0], out _); else jar.cookies[pair[0]] = pair[1];
            }
            return response;
        }
    }
}

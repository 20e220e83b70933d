using System.Buffers.Binary;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sovereign.Tests.Support;

/// <summary>
/// A push service on 127.0.0.1, as a browser's would be: it takes Web Push requests, checks the VAPID signature (ES256,
/// for this service's origin, not expired, with a subject), and decrypts the payload (RFC 8291 over RFC 8188 aes128gcm)
/// with the subscription's private key, which only the "browser" (<see cref="Subscribe"/>) holds. Written here from the
/// RFCs with .NET's primitives, independently of the library the app sends with.
/// </summary>
public sealed class FakePushService : IAsyncDisposable
{
    public sealed record Received(string Subscription, JsonElement Payload, int TimeToLive, DateTimeOffset At)
    {
        public string Title => Payload.GetProperty("title").GetString()!;
        public string Body => Payload.GetProperty("body").GetString()!;
    }

    /// <summary>A browser's side of one subscription: what it hands the server, and its private key.</summary>
    public sealed class Browser(string id, string endpoint)
    {
        public string Id { get; } = id;
        public string Endpoint { get; } = endpoint;
        public ECDiffieHellman Key { get; } = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        public byte[] AuthSecret { get; } = RandomNumberGenerator.GetBytes(16);
        public byte[] PublicKey => [0x04, .. Key.ExportParameters(false).Q.X!, .. Key.ExportParameters(false).Q.Y!];
        public string P256dh => Base64Url.EncodeToString(PublicKey);
        public string Auth => Base64Url.EncodeToString(AuthSecret);
        /// <summary>What the next requests get: 201 unless a test queues other answers (410, 429, 500, a redirect…).</summary>
        public ConcurrentQueue<Func<HttpResponse, Task>> Answers { get; } = new();
        public Dictionary<string, string> Form(string name = "My phone") => new() { ["Endpoint"] = Endpoint, ["P256dh"] = P256dh, ["Auth"] = Auth, ["Name"] = name };
    }

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, Browser> browsers = new();
    public ConcurrentQueue<Received> Delivered { get; } = new();
    /// <summary>Every request that reached the service, delivered or not.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();
    public ConcurrentQueue<string> Problems { get; } = new();
    public Func<DateTimeOffset> Now { get; set; } = () => DateTimeOffset.UtcNow;
    public string Origin { get; private set; } = "";

    private FakePushService(WebApplication app) => this.app = app;

    public static async Task<FakePushService> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var service = new FakePushService(app);
        app.MapPost("/push/{id}", service.HandleAsync);
        app.MapPost("/elsewhere", () => { service.Requests.Enqueue("elsewhere"); return Results.Created(); });
        await app.StartAsync();
        service.Origin = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return service;
    }

    public Browser Subscribe()
    {
        var id = Guid.NewGuid().ToString("N");
        return browsers[id] = new Browser(id, $"{Origin}/push/{id}");
    }

    public IReadOnlyList<Received> For(Browser browser) => Delivered.Where(d => d.Subscription == browser.Id).ToList();

    private async Task HandleAsync(HttpContext context, string id)
    {
        Requests.Enqueue(id);
        if (!browsers.TryGetValue(id, out var browser)) { context.Response.StatusCode = 404; return; }
        if (browser.Answers.TryDequeue(out var answer)) { await answer(context.Response); return; }
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var problem = VapidProblem(context.Request.Headers.Authorization.ToString());
        if (problem is null && context.Request.Headers.ContentEncoding != "aes128gcm") problem = "not aes128gcm";
        if (problem is not null) { Problems.Enqueue(problem); context.Response.StatusCode = 403; return; }
        var payload = Decrypt(body.ToArray(), browser);
        Delivered.Enqueue(new Received(id, JsonDocument.Parse(payload).RootElement.Clone(), int.Parse(context.Request.Headers["TTL"]!), Now()));
        context.Response.StatusCode = 201;
    }

    /// <summary>RFC 8292: "vapid t=JWT, k=public key"; the JWT signed by that key, for this origin, expiring within a day.</summary>
    private string? VapidProblem(string authorization)
    {
        if (!authorization.StartsWith("vapid ", StringComparison.Ordinal)) return "no vapid authorization";
        var parts = authorization[6..].Split(',', StringSplitOptions.TrimEntries).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var jwt = parts["t"].Split('.');
        using var key = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Base64Url.DecodeFromChars(parts["k"])[1..33], Y = Base64Url.DecodeFromChars(parts["k"])[33..] },
        });
        if (!key.VerifyData(Encoding.ASCII.GetBytes($"{jwt[0]}.{jwt[1]}"), Base64Url.DecodeFromChars(jwt[2]), HashAlgorithmName.SHA256)) return "bad signature";
        var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(jwt[1])).RootElement;
        // The library names the origin without its port: push services listen on 443, where the two are the same.
        var audience = new Uri(Origin).GetComponents(UriComponents.SchemeAndServer & ~UriComponents.Port, UriFormat.UriEscaped);
        if (claims.GetProperty("aud").GetString() != audience) return "wrong audience " + claims.GetProperty("aud").GetString();
        var expires = DateTimeOffset.FromUnixTimeSeconds(claims.GetProperty("exp").GetInt64());
        if (expires < DateTimeOffset.UtcNow || expires > DateTimeOffset.UtcNow.AddHours(24)) return "bad expiry";
        return claims.TryGetProperty("sub", out var sub) && sub.GetString() is { Length: > 0 } ? null : "no subject";
    }

    /// <summary>RFC 8291 §3.4 and RFC 8188: one record, its padding delimiter 2.</summary>
    private static string Decrypt(byte[] body, Browser browser)
    {
        var salt = body[..16];
        var keyIdLength = body[20];
        var senderKey = body[21..(21 + keyIdLength)];
        var cipherText = body[(21 + keyIdLength)..];
        using var sender = ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = senderKey[1..33], Y = senderKey[33..] },
        });
        var shared = browser.Key.DeriveRawSecretAgreement(sender.PublicKey);
        byte[] keyInfo = [.. "WebPush: info\0"u8, .. browser.PublicKey, .. senderKey];
        var ikm = HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, 32, browser.AuthSecret, keyInfo);
        var prk = HKDF.Extract(HashAlgorithmName.SHA256, ikm, salt);
        var contentKey = HKDF.Expand(HashAlgorithmName.SHA256, prk, 16, "Content-Encoding: aes128gcm\0"u8.ToArray());
        var nonce = HKDF.Expand(HashAlgorithmName.SHA256, prk, 12, "Content-Encoding: nonce\0"u8.ToArray());
        var plain = new byte[cipherText.Length - 16];
        using (var aes = new AesGcm(contentKey, 16)) aes.Decrypt(nonce, cipherText[..^16], cipherText[^16..], plain);
        var end = Array.LastIndexOf(plain, (byte)2);
        if (BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(16, 4)) < 18 || end < 0) throw new InvalidDataException("bad record");
        return Encoding.UTF8.GetString(plain, 0, end);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}

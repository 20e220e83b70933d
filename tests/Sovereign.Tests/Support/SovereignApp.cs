using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Sovereign.Web.Data;

namespace Sovereign.Tests.Support;

/// <summary>
/// The whole app over HTTP on its own fresh database. Dispose it to drop the database.
/// Configure tweaks before the first request: <see cref="Environment"/>, <see cref="Clock"/>, <see cref="Settings"/>.
/// </summary>
public sealed class SovereignApp(TestDatabase database) : WebApplicationFactory<Program>
{
    public TestDatabase Database { get; } = database;
    public string Environment { get; init; } = "Test";
    public FakeTimeProvider? Clock { get; init; }
    /// <summary>Configuration for this app. bcrypt runs at cost 4 in tests (a test that checks the cost removes it), and the
    /// per-user write limit is out of the way (the test of the limit sets its own).</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Auth:BcryptWorkFactor"] = TestPasswords.WorkFactor, ["RateLimits:WritesPerMinutePerUser"] = TestPasswords.UnlimitedWrites,
        ["RateLimits:ExpensiveReadsPerMinute"] = TestPasswords.UnlimitedWrites,
        // Scheduled work would add its statements to the counts of requests; the tests of jobs turn it on.
        ["Jobs:Enabled"] = "false",
    };
    /// <summary>False for a second app on another's database (two instances behind one load balancer): it leaves the database be.</summary>
    public bool OwnsDatabase { get; init; } = true;
    public Action<IServiceCollection>? ExtraServices { get; init; }
    public CapturedLogs Logs { get; } = new();

    public static async Task<SovereignApp> CreateAsync(DatabaseProvider provider = DatabaseProvider.Sqlite, string environment = "Test",
        FakeTimeProvider? clock = null, Action<IServiceCollection>? services = null) =>
        new(await TestDatabase.CreateAsync(provider)) { Environment = environment, Clock = clock, ExtraServices = services };

    public AppDb NewDbContext() => Database.NewContext(Clock);

    /// <summary>An account straight in the database (for browser tests, whose app serves on a socket rather than in memory).</summary>
    public Task<Sovereign.Web.Models.User> CreateUserAsync(string password = TestUser.DefaultPassword, string timeZone = "UTC") =>
        Database.CreateUserAsync(password, timeZone, Clock);

    /// <summary>
    /// Serves on a real socket (https://127.0.0.1, a free port, a throwaway self-signed certificate) for the browser, as
    /// production does behind TLS: cookies are Secure. Returns the base address.
    /// </summary>
    public string StartKestrel()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(SelfSignedCertificate.Value)));
        StartServer();
        return Services!.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    /// <summary>A throwaway certificate for 127.0.0.1, valid a week.</summary>
    public static X509Certificate2 Certificate => SelfSignedCertificate.Value;

    private static readonly Lazy<X509Certificate2> SelfSignedCertificate = new(() =>
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    });

    /// <summary>A browser-like client over https (cookies are Secure outside Development), not following redirects.</summary>
    public HttpClient NewClient(bool followRedirects = false) => CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = followRedirects, HandleCookies = true, BaseAddress = new Uri("https://localhost"),
    });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        builder.UseSetting("Database:Provider", Database.Provider.ToString());
        builder.UseSetting("ConnectionStrings:Sovereign", Database.ConnectionString);
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Warning");
        foreach (var (key, value) in Settings) if (value is not null) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureTestServices(services =>
        {
            if (Clock is not null) services.AddSingleton<TimeProvider>(Clock);
            ExtraServices?.Invoke(services);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (OwnsDatabase) await Database.DisposeAsync();
    }
}

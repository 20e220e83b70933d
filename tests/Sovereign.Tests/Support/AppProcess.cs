using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Sovereign.Web.Data;

namespace Sovereign.Tests.Support;

/// <summary>
/// The app in a process of its own — `dotnet Sovereign.Web.dll` in Production on plain http, as behind a reverse proxy — for what an in-process
/// host cannot show: being killed with SIGKILL, stopped with SIGTERM, and staying up while its database goes away.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    public Uri BaseAddress { get; }

    private AppProcess(Process process, Uri baseAddress) => (this.process, BaseAddress) = (process, baseAddress);

    /// <summary>Starts the app and waits until it is ready; <paramref name="port"/> restarts one where it was.</summary>
    public static Task<AppProcess> StartAsync(DatabaseProvider provider, string connectionString, int? port = null) =>
        StartAsync(new Dictionary<string, string?>
        {
            ["Database__Provider"] = provider.ToString(), ["ConnectionStrings__Sovereign"] = connectionString,
        }, port: port);

    /// <summary>
    /// Starts the app as a self-hoster would: the build output by default, or <paramref name="command"/> (a published
    /// app's DLL or a release binary) from <paramref name="workingDirectory"/>, with <paramref name="settings"/> as
    /// environment variables (null removes one), on plain http at <paramref name="urls"/> (a free loopback port by default).
    /// </summary>
    public static async Task<AppProcess> StartAsync(IDictionary<string, string?> settings, string[]? command = null, string? workingDirectory = null,
        int? port = null, string? urls = null)
    {
        var buildOutput = AppContext.BaseDirectory.Replace(Path.Combine("tests", "Sovereign.Tests"), Path.Combine("src", "Sovereign.Web"));
        command ??= ["dotnet", Path.Combine(buildOutput, "Sovereign.Web.dll")];
        var start = new ProcessStartInfo(command[0], command[1..])
        {
            WorkingDirectory = workingDirectory ?? buildOutput, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        port ??= FreePort();
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = urls ?? $"http://127.0.0.1:{port}";
        start.Environment["Auth__BcryptWorkFactor"] = TestPasswords.WorkFactor;
        start.Environment["RateLimits__WritesPerMinutePerUser"] = TestPasswords.UnlimitedWrites;
        start.Environment["RateLimits__ExpensiveReadsPerMinute"] = TestPasswords.UnlimitedWrites;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
            if (value is null) start.Environment.Remove(key); else start.Environment[key] = value;
        var app = new AppProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}"));
        app.process.OutputDataReceived += (_, e) => app.Append(e.Data);
        app.process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        app.process.BeginOutputReadLine();
        app.process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(60); await Task.Delay(100))
        {
            if (app.process.HasExited) throw new InvalidOperationException($"The app exited with {app.process.ExitCode}:\n{app.Output}");
            try
            {
                if ((await probe.GetAsync("/readyz")).IsSuccessStatusCode) return app;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
        }
        await app.DisposeAsync();
        throw new TimeoutException($"The app did not get ready within a minute:\n{app.Output}");
    }

    /// <summary>A browser behind a TLS-terminating reverse proxy: the proxy says "https" (the app trusts loopback proxies).</summary>
    public HttpClient NewClient()
    {
        var client = new CookieJar().NewClient(BaseAddress);
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        return client;
    }

    /// <summary>Signs in through the form; the client keeps the session and carries the page's antiforgery token.</summary>
    public async Task<(HttpClient Client, string Token)> SignInAsync(string email, string password = TestUser.DefaultPassword)
    {
        var client = NewClient();
        var response = await TestUser.PostFormAsync(client, "/auth/login", new() { ["Input.Login"] = email, ["Input.Password"] = password });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in answered {(int)response.StatusCode}");
        return (client, (await client.GetDocumentAsync("/habits")).AntiforgeryToken());
    }

    public string Output { get { lock (output) return output.ToString(); } }
    public bool HasExited => process.HasExited;
    public int ExitCode => process.ExitCode;

    /// <summary>SIGKILL: no chance to finish anything, as in a power cut of the process.</summary>
    public async Task KillAsync()
    {
        process.Kill();
        await process.WaitForExitAsync();
    }

    /// <summary>SIGTERM: what systemd, Docker and Kubernetes send to stop a service.</summary>
    public void Terminate()
    {
        if (SendSignal(process.Id, 15) != 0) throw new InvalidOperationException($"kill -TERM {process.Id} failed: {Marshal.GetLastWin32Error()}");
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try { await process.WaitForExitAsync(cancel.Token); return true; }
        catch (OperationCanceledException) { return false; }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited) await KillAsync();
        process.Dispose();
    }

    private void Append(string? line) { if (line is not null) lock (output) output.AppendLine(line); }

    /// <summary>A TCP port nobody listens on just now (for the app, or a PostgreSQL server of a test's own).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}

using System.Diagnostics;

namespace Sovereign.Tests.Support;

/// <summary>The app published as the README tells a self-hoster (`dotnet publish`), once per test run.</summary>
public static class PublishedApp
{
    /// <summary>The tests that publish or build releases run one after another.</summary>
    public const string Collection = "published app";

    private static readonly SemaphoreSlim Once = new(1, 1);
    private static string? directory;

    /// <summary>The configuration the tests were built in (the app was built with them).</summary>
    public static string Configuration => AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";

    /// <summary>The folder holding the published app (Sovereign.Web.dll, wwwroot, appsettings).</summary>
    public static async Task<string> DirectoryAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (directory is not null) return directory;
            var output = Path.Combine(Repository.Artifacts("publish"), "app");
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
            await RunAsync("dotnet", ["publish", Path.Combine(Repository.Root, "src", "Sovereign.Web"), "-c", Configuration, "--no-build", "-o", output]);
            return directory = output;
        }
        finally { Once.Release(); }
    }

    public static async Task<string> RunAsync(string file, string[] arguments, string? workingDirectory = null, IDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory ?? Repository.Root,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
            if (value is null) start.Environment.Remove(key); else start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stdout + await stderr;
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output}");
        return output;
    }
}

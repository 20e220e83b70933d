using System.Net;
using Sovereign.Tests.Support;

namespace Sovereign.Tests.Operations;

[Collection(PublishedApp.Collection)] // one publish at a time: they share the project's obj folder
public class ReleaseTests
{
    /// <summary>
    /// scripts/release.sh as a maintainer runs it; the archive unpacked as a self-hoster would, its binary started with
    /// no .NET anywhere on the PATH, from another directory, on SQLite: the landing page and its assets answer.
    /// </summary>
    [Fact]
    public async Task The_release_archive_runs_without_dotnet_from_another_directory()
    {
        var output = await PublishedApp.RunAsync("bash", ["scripts/release.sh", "linux-x64"]);
        var archive = Path.Combine(Repository.Root, output.Trim().Split('\n')[^1].Trim());
        Assert.Matches(@"sovereign-\d+\.\d+\.\d+-linux-x64\.tar\.gz$", archive);

        var unpacked = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"sovereign-release-{Guid.NewGuid():N}")).FullName;
        try
        {
            await PublishedApp.RunAsync("tar", ["-xzf", archive, "-C", unpacked]);
            var root = Directory.GetDirectories(unpacked).Single();
            foreach (var file in new[] { "sovereign", "sovereign.service", ".env.example", "appsettings.json", "wwwroot" })
                Assert.True(File.Exists(Path.Combine(root, file)) || Directory.Exists(Path.Combine(root, file)), $"{file} is missing from the archive");
            var unit = await File.ReadAllTextAsync(Path.Combine(root, "sovereign.service"));
            foreach (var line in new[] { "User=sovereign", "EnvironmentFile=", "Restart=on-failure", "KillSignal=SIGTERM", "TimeoutStopSec=45" })
                Assert.Contains(line, unit);

            var elsewhere = Directory.CreateDirectory(Path.Combine(unpacked, "elsewhere")).FullName;
            var noDotnet = Directory.CreateDirectory(Path.Combine(unpacked, "empty-path")).FullName;
            var settings = new Dictionary<string, string?>
            {
                ["PATH"] = noDotnet, ["DOTNET_ROOT"] = Path.Combine(unpacked, "no-dotnet-here"), ["DataDirectory"] = Path.Combine(unpacked, "state"),
            };
            await using var app = await AppProcess.StartAsync(settings, [Path.Combine(root, "sovereign")], elsewhere);
            var client = app.NewClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
            await DeploymentTests.AssertAssetsServedAsync(client, "/");
            Assert.True(File.Exists(Path.Combine(unpacked, "state", "sovereign.db")));
        }
        finally
        {
            Directory.Delete(unpacked, recursive: true);
        }
    }
}

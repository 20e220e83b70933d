using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Sovereign.Web.Data;

namespace Sovereign.Web.Operations;

/// <summary>
/// `backup FILE`: SQLite — an online, consistent copy (VACUUM INTO; restore by putting the file back in place);
/// PostgreSQL — pg_dump's custom format (restore with pg_restore).
/// </summary>
public sealed class Backup(AppDb db)
{
    public async Task RunAsync(string file)
    {
        var path = Path.GetFullPath(file);
        if (File.Exists(path)) throw new InvalidOperationException($"{path} exists already; choose a new file name.");
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("VACUUM INTO {0}", path);
            return;
        }
        var cs = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
        var start = new ProcessStartInfo(Tool("pg_dump"))
        {
            ArgumentList = { "--format=custom", "--no-owner", "--file", path, "--host", cs.Host ?? "localhost", "--port", cs.Port.ToString(),
                "--username", cs.Username ?? "postgres", cs.Database ?? "sovereign" },
            RedirectStandardError = true,
        };
        if (cs.Password is { } password) start.Environment["PGPASSWORD"] = password;
        using var dump = Process.Start(start)!;
        var errors = await dump.StandardError.ReadToEndAsync();
        await dump.WaitForExitAsync();
        if (dump.ExitCode != 0) throw new InvalidOperationException($"pg_dump failed: {errors}");
    }

    /// <summary>A PostgreSQL client tool: on the PATH, or where Debian's packages put it.</summary>
    public static string Tool(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists)
        ?? (Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").Order().Select(d => Path.Combine(d, "bin", name)).LastOrDefault(File.Exists) : null)
        ?? name;
}

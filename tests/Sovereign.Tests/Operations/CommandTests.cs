using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Operations;

namespace Sovereign.Tests.Operations;

/// <summary>The operator commands as an operator types them: `dotnet Sovereign.Web.dll COMMAND`, with exit codes and printouts.</summary>
public abstract class CommandTests(DatabaseProvider provider)
{
    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(TestDatabase database, params string[] arguments)
    {
        var buildOutput = AppContext.BaseDirectory.Replace(Path.Combine("tests", "Sovereign.Tests"), Path.Combine("src", "Sovereign.Web"));
        var start = new ProcessStartInfo("dotnet", [Path.Combine(buildOutput, "Sovereign.Web.dll"), .. arguments])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetTempPath(),
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Database__Provider"] = database.Provider.ToString();
        start.Environment["ConnectionStrings__Sovereign"] = database.ConnectionString;
        start.Environment["Auth__BcryptWorkFactor"] = TestPasswords.WorkFactor;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await errors);
    }

    [Fact]
    public async Task Migrate_brings_the_database_up_to_date_and_exits_0()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (exit, output, errors) = await RunAsync(database, "migrate");
        Assert.True(exit == 0, errors);
        Assert.Contains("Database is up to date.", output);
    }

    [Fact]
    public async Task Reset_password_prints_a_working_code_for_a_known_email_and_exits_1_for_an_unknown_one()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);

        var unknown = await RunAsync(app.Database, "reset-password", "nobody@example.org");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("No account has the email nobody@example.org", unknown.Errors);
        Assert.DoesNotContain("recovery code", unknown.Output);

        var known = await RunAsync(app.Database, "reset-password", user.Email.ToUpperInvariant());
        Assert.True(known.ExitCode == 0, known.Errors);
        var code = System.Text.RegularExpressions.Regex.Match(known.Output, "[0-9A-Z]{4}(-[0-9A-Z]{4}){4}").Value;
        Assert.NotEmpty(code);
        Secrets.Add(code);
        Secrets.Add("helped by the operator");
        var recovered = await TestUser.PostFormAsync(app.NewClient(), "/auth/recover", new()
        {
            ["Input.Email"] = user.Email, ["Input.RecoveryCode"] = code, ["Input.NewPassword"] = "helped by the operator", ["Input.ConfirmPassword"] = "helped by the operator",
        });
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        Secrets.Add((await TestUser.ParseAsync(recovered)).QuerySelector("[data-recovery-code]")!.TextContent.Trim());
    }

    [Fact]
    public async Task Seed_bench_writes_the_benchmark_users()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (exit, output, errors) = await RunAsync(database, "seed-bench");
        Assert.True(exit == 0, errors);
        Assert.Contains($"Seeded {BenchmarkSeed.Email}", output);
        await using var db = database.NewContext();
        var bench = await db.Users.SingleAsync(u => u.Email == BenchmarkSeed.Email);
        Assert.Equal(20, await db.Habits.CountAsync(h => h.UserId == bench.Id));
    }

    /// <summary>A backup taken while the app is busy writing restores to a consistent database holding every write acknowledged before it began.</summary>
    [Fact]
    public async Task Backup_during_writes_restores_to_a_consistent_database()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var user = await database.CreateUserAsync();
        await using var app = await AppProcess.StartAsync(provider, database.ConnectionString);
        var (client, token) = await app.SignInAsync(user.Email);
        var acknowledged = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var note = $"written during the backup {n}";
                var response = await client.PostAsync("/relapse/new", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = token, ["Input.Trigger"] = "stress", ["Input.Severity"] = "3", ["Input.Notes"] = note,
                }));
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                acknowledged.Enqueue(note);
            }
        });
        // A writer that fails ends the wait (and the test) at once, with its own error.
        await Wait.UntilAsync(() => acknowledged.Count >= 20 || writer.IsCompleted, "20 writes acknowledged before the backup");
        if (writer.IsCompleted) await writer;

        var before = acknowledged.ToArray();
        var file = Path.Combine(Path.GetTempPath(), $"sovereign-command-backup-{Guid.NewGuid():N}.bak");
        try
        {
            var (exit, output, errors) = await RunAsync(database, "backup", file);
            await stop.CancelAsync();
            await writer;
            var after = acknowledged.ToArray();
            Assert.True(exit == 0, errors);
            Assert.Contains("Backed up to", output);

            await using var restored = await BackupTests.RestoreAsync(provider, file);
            await using var db = restored.NewContext();
            var notes = await db.RelapseEvents.Select(r => r.Notes!).ToListAsync();
            Assert.All(before, note => Assert.Contains(note, notes)); // everything acknowledged before the backup began
            Assert.All(notes, note => Assert.Contains(note, after));  // and nothing that was never acknowledged
            if (provider == DatabaseProvider.Sqlite)
                Assert.Equal("ok", await db.Database.SqlQueryRaw<string>("PRAGMA integrity_check").ToListAsync() is [var result] ? result : "several rows");
        }
        finally { File.Delete(file); }
    }
}

public sealed class CommandTestsOnSqlite() : CommandTests(DatabaseProvider.Sqlite);

public sealed class CommandTestsOnPostgres() : CommandTests(DatabaseProvider.Postgres);

using System.Collections.Concurrent;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Models;

namespace Sovereign.Tests.Operations;

/// <summary>The app as its own process, killed and stopped the ways servers are.</summary>
public class CrashAndShutdownTests
{
    private const int Workers = 8;

    /// <summary>
    /// Eight sessions log relapses and mark past days as fast as they can; the process gets SIGKILL mid-load. After a
    /// restart every write that was answered with success is there, the streaks obey the rules, and the old session
    /// still works.
    /// </summary>
    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Every_acknowledged_write_survives_SIGKILL_and_the_database_stays_consistent(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var user = await database.CreateUserAsync();
        var habits = Enumerable.Range(1, 3).Select(i => new Habit { UserId = user.Id, Name = $"Habit {i}" }).ToList();
        await using (var db = database.NewContext())
        {
            db.AddRange(habits);
            await db.SaveChangesAsync();
        }
        await using var app = await AppProcess.StartAsync(provider, database.ConnectionString);
        var sessions = new List<(HttpClient Client, string Token)>();
        for (var i = 0; i < Workers; i++) sessions.Add(await app.SignInAsync(user.Email));

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var acknowledgedRelapses = new ConcurrentBag<string>();
        var acknowledgedDays = new ConcurrentBag<(Guid Habit, DateOnly Day)>();
        var failures = new ConcurrentBag<string>();
        var next = -1;
        using var stop = new CancellationTokenSource();
        var load = sessions.Select(session => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref next);
                try
                {
                    if (n % 3 == 0)
                    {
                        var note = $"crash test relapse {n}";
                        var response = await session.Client.PostAsync("/relapse/new", new FormUrlEncodedContent(new Dictionary<string, string>
                        {
                            ["__RequestVerificationToken"] = session.Token, ["Input.Trigger"] = "stress", ["Input.Severity"] = "3", ["Input.Notes"] = note,
                        }));
                        if (response.StatusCode == HttpStatusCode.Redirect) acknowledgedRelapses.Add(note);
                        else failures.Add($"relapse {n}: {(int)response.StatusCode}");
                    }
                    else
                    {
                        var (habit, day) = (habits[n % habits.Count].Id, today.AddDays(-(n / habits.Count) % 365));
                        var response = await session.Client.SendAsync(
                            new HttpRequestMessage(HttpMethod.Post, $"/habits/{habit}/days/{day:yyyy-MM-dd}/complete").Htmx(session.Token));
                        if (response.StatusCode == HttpStatusCode.OK) acknowledgedDays.Add((habit, day));
                        else failures.Add($"day {n}: {(int)response.StatusCode}");
                    }
                }
                catch (HttpRequestException) when (stop.IsCancellationRequested) { return; } // in flight when the process died: not acknowledged
            }
        })).ToList();

        var loading = System.Diagnostics.Stopwatch.StartNew();
        while (acknowledgedRelapses.Count + acknowledgedDays.Count < 150 && failures.IsEmpty && loading.Elapsed < TimeSpan.FromMinutes(1))
            await Task.Delay(20);
        stop.Cancel();
        await app.KillAsync();
        await Task.WhenAll(load);
        Assert.Empty(failures);
        Assert.True(acknowledgedRelapses.Count + acknowledgedDays.Count >= 150, "the load did not get going within a minute");
        var attempted = next + 1;

        await using var restarted = await AppProcess.StartAsync(provider, database.ConnectionString, port: app.BaseAddress.Port);
        await using (var db = database.NewContext())
        {
            var notes = await db.RelapseEvents.Where(r => r.UserId == user.Id).Select(r => r.Notes!).ToListAsync();
            Assert.Empty(acknowledgedRelapses.Except(notes));
            var found = new HashSet<(Guid, DateOnly)>();
            foreach (var habit in habits)
                foreach (var day in await StreakInvariants.AssertConsistentAsync(db, habit.Id)) found.Add((habit.Id, day));
            Assert.Empty(acknowledgedDays.Except(found));
            if (provider == DatabaseProvider.Sqlite)
            {
                Assert.Equal("wal", await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToAsyncEnumerable().SingleAsync());
                Assert.Equal("ok", await db.Database.SqlQueryRaw<string>("PRAGMA integrity_check").ToAsyncEnumerable().SingleAsync());
            }
            var acknowledged = acknowledgedRelapses.Count + acknowledgedDays.Count;
            var stored = notes.Count + found.Count;
            await File.WriteAllTextAsync(Path.Combine(Repository.Artifacts("reliability"), $"crash-{provider}.txt"),
                $"{provider}: {attempted} writes sent, {acknowledged} acknowledged before SIGKILL, {stored} stored after restart, " +
                $"{acknowledgedRelapses.Count(notes.Contains) + acknowledgedDays.Count(found.Contains)} of the acknowledged found\n");
        }

        // The session made before the crash still works after it: the keys and the session live in the database.
        Assert.Equal(HttpStatusCode.OK, (await sessions[0].Client.GetAsync("/dashboard")).StatusCode);
    }

    /// <summary>
    /// A completion is in flight — held up by a lock the test has on the habit — when SIGTERM arrives: the process waits
    /// for it, answers it, saves it, and exits cleanly.
    /// </summary>
    [Theory, ClassData(typeof(BothDatabases))]
    public async Task SIGTERM_lets_the_request_in_flight_finish_then_the_process_exits(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var user = await database.CreateUserAsync();
        var habit = new Habit { UserId = user.Id, Name = "Call my sponsor" };
        await using (var db = database.NewContext())
        {
            db.Add(habit);
            await db.SaveChangesAsync();
        }
        // The host says when a request starts and when it begins to shut down: the test waits for those, not for a time.
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string?>
        {
            ["Database__Provider"] = provider.ToString(), ["ConnectionStrings__Sovereign"] = database.ConnectionString,
            ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information", ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        });
        var (client, token) = await app.SignInAsync(user.Email);

        var release = await HoldHabitAsync(provider, database.ConnectionString, habit.Id);
        var inFlight = client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/habits/{habit.Id}/complete").Htmx(token));
        await Wait.UntilAsync(() => app.Output.Contains($"/habits/{habit.Id}/complete", StringComparison.OrdinalIgnoreCase)
            || inFlight.IsCompleted, "the completion to reach the app");
        Assert.False(inFlight.IsCompleted, "the completion should be waiting for the lock");

        app.Terminate();
        await Wait.UntilAsync(() => app.Output.Contains("Application is shutting down", StringComparison.Ordinal) || app.HasExited, "the app to begin shutting down");
        Assert.False(app.HasExited, "the process should wait for the request in flight");
        Assert.False(inFlight.IsCompleted, "the completion should still be waiting for the lock");
        await release();

        Assert.Equal(HttpStatusCode.OK, (await inFlight).StatusCode);
        Assert.True(await app.WaitForExitAsync(TimeSpan.FromSeconds(15)), "the process should exit once the request is answered");
        Assert.Equal(0, app.ExitCode);
        await using var check = database.NewContext();
        Assert.Equal(1, await check.HabitLogs.CountAsync(l => l.HabitId == habit.Id));
    }

    /// <summary>Blocks writes to the habit until the returned function is called: a row lock on PostgreSQL, the write lock on SQLite.</summary>
    private static async Task<Func<Task>> HoldHabitAsync(DatabaseProvider provider, string connectionString, Guid habitId)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var sqlite = new SqliteConnection(connectionString);
            await sqlite.OpenAsync();
            var transaction = sqlite.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: holds the one write lock
            return async () => { await transaction.RollbackAsync(); await sqlite.DisposeAsync(); };
        }
        var pg = new NpgsqlConnection(connectionString);
        await pg.OpenAsync();
        var pgTransaction = await pg.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("SELECT 1 FROM habits WHERE id = $1 FOR UPDATE", pg, pgTransaction) { Parameters = { new() { Value = habitId } } })
            await command.ExecuteNonQueryAsync();
        return async () => { await pgTransaction.RollbackAsync(); await pg.DisposeAsync(); };
    }
}

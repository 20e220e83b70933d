using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Npgsql;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;

namespace Sovereign.Tests.Operations;

public class OutageTests
{
    private sealed record Answer(string What, double StartedAt, double EndedAt, HttpStatusCode Status, bool Friendly);

    /// <summary>
    /// The app runs on a PostgreSQL server of its own while four sessions read pages and write; the server stops for two
    /// seconds and starts again. Meanwhile pages answer 503 with the friendly page and /readyz fails, nothing answers
    /// 500, the process stays up, and once the server is back the app serves again by itself — no restart — with every
    /// acknowledged relapse stored.
    /// </summary>
    [Fact]
    public async Task When_PostgreSQL_stops_under_load_pages_answer_503_and_the_app_recovers_by_itself()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"sovereign-outage-{Guid.NewGuid():N}");
        var port = AppProcess.FreePort();
        await PostgresAsync("start", directory, port.ToString());
        try
        {
            var connectionString = $"Host=127.0.0.1;Port={port};Username=sovereign;Password=sovereign;Database=sovereign;Timeout=3";
            await using var app = await AppProcess.StartAsync(DatabaseProvider.Postgres, connectionString);
            var client = app.NewClient();
            await TestUser.RegisterAndSignInAsync(client, "outage@example.org", "outage");
            var created = await TestUser.PostFormAsync(client, "/habits/new", TestUser.HabitForm("Walk"));
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
            var habits = await client.GetDocumentAsync("/habits");
            var token = habits.AntiforgeryToken();
            var habitPath = habits.QuerySelector("h3 a[href^='/habits/']")!.GetAttribute("href")!;

            var clock = Stopwatch.StartNew();
            var answers = new ConcurrentBag<Answer>();
            var acknowledged = new ConcurrentBag<string>();
            using var stop = new CancellationTokenSource();
            async Task Record(string what, Func<Task<HttpResponseMessage>> send)
            {
                var started = clock.Elapsed.TotalSeconds;
                var response = await send();
                var body = await response.Content.ReadAsStringAsync();
                answers.Add(new Answer(what, started, clock.Elapsed.TotalSeconds, response.StatusCode, body.Contains("briefly unavailable")));
                if (what.StartsWith("relapse ", StringComparison.Ordinal) && response.StatusCode == HttpStatusCode.Redirect) acknowledged.Add(what);
            }
            var n = 0;
            var load = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var i = Interlocked.Increment(ref n);
                    await (worker switch
                    {
                        0 => Record("dashboard", () => client.GetAsync("/dashboard")),
                        1 => Record("timeline", () => client.GetAsync("/relapse")),
                        2 => Record(i % 2 == 0 ? "complete" : "undo", () => client.SendAsync(
                            new HttpRequestMessage(HttpMethod.Post, $"{habitPath}/{(i % 2 == 0 ? "complete" : "undo")}").Htmx(token))),
                        _ => Record($"relapse {i}", () => client.PostAsync("/relapse/new", new FormUrlEncodedContent(new Dictionary<string, string>
                        {
                            ["__RequestVerificationToken"] = token, ["Input.Trigger"] = "stress", ["Input.Severity"] = "2", ["Input.Notes"] = $"relapse {i}",
                        }))),
                    });
                }
            })).Append(Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    await Record("readyz", () => app.NewClient().GetAsync("/readyz"));
                    await Task.Delay(50);
                }
            })).ToList();

            bool Answered(string what, Func<Answer, bool> which) => answers.Any(a => a.What.StartsWith(what, StringComparison.Ordinal) && which(a));
            string[] pages = ["dashboard", "timeline", "readyz"];
            // Under load first: every kind of request answered well. Then down until the app says so, then up until it has recovered.
            await Wait.UntilAsync(() => pages.Append("relapse").All(w => Answered(w, a => a.Status is HttpStatusCode.OK or HttpStatusCode.Redirect)) || load.Any(t => t.IsCompleted),
                "every kind of request answered before the outage");
            var down = clock.Elapsed.TotalSeconds;
            await PostgresAsync("halt", directory);
            await Wait.UntilAsync(() => new[] { "dashboard", "readyz" }.All(w => Answered(w, a => a.StartedAt > down && a.Status == HttpStatusCode.ServiceUnavailable))
                || load.Any(t => t.IsCompleted), "the dashboard and /readyz to answer 503 while PostgreSQL is down");
            await PostgresAsync("resume", directory);
            var up = clock.Elapsed.TotalSeconds; // the server accepts connections again
            double LastFailure() => answers.Where(a => (int)a.Status >= 400).Select(a => a.EndedAt).DefaultIfEmpty(0).Max();
            await Wait.UntilAsync(() => pages.All(w => Answered(w, a => a.Status == HttpStatusCode.OK && a.StartedAt > Math.Max(up, LastFailure()))) || load.Any(t => t.IsCompleted),
                "every page to answer 200 again after the last failure");
            stop.Cancel();
            try { await Task.WhenAll(load); }
            catch (HttpRequestException e)
            {
                await File.WriteAllTextAsync(Path.Combine(Repository.Artifacts("reliability"), "outage-app.log"), app.Output);
                throw new InvalidOperationException($"The app stopped answering (exited: {app.HasExited}); its log is in artifacts/reliability/outage-app.log", e);
            }

            Assert.False(app.HasExited);
            var all = answers.ToList();
            Assert.DoesNotContain(all, a => (int)a.Status >= 500 && a.Status != HttpStatusCode.ServiceUnavailable);
            Assert.DoesNotContain(all, a => a.Status == HttpStatusCode.ServiceUnavailable && a.What is "dashboard" or "timeline" && !a.Friendly);
            Assert.Contains(all, a => a.What == "dashboard" && a.Status == HttpStatusCode.ServiceUnavailable);
            Assert.Contains(all, a => a.What == "readyz" && a.Status == HttpStatusCode.ServiceUnavailable);
            Assert.All(all.Where(a => a.EndedAt < down), a => Assert.True((int)a.Status < 400, $"{a.What} {(int)a.Status} before the outage"));
            var lastFailure = all.Where(a => (int)a.Status >= 400).Max(a => a.EndedAt);
            var recovery = Math.Max(0, lastFailure - up);
            Assert.True(recovery < 3, $"the last failure came {recovery:0.00} s after PostgreSQL was back");
            foreach (var what in new[] { "dashboard", "timeline", "readyz" })
                Assert.Contains(all, a => a.What == what && a.StartedAt > lastFailure && a.Status == HttpStatusCode.OK);

            await using (var db = TestDatabase.NewContext(DatabaseProvider.Postgres, connectionString))
            {
                var stored = db.RelapseEvents.Select(r => r.Notes!).ToHashSet();
                Assert.Empty(acknowledged.Except(stored));
            }
            var failed = all.Count(a => a.Status == HttpStatusCode.ServiceUnavailable);
            var firstServed = all.Where(a => a.What == "dashboard" && a.Status == HttpStatusCode.OK && a.EndedAt > up).Min(a => a.EndedAt) - up;
            await File.WriteAllTextAsync(Path.Combine(Repository.Artifacts("reliability"), "outage.txt"),
                $"PostgreSQL stopped for {up - down:0.0} s under load: {all.Count} requests, {failed} answered 503, " +
                $"{all.Count(a => (int)a.Status >= 500) - failed} other 5xx; after the server was back the first dashboard was served in {firstServed:0.00} s " +
                $"and the last failure ended {recovery:0.00} s after; " +
                $"{acknowledged.Count} relapses acknowledged, all stored\n");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await PostgresAsync("stop", directory);
        }
    }

    private static async Task PostgresAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(Repository.Root, "scripts", "postgres.sh"), .. arguments])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"postgres.sh {string.Join(' ', arguments)}: {await error}");
    }
}

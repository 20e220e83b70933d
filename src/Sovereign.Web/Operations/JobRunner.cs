using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;

namespace Sovereign.Web.Operations;

/// <summary>
/// Runs due jobs in this instance: each of <see cref="JobOptions.Workers"/> loops claims the job due longest in the
/// database, runs it, marks it done, and sleeps <see cref="JobOptions.PollInterval"/> when nothing is due. The clock is
/// the app's <see cref="TimeProvider"/>.
/// </summary>
public sealed class JobRunner(IServiceScopeFactory scopes, TimeProvider clock, JobOptions options, ILogger<JobRunner> logger) : BackgroundService
{
    /// <summary>How long a claim holds: a job not done by then (its runner died) is claimed again.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private readonly string name = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // let the host finish starting
        await Task.WhenAll(Enumerable.Range(1, options.Workers).Select(i => WorkAsync($"{name}/{i}", stoppingToken)));
    }

    private async Task WorkAsync(string runner, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await RunOneAsync(runner, stoppingToken)) continue;
                // Idle: make sure each recurring kind has its current run (one that failed for good, or a restart after a
                // long stop, would otherwise leave none), then sleep.
                await ScheduleRecurringAsync(stoppingToken);
                if (await RunOneAsync(runner, stoppingToken)) continue;
                await Task.Delay(options.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                // The database may be away for a while: the loop waits and tries again, the app goes on serving.
                logger.LogWarning(e, "Scheduled work: {Message}", e.Message);
                try { await Task.Delay(options.PollInterval, clock, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>Makes sure every recurring kind has its current run scheduled (the run after is scheduled as one ends).</summary>
    private async Task ScheduleRecurringAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        foreach (var job in scope.ServiceProvider.GetServices<IScheduledJob>())
            if (job.Every is { } every) await ScheduleSlotAsync(db, job.Kind, every, clock.GetUtcNow().UtcDateTime, stoppingToken);
    }

    private static Task ScheduleSlotAsync(AppDb db, string kind, TimeSpan every, DateTime at, CancellationToken cancellationToken)
    {
        var slot = new DateTime(at.Ticks - at.Ticks % every.Ticks, DateTimeKind.Utc);
        return db.ScheduleOnceAsync(kind, $"{kind}@{slot:yyyy-MM-ddTHH:mm:ssZ}", slot, cancellationToken);
    }

    /// <summary>Claims and runs one due job; false when none was due.</summary>
    private async Task<bool> RunOneAsync(string runner, CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var job = await db.ClaimDueJobAsync(runner, clock.GetUtcNow().UtcDateTime, Lease, stoppingToken);
        if (job is null) return false;

        var work = scope.ServiceProvider.GetServices<IScheduledJob>().FirstOrDefault(j => j.Kind == job.Kind);
        if (work is null)
        {
            logger.LogWarning("Scheduled work: no job of kind {Kind} in this version; left for one that has it.", job.Kind);
            return true;
        }
        try
        {
            await work.RunAsync(job, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Scheduled work: {Kind} failed (attempt {Attempt}); it is tried again once its claim lapses.", job.Kind, job.Attempts);
            return true;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await db.ScheduledJobs.Where(j => j.Id == job.Id && j.ClaimedBy == runner)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.CompletedAt, now), CancellationToken.None);
        if (work.Every is { } every) await ScheduleSlotAsync(db, work.Kind, every, now + every, CancellationToken.None);
        return true;
    }
}

public sealed class JobOptions
{
    /// <summary>Whether this instance runs scheduled work ("Jobs:Enabled"; on by default).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Loops claiming work at once in this instance ("Jobs:Workers").</summary>
    public int Workers { get; set; } = 1;

    /// <summary>How long a loop sleeps when nothing is due ("Jobs:PollInterval", e.g. 00:00:30).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);
}

public static class JobsSetup
{
    public static IServiceCollection AddScheduledWork(this IServiceCollection services, IConfiguration config)
    {
        var options = config.GetSection("Jobs").Get<JobOptions>() ?? new JobOptions();
        services.AddSingleton(options);
        services.AddScheduledJob<Housekeeping>();
        if (options.Enabled) services.AddHostedService<JobRunner>();
        return services;
    }

    public static IServiceCollection AddScheduledJob<T>(this IServiceCollection services) where T : class, IScheduledJob =>
        services.AddScoped<IScheduledJob, T>();
}

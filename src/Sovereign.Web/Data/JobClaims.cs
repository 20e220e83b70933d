using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Models;

namespace Sovereign.Web.Data;

/// <summary>The scheduled jobs' two writes that must be one statement each, so that the database decides who gets a job.</summary>
public static class JobClaims
{
    /// <summary>At most this many attempts: a job that keeps failing stops being claimed (its rows stay for a look).</summary>
    public const int MaxAttempts = 5;

    /// <summary>
    /// Claims the job due longest, if any, for <paramref name="lease"/>: one UPDATE whose WHERE is checked again on the row
    /// it changes, so of two runners that pick the same job only one changes it. PostgreSQL also skips rows another
    /// runner holds (FOR UPDATE SKIP LOCKED) instead of waiting for them; SQLite has one writer at a time anyway.
    /// </summary>
    public static async Task<ScheduledJob?> ClaimDueJobAsync(this AppDb db, string runner, DateTime now, TimeSpan lease, CancellationToken cancellationToken)
    {
        var until = now + lease;
        var sql = db.Database.IsNpgsql() ? ClaimOnPostgres : ClaimOnSqlite;
        var claimed = await db.ScheduledJobs.FromSqlRaw(sql, runner, until, now).AsNoTracking().ToListAsync(cancellationToken);
        return claimed.SingleOrDefault();
    }

    private static readonly string ClaimOnPostgres = Claim("FOR UPDATE SKIP LOCKED");
    private static readonly string ClaimOnSqlite = Claim("");

    private static string Claim(string skipLocked) => $$"""
        UPDATE scheduled_jobs SET claimed_by = {0}, claimed_until = {1}, attempts = attempts + 1
        WHERE id = (SELECT id FROM scheduled_jobs
                    WHERE completed_at IS NULL AND due_at <= {2} AND (claimed_until IS NULL OR claimed_until < {2}) AND attempts < {{MaxAttempts}}
                    ORDER BY due_at LIMIT 1 {{skipLocked}})
          AND completed_at IS NULL AND (claimed_until IS NULL OR claimed_until < {2})
        RETURNING *
        """;

    /// <summary>Schedules a run unless one with the same key exists (another instance got there first).</summary>
    public static Task ScheduleOnceAsync(this AppDb db, string kind, string key, DateTime dueAt, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO scheduled_jobs (id, kind, key, due_at, attempts) VALUES ({Guid.CreateVersion7()}, {kind}, {key}, {dueAt}, 0)
            ON CONFLICT (key) DO NOTHING
            """, cancellationToken);
}

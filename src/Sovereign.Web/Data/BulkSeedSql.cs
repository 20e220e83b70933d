using Microsoft.EntityFrameworkCore;

namespace Sovereign.Web.Data;

/// <summary>
/// The growth benchmark's rows by the million (Operations/BenchmarkSeed.cs, <c>seed-bench-others</c>), made by the database
/// itself, one INSERT … SELECT each: a year of completions for every habit of the other users, twelve relapses and twelve
/// urges for every track. The same statements for both providers, in each one's dialect.
/// </summary>
public sealed record BulkSeedSql(string DeleteOthers, string HabitLogs, string Relapses, string Urges, Func<DateOnly, object> Day)
{
    public static BulkSeedSql For(AppDb db) => db.Database.IsNpgsql() ? Postgres : Sqlite;

    // The e-mail column compares ignoring case (a nondeterministic collation on PostgreSQL, which LIKE refuses): "C" there.
    private const string PgOthers = "(SELECT id FROM users WHERE email COLLATE \"C\" LIKE 'other-%@example.com')";
    private const string PgNumbers = "WITH numbers AS (SELECT generate_series(1, 365) AS n) ";
    private const string PgEvents = $"FROM recovery_tracks t CROSS JOIN numbers WHERE n <= 12 AND t.user_id IN {PgOthers}";

    private static readonly BulkSeedSql Postgres = new(
        $"DELETE FROM users WHERE id IN {PgOthers}",
        PgNumbers + "INSERT INTO habit_logs (id, habit_id, user_id, local_date, completed_at, streak_count, created_at) " +
            $"SELECT gen_random_uuid(), h.id, h.user_id, {{0}} - 366 + n, (({{0}} - 366 + n) + time '19:30') AT TIME ZONE 'UTC', n, now() FROM habits h CROSS JOIN numbers WHERE h.user_id IN {PgOthers}",
        PgNumbers + "INSERT INTO relapse_events (id, user_id, track_id, occurred_at, trigger_type, severity, hungry, angry, lonely, tired, created_at) " +
            $"SELECT gen_random_uuid(), t.user_id, t.id, now() - n * interval '29 days', 'stress', 5, false, false, true, false, now() {PgEvents}",
        PgNumbers + "INSERT INTO urge_events (id, user_id, track_id, occurred_at, trigger_type, intensity, hungry, angry, lonely, tired, created_at) " +
            $"SELECT gen_random_uuid(), t.user_id, t.id, now() - n * interval '23 days', 'social_situation', 6, false, true, false, false, now() {PgEvents}",
        day => day);

    private const string SqliteOthers = "(SELECT id FROM users WHERE email LIKE 'other-%@example.com')";
    private const string SqliteNumbers = "WITH RECURSIVE numbers(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM numbers WHERE n < 365) ";
    private const string SqliteEvents = $"FROM recovery_tracks t CROSS JOIN numbers WHERE n <= 12 AND t.user_id IN {SqliteOthers}";
    private const string Uuid = "upper(substr(u, 1, 8) || '-' || substr(u, 9, 4) || '-' || substr(u, 13, 4) || '-' || substr(u, 17, 4) || '-' || substr(u, 21))";
    private const string Now = "strftime('%Y-%m-%d %H:%M:%f', 'now')";

    private static readonly BulkSeedSql Sqlite = new(
        $"DELETE FROM users WHERE id IN {SqliteOthers}",
        SqliteNumbers + "INSERT INTO habit_logs (id, habit_id, user_id, local_date, completed_at, streak_count, created_at) " +
            $"SELECT {Uuid}, h.id, h.user_id, date({{0}}, (n - 366) || ' days'), date({{0}}, (n - 366) || ' days') || ' 19:30:00', n, {Now} " +
            $"FROM (SELECT hex(randomblob(16)) AS u, h.id, h.user_id, n FROM habits h CROSS JOIN numbers WHERE h.user_id IN {SqliteOthers}) h",
        SqliteNumbers + "INSERT INTO relapse_events (id, user_id, track_id, occurred_at, trigger_type, severity, hungry, angry, lonely, tired, created_at) " +
            $"SELECT {Uuid}, user_id, id, strftime('%Y-%m-%d %H:%M:%f', 'now', (-29 * n) || ' days'), 'stress', 5, 0, 0, 1, 0, {Now} FROM (SELECT hex(randomblob(16)) AS u, t.user_id, t.id, n {SqliteEvents})",
        SqliteNumbers + "INSERT INTO urge_events (id, user_id, track_id, occurred_at, trigger_type, intensity, hungry, angry, lonely, tired, created_at) " +
            $"SELECT {Uuid}, user_id, id, strftime('%Y-%m-%d %H:%M:%f', 'now', (-23 * n) || ' days'), 'social_situation', 6, 0, 1, 0, 0, {Now} FROM (SELECT hex(randomblob(16)) AS u, t.user_id, t.id, n {SqliteEvents})",
        day => day.ToString("yyyy-MM-dd"));
}

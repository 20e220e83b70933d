namespace Sovereign.Web.Data;

/// <summary>
/// The SQL the app reads row by row (<see cref="PlainQueries.ReadAsync{T}"/>), in one place: each is the same on SQLite and
/// PostgreSQL, takes its parameters as @name, and reads one user's rows through an index on user_id.
/// </summary>
public static class Queries
{
    /// <summary>Every relapse instant of the user, ascending: each track's clock (Pages/Tracks/TrackService.cs).</summary>
    public const string RelapseInstants = "SELECT track_id, occurred_at FROM relapse_events WHERE user_id = @user ORDER BY occurred_at";

    /// <summary>Every check-in day, with today's commitments joined (Pages/CheckIn/CheckInService.cs).</summary>
    public const string CheckInDays = """
        SELECT c.local_date, c.evening_at, m.track_id FROM check_ins c
        LEFT JOIN check_in_commitments m ON m.check_in_id = c.id AND c.local_date = @today
        WHERE c.user_id = @user ORDER BY c.local_date
        """;

    /// <summary>The dashboard's last five entries of any kind (Pages/Relapse/RecentEvents.cs reads them).</summary>
    // Each branch takes its own newest few through its index (user_id, occurred_at), then the few are merged: one round trip.
    public const string RecentEvents = """
        SELECT * FROM (SELECT 0 AS kind, r.id, r.occurred_at AS at, t.name, r.trigger_type, r.severity AS figure, CAST(NULL AS integer) AS second,
                CASE WHEN r.notes IS NULL OR r.notes = '' THEN 0 ELSE 1 END AS has_note
            FROM relapse_events r JOIN recovery_tracks t ON t.id = r.track_id WHERE r.user_id = @user ORDER BY r.occurred_at DESC LIMIT 5) AS relapses
        UNION ALL
        SELECT * FROM (SELECT 1, u.id, u.occurred_at, t.name, u.trigger_type, u.intensity, u.intensity_after,
                CASE WHEN u.notes IS NULL OR u.notes = '' THEN 0 ELSE 1 END
            FROM urge_events u JOIN recovery_tracks t ON t.id = u.track_id WHERE u.user_id = @user ORDER BY u.occurred_at DESC LIMIT 5) AS urges
        UNION ALL
        SELECT * FROM (SELECT 2, c.id, COALESCE(c.evening_at, c.created_at), CAST(NULL AS text), CAST(NULL AS text), c.mood, c.craving,
                CASE WHEN (c.note IS NULL OR c.note = '') AND (c.went_well IS NULL OR c.went_well = '') THEN 0 ELSE 1 END
            FROM check_ins c WHERE c.user_id = @user ORDER BY c.local_date DESC LIMIT 5) AS check_ins
        ORDER BY at DESC
        LIMIT 5
        """;
}

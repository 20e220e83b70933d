namespace Sovereign.Web.Data;

/// <summary>
/// The SQL the app reads row by row (<see cref="PlainQueries.ReadAsync{T}"/>), in one place: each is the same on SQLite and
/// PostgreSQL (but for a lock SQLite does not need), takes its parameters as @name, and reads one user's rows through an index on user_id.
/// </summary>
public static class Queries
{
    /// <summary>
    /// Each habit's card: its cached streak state and the four facts about today the state does not hold (Pages/Habits).
    /// @week and @month are the starts of the current week and month; callers append their own conditions.
    /// </summary>
    public const string HabitCards = """
        SELECT h.id, h.name, h.frequency, h.target_per_period, h.is_active,
            h.last_done_on, h.streak_period_start, h.streak_period_count, h.streak_run, h.longest_streak,
            EXISTS (SELECT 1 FROM habit_logs l WHERE l.habit_id = h.id AND l.local_date = @today),
            EXISTS (SELECT 1 FROM habit_skips s WHERE s.habit_id = h.id
                AND s.period_start = CASE h.frequency WHEN 'daily' THEN @today WHEN 'weekly' THEN @week ELSE @month END),
            EXISTS (SELECT 1 FROM habit_skips s WHERE s.habit_id = h.id AND s.period_start = h.streak_period_start),
            (SELECT CAST(COUNT(*) AS integer) FROM habit_skips s WHERE s.habit_id = h.id AND s.period_start > h.streak_period_start
                AND s.period_start < CASE h.frequency WHEN 'daily' THEN @today WHEN 'weekly' THEN @week ELSE @month END)
        FROM habits h WHERE h.user_id = @user
        """;
    public const string HabitCardsActive = " AND h.is_active = @active";
    public const string HabitCardOf = " AND h.id = @habit";
    public const string HabitCardsSharedBy = " AND h.id IN (SELECT habit_id FROM share_link_habits WHERE share_link_id = @link)";

    /// <summary>The user's active tracks in their order, every column a track's clock needs (Pages/Tracks).</summary>
    public const string ActiveTracks = """
        SELECT id, user_id, name, kind, clean_since, clean_since_time, cost_per_day, currency, minutes_per_day, position, created_at, updated_at
        FROM recovery_tracks WHERE user_id = @user AND archived_at IS NULL ORDER BY position, created_at
        """;

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

    /// <summary>
    /// A habit for a write, locked on PostgreSQL until the transaction ends (SQLite's writer lock already serialises
    /// writes), with its owner's clock and what a completion or an undo needs (Pages/Habits/LockedHabit.cs): the latest
    /// completion and the one before it, the longest streak before the latest when the latest holds it; then the skips,
    /// and a weekly or monthly habit's completions, since @recent. One command: one round trip (#29).
    /// </summary>
    private const string LockedHabitSql = """
        SELECT h.id, h.user_id, h.name, h.description, h.frequency, h.target_per_period, h.is_active, h.remind_at, h.created_at, h.updated_at,
            h.last_done_on, h.streak_period_start, h.streak_period_count, h.streak_run, h.longest_streak, h.version,
            u.time_zone, u.day_ends_at_hour, latest.id, latest.streak_count, previous.local_date, previous.streak_count,
            CASE WHEN latest.streak_count >= h.longest_streak
                THEN (SELECT l.streak_count FROM habit_logs l /* by streak */ WHERE l.habit_id = h.id AND l.local_date < h.last_done_on
                    ORDER BY l.streak_count DESC LIMIT 1) END
        FROM habits h JOIN users u ON u.id = h.user_id
        LEFT JOIN habit_logs latest ON latest.habit_id = h.id AND latest.local_date = h.last_done_on
        LEFT JOIN habit_logs previous ON previous.habit_id = h.id
            AND previous.local_date = (SELECT MAX(l.local_date) FROM habit_logs l WHERE l.habit_id = h.id AND l.local_date < h.last_done_on)
        WHERE h.id = @habit AND h.user_id = @user /* lock */;
        SELECT period_start FROM habit_skips WHERE habit_id = @habit AND user_id = @user AND period_start >= @recent;
        SELECT l.id, l.local_date, l.streak_count FROM habit_logs l
        WHERE l.habit_id = @habit AND l.user_id = @user AND l.local_date >= @recent
            AND EXISTS (SELECT 1 FROM habits h WHERE h.id = l.habit_id AND h.frequency <> 'daily')
        """;
    // SQLite's planner takes the date index for the longest streak before the latest and reads every earlier log
    // (~5 ms for 10,000); the streak index finds it in a step or two.
    public static readonly string LockedHabitOnSqlite = LockedHabitSql.Replace("/* by streak */", "INDEXED BY ix_habit_logs_habit_id_streak_count");
    public static readonly string LockedHabitOnPostgres = LockedHabitSql.Replace("/* lock */", "FOR UPDATE OF h");

    /// <summary>
    /// The whole dashboard in one command, so one round trip (#29): its five result sets in this order. Parameters
    /// @user, @today, @week, @month, @active.
    /// </summary>
    public const string Dashboard = HabitCards + HabitCardsActive + ";\n" + ActiveTracks + ";\n" + RelapseInstants + ";\n"
        + CheckInDays + ";\n" + RecentEvents;
}

using Sovereign.Web.Data;
using Sovereign.Web.Models;

namespace Sovereign.Web.Pages.Relapse;

public enum RecentKind { Relapse, Urge, CheckIn }

/// <summary>
/// One line of the dashboard's "Recent events": a relapse, an urge that passed or a check-in, said in a few words. Never
/// the text of a note (the dashboard is the page opened beside other people): only that there is one.
/// </summary>
/// <param name="Figure">A relapse's severity, an urge's intensity, a check-in's mood.</param>
/// <param name="Second">An urge's intensity after, a check-in's craving.</param>
public sealed record RecentEvent(RecentKind Kind, Guid Id, DateTime At, string? Track, TriggerType? Trigger, int? Figure, int? Second, bool HasNote);

public static class RecentEvents
{
    // Each branch takes its own newest few through its index (user_id, occurred_at), then the few are merged: one round trip.
    private const string Sql = """
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

    public static Task<List<RecentEvent>> ReadAsync(AppDb db, Guid userId) =>
        db.ReadAsync(Sql, new Dictionary<string, object> { ["user"] = userId }, r => new RecentEvent(
            (RecentKind)r.GetInt32(0), r.GetGuid(1), r.GetUtc(2), r.IsDBNull(3) ? null : r.GetString(3),
            r.IsDBNull(4) ? null : SnakeCaseEnum<TriggerType>.Parse(r.GetString(4)), r.IsDBNull(5) ? null : r.GetInt32(5),
            r.IsDBNull(6) ? null : r.GetInt32(6), r.GetInt32(7) == 1));
}

using System.Data.Common;
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
    /// <summary>A row of <see cref="Queries.RecentEvents"/> (read with the rest of the dashboard).</summary>
    public static RecentEvent Row(DbDataReader r) => new(
            (RecentKind)r.GetInt32(0), r.GetGuid(1), r.GetUtc(2), r.IsDBNull(3) ? null : r.GetString(3),
            r.IsDBNull(4) ? null : SnakeCaseEnum<TriggerType>.Parse(r.GetString(4)), r.IsDBNull(5) ? null : r.GetInt32(5),
            r.IsDBNull(6) ? null : r.GetInt32(6), r.GetInt32(7) == 1);
}

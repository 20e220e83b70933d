using Sovereign.Web.Models;

namespace Sovereign.Web.Data;

/// <summary>Keyset paging, newest first, on (occurred_at, id): every event exactly once, however many share an instant.</summary>
public static class Keyset
{
    public static IQueryable<T> NewestFirstAfter<T>(this IQueryable<T> events, (DateTime At, Guid Id)? cursor) where T : ITimedEvent
    {
        if (cursor is { } c) events = events.Where(e => e.OccurredAt < c.At || (e.OccurredAt == c.At && e.Id.CompareTo(c.Id) < 0));
        return events.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id);
    }

    public static string Cursor(DateTime occurredAt, Guid id) => $"{occurredAt.Ticks}_{id:N}";

    public static (DateTime At, Guid Id)? Parse(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return null;
        var parts = cursor.Split('_');
        return parts.Length == 2 && long.TryParse(parts[0], out var ticks) && ticks >= DateTime.MinValue.Ticks && ticks <= DateTime.MaxValue.Ticks
            && Guid.TryParseExact(parts[1], "N", out var id)
            ? (new DateTime(ticks, DateTimeKind.Utc), id)
            : throw new FormatException("That page link is malformed.");
    }
}

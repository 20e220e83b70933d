namespace Sovereign.Web.Models;

/// <summary>Something of a user's that happened at an instant: relapses and urges, paged alike on (occurred_at, id).</summary>
public interface ITimedEvent
{
    Guid Id { get; }
    Guid UserId { get; }
    DateTime OccurredAt { get; }
}

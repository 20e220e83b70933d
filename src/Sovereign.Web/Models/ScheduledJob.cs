using System.ComponentModel.DataAnnotations;
namespace Sovereign.Web.Models;

/// <summary>
/// One piece of work to do outside a request, at or after <see cref="DueAt"/>. A runner claims it for a while
/// (<see cref="ClaimedUntil"/>) by a conditional update, so however many instances share the database each job runs once;
/// a runner that dies leaves the claim to lapse and the job to be claimed again. See Operations/JobRunner.cs.
/// </summary>
public class ScheduledJob
{
    public const int MaxKindLength = 50;
    public const int MaxKeyLength = 100;

    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>Which <see cref="Operations.IScheduledJob"/> runs it.</summary>
    [MaxLength(ScheduledJob.MaxKindLength)]
    public required string Kind { get; init; }

    /// <summary>Unique when set: a recurring job's run is keyed by its kind and slot, so instances that each schedule it make one row.</summary>
    [MaxLength(ScheduledJob.MaxKeyLength)]
    public string? Key { get; init; }

    public DateTime DueAt { get; init; }
    [MaxLength(200)]
    public string? ClaimedBy { get; set; }
    public DateTime? ClaimedUntil { get; set; }
    public int Attempts { get; set; }
    public DateTime? CompletedAt { get; set; }
}

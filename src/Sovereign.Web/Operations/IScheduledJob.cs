namespace Sovereign.Web.Operations;

/// <summary>
/// A kind of work done outside a request. Register it with <c>services.AddScheduledJob&lt;T&gt;()</c>; the runner resolves it
/// in a scope of its own (so it may take an AppDb) whenever a job of its <see cref="Kind"/> falls due.
/// </summary>
public interface IScheduledJob
{
    string Kind { get; }

    /// <summary>When set, the runner keeps one run of this kind scheduled at each multiple of it (every hour at :00, …).</summary>
    TimeSpan? Every { get; }

    /// <param name="job">The run: its id, when it was due, which attempt this is.</param>
    Task RunAsync(Models.ScheduledJob job, CancellationToken cancellationToken);
}

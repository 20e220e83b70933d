using Microsoft.EntityFrameworkCore.Storage;
using Npgsql.EntityFrameworkCore.PostgreSQL;

namespace Sovereign.Web.Data;

/// <summary>
/// Retries a PostgreSQL operation that failed on a transient error (a refused or dropped connection, a server restarting)
/// — but only a query (not SaveChanges, not inside a transaction) while serving a GET or HEAD request, HTTP's safe
/// methods: running it again is harmless. A write is never retried blindly: if the connection drops
/// around a commit nobody knows whether it landed, so the user gets the 503 page and decides.
/// </summary>
public sealed class ReadRetryStrategy(ExecutionStrategyDependencies dependencies, IHttpContextAccessor http)
    : NpgsqlRetryingExecutionStrategy(dependencies, MaxRetries, MaxDelay, errorCodesToAdd: null)
{
    // One immediate retry (a dead pooled connection after a restart), then one after about a second.
    private const int MaxRetries = 2;
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(1);

    // EF asks this while it builds its services, so it must not touch the context (that recursed into a stack overflow).
    public override bool RetriesOnFailure => base.RetriesOnFailure && IsSafeRequest;

    protected override bool ShouldRetryOn(Exception? exception) =>
        IsSafeRequest && Dependencies.CurrentContext.Context is not AppDb { IsSaving: true }
        && Dependencies.CurrentContext.Context.Database.CurrentTransaction is null && base.ShouldRetryOn(exception);

    private bool IsSafeRequest => http.HttpContext?.Request.Method is "GET" or "HEAD";
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql.EntityFrameworkCore.PostgreSQL;

namespace Sovereign.Web.Data;

/// <summary>
/// Retries a PostgreSQL operation that failed on a transient error (a refused or dropped connection, a server restarting)
/// — but only while serving a GET or HEAD request outside a transaction. Those only read (HTTP's safe methods; no page
/// here writes on GET), so running them again is harmless. A write is never retried blindly: if the connection drops
/// around a commit nobody knows whether it landed, so the user gets the 503 page and decides.
/// </summary>
public sealed class ReadRetryStrategy(ExecutionStrategyDependencies dependencies, IHttpContextAccessor http)
    : NpgsqlRetryingExecutionStrategy(dependencies, MaxRetries, MaxDelay, errorCodesToAdd: null)
{
    // One immediate retry (a dead pooled connection after a restart), then one after about a second.
    private const int MaxRetries = 2;
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(1);

    public override bool RetriesOnFailure => base.RetriesOnFailure && IsRead;

    protected override bool ShouldRetryOn(Exception? exception) => IsRead && base.ShouldRetryOn(exception);

    private bool IsRead =>
        http.HttpContext?.Request.Method is "GET" or "HEAD" && Dependencies.CurrentContext.Context.Database.CurrentTransaction is null;
}

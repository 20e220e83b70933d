using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Sovereign.Tests.Support;

/// <summary>
/// Counts the SQL commands the app sends (register as an IInterceptor): the query budget of a page. With
/// <see cref="Commits"/>, the round trips of a write on PostgreSQL (Npgsql sends BEGIN with the first command).
/// </summary>
public sealed class CommandCounter : DbCommandInterceptor, IDbTransactionInterceptor
{
    private int commits;
    public int Commits => commits;

    public ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    { Interlocked.Increment(ref commits); return ValueTask.FromResult(result); }

    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    { Interlocked.Increment(ref commits); return result; }

    private int count;
    public int Count => count;
    public void Reset() { Interlocked.Exchange(ref count, 0); Interlocked.Exchange(ref commits, 0); }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    { Interlocked.Increment(ref count); return result; }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    { Interlocked.Increment(ref count); return ValueTask.FromResult(result); }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    { Interlocked.Increment(ref count); return result; }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    { Interlocked.Increment(ref count); return ValueTask.FromResult(result); }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    { Interlocked.Increment(ref count); return result; }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    { Interlocked.Increment(ref count); return ValueTask.FromResult(result); }
}

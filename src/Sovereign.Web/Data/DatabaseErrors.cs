using System.Net.Sockets;
using Npgsql;

namespace Sovereign.Web.Data;

public static class DatabaseErrors
{
    /// <summary>True when a unique index refused the row: somebody (maybe a parallel request) stored it first.</summary>
    public static bool IsUniqueViolation(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }
                or Microsoft.Data.Sqlite.SqliteException { SqliteExtendedErrorCode: 2067 or 1555 }) return true;
        }
        return false;
    }

    /// <summary>True when the database could not be reached (down, restarting, out of connections): a 503, not a bug.</summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true } or SocketException or TimeoutException) return true;
        }
        return false;
    }
}

using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Sovereign.Web.Data;

/// <summary>
/// SQL read row by row, for the few queries that return many small rows on a page that is read all the time (every relapse
/// instant, every check-in day on the dashboard). Through a LINQ query each such row cost about half a kilobyte: a GET's
/// retrying execution strategy makes EF buffer every value boxed. These commands still go through EF's connection,
/// its type mappings (a GUID parameter is text on SQLite) and its interceptors, but read the rows themselves (#16).
/// </summary>
public static class PlainQueries
{
    /// <param name="sql">Parameters are written @name and given in <paramref name="parameters"/> (GUIDs, dates and booleans).</param>
    public static Task<List<T>> ReadAsync<T>(this AppDb db, string sql, IReadOnlyDictionary<string, object> parameters, Func<DbDataReader, T> row) =>
        db.ReadSetsAsync(sql, parameters, reader => reader.RowsAsync(row));

    /// <summary>Several statements sent as one command, one round trip; <paramref name="read"/> takes their result sets in turn (<see cref="RowsAsync"/>).</summary>
    public static async Task<T> ReadSetsAsync<T>(this AppDb db, string sql, IReadOnlyDictionary<string, object> parameters, Func<DbDataReader, Task<T>> read)
    {
        var mappings = db.GetService<IRelationalTypeMappingSource>();
        var builder = db.GetService<IRelationalCommandBuilderFactory>().Create().Append(sql);
        foreach (var (name, value) in parameters)
            builder.AddParameter(name, "@" + name, mappings.FindMapping(value.GetType())!, nullable: false);
        await using var reader = await builder.Build().ExecuteReaderAsync(new RelationalCommandParameterObject(db.GetService<IRelationalConnection>(),
            parameters.ToDictionary(p => p.Key, p => (object?)p.Value), null, db, db.GetService<IRelationalCommandDiagnosticsLogger>()));
        return await read(reader.DbDataReader);
    }

    /// <summary>Every row of the current result set, then on to the next set.</summary>
    public static async Task<List<T>> RowsAsync<T>(this DbDataReader reader, Func<DbDataReader, T> row)
    {
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(row(reader));
        await reader.NextResultAsync();
        return rows;
    }

    /// <summary>A timestamp column as the UTC instant the app stores (SQLite hands it back without a kind).</summary>
    public static DateTime GetUtc(this DbDataReader reader, int column) => DateTime.SpecifyKind(reader.GetDateTime(column), DateTimeKind.Utc);

    /// <summary>A date column (SQLite keeps it as text yyyy-MM-dd; PostgreSQL as a date).</summary>
    public static DateOnly GetDate(this DbDataReader reader, int column) => reader.GetFieldValue<DateOnly>(column);
}

using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Sovereign.Web.Data;
using Sovereign.Web.Models;

namespace Sovereign.Tests.Pages.Account;

/// <summary>Every column of every table of a user's is in the export, or is listed beside its entity as left out on purpose.</summary>
public class ExportColumnsTests
{
    private static IModel Model()
    {
        using var db = new SqliteAppDb(new DbContextOptionsBuilder<SqliteAppDb>().UseSqlite("Data Source=:memory:").UseSnakeCaseNamingConvention().Options);
        return db.Model;
    }

    /// <summary>The user's tables: users, and every table whose foreign keys lead to it.</summary>
    private static List<IEntityType> UserTables(IModel model)
    {
        var owned = new List<IEntityType> { model.FindEntityType(typeof(User))! };
        for (var grew = true; grew;)
        {
            var more = model.GetEntityTypes().Where(e => !owned.Contains(e) && e.GetForeignKeys().Any(k => owned.Contains(k.PrincipalEntityType))).ToList();
            owned.AddRange(more);
            grew = more.Count > 0;
        }
        return owned;
    }

    [Fact]
    public void Every_column_of_a_users_tables_is_exported_or_left_out_on_purpose()
    {
        var model = Model();
        var tables = UserTables(model);
        Assert.Contains(tables, t => t.ClrType == typeof(HabitLog));
        Assert.Contains(tables, t => t.ClrType == typeof(ShareLinkHabit));
        var problems = new List<string>();
        foreach (var table in tables)
        {
            var type = table.ClrType;
            if (type.GetCustomAttribute<NotExportedAttribute>() is { } notExported)
            {
                Assert.False(string.IsNullOrWhiteSpace(notExported.Why));
                continue;
            }
            if (type.GetCustomAttribute<ExportedAsAttribute>() is not { } exported)
            {
                problems.Add($"{type.Name} ({table.GetTableName()}): say how it is exported ([ExportedAs]) or why not ([NotExported]).");
                continue;
            }
            var recordProperties = exported.Record.GetProperties().Select(p => p.Name).ToHashSet();
            var renamed = exported.Renamed.Select(r => r.Split(':')).ToDictionary(r => r[0], r => r[1]);
            var columns = table.GetProperties().Select(p => p.Name).ToHashSet();
            foreach (var column in columns)
            {
                // A table folded into another's record (a habit's skipped periods) lists its own id and times as left out.
                if (exported.LeftOut.Contains(column)) continue;
                if (!recordProperties.Contains(renamed.GetValueOrDefault(column) ?? column))
                    problems.Add($"{type.Name}.{column}: neither in {exported.Record.Name} nor listed as left out.");
            }
            foreach (var stale in exported.LeftOut.Concat(renamed.Keys).Where(c => !columns.Contains(c)))
                problems.Add($"{type.Name}: \"{stale}\" is listed but is no column of it.");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}

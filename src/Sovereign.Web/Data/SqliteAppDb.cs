using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Sovereign.Web.Data;

public sealed class SqliteAppDb(DbContextOptions<SqliteAppDb> options) : AppDb(options)
{
    // SQLite's NOCASE folds ASCII letters only; e-mail addresses and usernames are compared with it.
    protected override string CaseInsensitiveCollation => "NOCASE";

    protected override void ConfigureConventions(ModelConfigurationBuilder conventions)
    {
        // SQLite keeps instants as text and reads them back with Kind=Unspecified; they are all UTC.
        conventions.Properties<DateTime>().HaveConversion<UtcConverter>();
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

/// <summary>For dotnet-ef: `dotnet ef migrations add X --context SqliteAppDb --output-dir Data/Migrations/Sqlite`.</summary>
public sealed class SqliteAppDbFactory : IDesignTimeDbContextFactory<SqliteAppDb>
{
    public SqliteAppDb CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<SqliteAppDb>()
        .UseSqlite(Environment.GetEnvironmentVariable("ConnectionStrings__Sovereign") ?? "Data Source=data/sovereign.db").UseSnakeCaseNamingConvention().Options);
}

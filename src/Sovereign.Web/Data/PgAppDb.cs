using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Sovereign.Web.Data;

public sealed class PgAppDb(DbContextOptions<PgAppDb> options) : AppDb(options)
{
    // An ICU collation that ignores case but keeps varchar's length limit (citext would lose it).
    protected override string CaseInsensitiveCollation => "case_insensitive";

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.HasCollation(CaseInsensitiveCollation, locale: "und-u-ks-level2", provider: "icu", deterministic: false);
        base.OnModelCreating(model);
    }
}

/// <summary>For dotnet-ef: `dotnet ef migrations add X --context PgAppDb --output-dir Data/Migrations/Postgres`.</summary>
public sealed class PgAppDbFactory : IDesignTimeDbContextFactory<PgAppDb>
{
    public PgAppDb CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<PgAppDb>()
        .UseNpgsql(Environment.GetEnvironmentVariable("ConnectionStrings__Sovereign") ?? "Host=localhost;Database=sovereign").UseSnakeCaseNamingConvention().Options);
}

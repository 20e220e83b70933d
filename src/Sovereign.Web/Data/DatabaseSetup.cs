using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Sovereign.Web.Data;

public enum DatabaseProvider { Sqlite, Postgres }

public static class DatabaseSetup
{
    /// <summary>
    /// Registers <see cref="AppDb"/> for the configured provider: "Database:Provider" (Sqlite, the default, or Postgres)
    /// and "ConnectionStrings:Sovereign" (for SQLite, by default sovereign.db in the data directory; a relative path is
    /// taken from the content root).
    /// </summary>
    public static IServiceCollection AddSovereignDatabase(this IServiceCollection services, IConfiguration config, IHostEnvironment env)
    {
        var provider = config.GetValue("Database:Provider", DatabaseProvider.Sqlite);
        var connectionString = config.GetConnectionString("Sovereign");
        // Pooled contexts: a request borrows a ready one instead of building it (no OnConfiguring, so naming is set here).
        // Every registered interceptor joins the context: the timestamps here, a command counter in tests.
        services.AddSingleton<IInterceptor, TimestampsInterceptor>();
        services.AddSingleton<UserSettingsCache>();
        services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<UserSettingsCache>());
        services.AddHttpContextAccessor();

        if (provider == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
                throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Sovereign is not set.");
            var npgsqlConnectionString = PreparedStatements(connectionString);
            services.AddDbContextPool<AppDb, PgAppDb>((sp, o) => o
                .UseNpgsql(npgsqlConnectionString, npgsql => npgsql.ExecutionStrategy(deps => new ReadRetryStrategy(deps, sp.GetRequiredService<IHttpContextAccessor>())))
                .UseSnakeCaseNamingConvention()
                .AddInterceptors(sp.GetServices<IInterceptor>()));
        }
        else
        {
            var sqlite = SqliteConnectionString(connectionString ?? $"Data Source={Path.Combine(DataDirectory(config, env), "sovereign.db")}", env.ContentRootPath);
            services.AddDbContextPool<AppDb, SqliteAppDb>((sp, o) => o
                .UseSqlite(sqlite).UseSnakeCaseNamingConvention()
                .AddInterceptors(sp.GetServices<IInterceptor>()));
        }
        return services;
    }

    /// <summary>
    /// Turns on Npgsql's automatic preparation unless the connection string says otherwise: EF sends the same few SQL
    /// texts again and again, and unprepared each one is parsed and planned anew — that was half of PostgreSQL's time
    /// per dashboard (measured with log_min_duration_statement: parse+bind 0.3–1.2 ms, execute 0.04–0.2 ms).
    /// Prepared, PostgreSQL still planned the habit cards' query anew on every execution ("bind" 0.5–0.7 ms, the execution
    /// 0.5): it keeps custom plans when a generic plan's estimate looks dearer. Every query here is one user's rows through
    /// an index on user_id, which a generic plan serves as well, so plans are made once per connection (#16).
    /// </summary>
    private static string PreparedStatements(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase)) builder.MaxAutoPrepare = 64;
        if (!connectionString.Contains("Options", StringComparison.OrdinalIgnoreCase))
            builder.Options = $"{builder.Options} -c plan_cache_mode=force_generic_plan".Trim();
        return builder.ConnectionString;
    }

    private static string SqliteConnectionString(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is not (":memory:" or "") && !builder.DataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            builder.DataSource = Path.GetFullPath(builder.DataSource, contentRoot);
            CreatePrivately(builder.DataSource);
        }
        return builder.ToString();
    }

    /// <summary>
    /// A new database file and its folder are the app's alone (0600 and 0700, like the key certificate): SQLite would make
    /// them readable by every local user (0644), and its -wal and -shm files take the database file's mode.
    /// </summary>
    private static void CreatePrivately(string databaseFile)
    {
        var folder = Path.GetDirectoryName(databaseFile)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }
        if (!Directory.Exists(folder)) Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (File.Exists(databaseFile)) return;
        try
        {
            using var _ = new FileStream(databaseFile, new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        catch (IOException) when (File.Exists(databaseFile)) { } // made by another process just now
    }

    /// <summary>Where the app keeps its files (the SQLite database's default home, the key-protection certificate): "DataDirectory", default "data", relative to the content root.</summary>
    public static string DataDirectory(IConfiguration config, IHostEnvironment env) =>
        Path.GetFullPath(config["DataDirectory"] is { Length: > 0 } configured ? configured : "data", env.ContentRootPath);

    /// <summary>Applies pending migrations; on SQLite also switches the file to write-ahead logging.</summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        await db.MigrateAsync(scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseSetup)), cancellationToken);
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }

    /// <summary>
    /// Steps only C# can take, each run just before the migration named: the schema change before it made room, the one
    /// it precedes relies on what it wrote.
    /// </summary>
    private static readonly (string BeforeMigration, Func<AppDb, ILogger, CancellationToken, Task> Step)[] DataSteps =
    [
        ("_LoginKeysUnique", LoginKeysBackfill.RunAsync),
    ];

    /// <summary>Every pending migration, with each data step at its place. Use this, not Database.Migrate, on a database with rows.</summary>
    public static async Task MigrateAsync(this AppDb db, ILogger logger, CancellationToken cancellationToken = default)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        var all = db.Database.GetMigrations().ToList();
        var migrator = db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>();
        foreach (var (before, step) in DataSteps)
        {
            var index = all.FindIndex(m => m.EndsWith(before, StringComparison.Ordinal));
            if (index <= 0 || !pending.Contains(all[index])) continue;
            await migrator.MigrateAsync(all[index - 1], cancellationToken);
            await step(db, logger, cancellationToken);
        }
        await db.Database.MigrateAsync(cancellationToken);
    }
}

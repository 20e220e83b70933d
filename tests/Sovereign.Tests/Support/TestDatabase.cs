using Microsoft.EntityFrameworkCore;
using Npgsql;
using Sovereign.Web.Data;

namespace Sovereign.Tests.Support;

/// <summary>
/// A fresh, migrated database for one test, on SQLite (a copied file) or PostgreSQL (a copy of a template database).
/// The template is migrated once per test run, so each test pays only for the copy.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    /// <summary>Set by ./test.sh: a role with CREATEDB on the throwaway server, e.g. Host=127.0.0.1;Port=5433;Username=…</summary>
    public const string PostgresVariable = "SOVEREIGN_TEST_PG";

    private static readonly Lazy<Task<string>> SqliteTemplate = new(CreateSqliteTemplateAsync);
    private static readonly Lazy<Task<string>> PostgresTemplate = new(CreatePostgresTemplateAsync);
    private const string PostgresTemplateName = "sovereign_test_template";

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }
    private readonly string name;

    private TestDatabase(DatabaseProvider provider, string connectionString, string name) =>
        (Provider, ConnectionString, this.name) = (provider, connectionString, name);

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var path = Path.Combine(Path.GetTempPath(), $"sovereign-test-{Guid.NewGuid():N}.db");
            File.Copy(await SqliteTemplate.Value, path);
            return new TestDatabase(provider, $"Data Source={path}", path);
        }

        await PostgresTemplate.Value;
        var database = $"sovereign_test_{Guid.NewGuid():N}";
        await ExecuteOnServerAsync($"CREATE DATABASE \"{database}\" TEMPLATE \"{PostgresTemplateName}\"");
        return new TestDatabase(provider, PostgresConnectionString(database), database);
    }

    /// <summary>A database with no tables at all, for migrating step by step (an upgrade from an earlier schema).</summary>
    public static async Task<TestDatabase> CreateEmptyAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var path = Path.Combine(Path.GetTempPath(), $"sovereign-test-{Guid.NewGuid():N}.db");
            return new TestDatabase(provider, $"Data Source={path}", path);
        }
        var database = $"sovereign_test_{Guid.NewGuid():N}";
        await ExecuteOnServerAsync($"CREATE DATABASE \"{database}\"");
        return new TestDatabase(provider, PostgresConnectionString(database), database);
    }

    public AppDb NewContext(TimeProvider? clock = null) => NewContext(Provider, ConnectionString, clock);

    public static AppDb NewContext(DatabaseProvider provider, string connectionString, TimeProvider? clock = null)
    {
        var interceptor = new TimestampsInterceptor(clock ?? TimeProvider.System);
        return provider == DatabaseProvider.Sqlite
            ? new SqliteAppDb(new DbContextOptionsBuilder<SqliteAppDb>().UseSqlite(connectionString).UseSnakeCaseNamingConvention().AddInterceptors(interceptor).Options)
            : new PgAppDb(new DbContextOptionsBuilder<PgAppDb>().UseNpgsql(connectionString).UseSnakeCaseNamingConvention().AddInterceptors(interceptor).Options);
    }

    /// <summary>An account straight in the database, its password hashed at bcrypt cost 4 as the test apps use.</summary>
    public async Task<Sovereign.Web.Models.User> CreateUserAsync(string password = TestUser.DefaultPassword, string timeZone = "UTC", TimeProvider? clock = null)
    {
        var user = Entities.User();
        user.PasswordHash = TestPasswords.Hasher.Hash(password);
        user.TimeZone = timeZone;
        await using var db = NewContext(clock);
        db.Add(user);
        await db.SaveChangesAsync();
        return user;
    }

    public async ValueTask DisposeAsync()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(name + suffix);
        }
        else
        {
            NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
            // FORCE may meet a backend the test role cannot end (an autovacuum worker busy on a big test's tables):
            // try again shortly; a database left behind on the throwaway server harms nothing.
            for (var attempt = 1; ; attempt++)
            {
                try { await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"); return; }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 10) { await Task.Delay(300); }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege) { return; }
            }
        }
    }

    private static async Task<string> CreateSqliteTemplateAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sovereign-template-{Environment.ProcessId}.db");
        File.Delete(path);
        await using (var db = NewContext(DatabaseProvider.Sqlite, $"Data Source={path};Pooling=False"))
            await db.Database.MigrateAsync();
        return path;
    }

    private static async Task<string> CreatePostgresTemplateAsync()
    {
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{PostgresTemplateName}\" WITH (FORCE)");
        await ExecuteOnServerAsync($"CREATE DATABASE \"{PostgresTemplateName}\"");
        // No pooling: CREATE DATABASE … TEMPLATE needs the template to have no open connections.
        await using (var db = NewContext(DatabaseProvider.Postgres, PostgresConnectionString(PostgresTemplateName) + ";Pooling=false"))
            await db.Database.MigrateAsync();
        return PostgresTemplateName;
    }

    private static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } cs ? cs
            : throw new InvalidOperationException(
                $"{PostgresVariable} is not set. Run ./test.sh, which starts a throwaway PostgreSQL server and sets it, " +
                $"or point it at a server where the role may create databases.");

    private static string PostgresConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = database }.ConnectionString;

    private static readonly SemaphoreSlim ServerLock = new(1, 1);

    private static async Task ExecuteOnServerAsync(string sql)
    {
        await ServerLock.WaitAsync();
        try
        {
            await using var connection = new NpgsqlConnection(PostgresConnectionString("postgres"));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
        finally { ServerLock.Release(); }
    }
}

/// <summary>[Theory, ClassData(typeof(BothDatabases))]: the test runs once on SQLite and once on PostgreSQL.</summary>
public sealed class BothDatabases : TheoryData<DatabaseProvider>
{
    public BothDatabases()
    {
        Add(DatabaseProvider.Sqlite);
        Add(DatabaseProvider.Postgres);
    }
}

using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Operations;

namespace Sovereign.Tests.Operations;

public class BackupTests
{
    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_backup_restores_to_the_same_data(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var user = Entities.User();
        var habit = Entities.Habit(user);
        await using (var db = database.NewContext())
        {
            db.AddRange(user, habit, Entities.Track(user.Id), Entities.Log(habit, DateTime.Parse("2026-02-14T10:30:45.123456Z").ToUniversalTime()),
                Entities.Relapse(user, DateTime.Parse("2026-03-01T20:00:00Z").ToUniversalTime()));
            await db.SaveChangesAsync();
        }
        var file = Path.Combine(Path.GetTempPath(), $"sovereign-backup-{Guid.NewGuid():N}.bak");
        try
        {
            await using (var db = database.NewContext())
                await new Backup(db).RunAsync(file);
            Assert.True(new FileInfo(file).Length > 0);

            // Restore into a fresh place and read it back.
            await using var restored = await RestoreAsync(provider, file);
            await using var read = restored.NewContext();
            Assert.Equal(user.Email, (await read.Users.SingleAsync()).Email);
            Assert.Equal(DateTime.Parse("2026-02-14T10:30:45.123456Z").ToUniversalTime(), (await read.HabitLogs.SingleAsync()).CompletedAt);
            Assert.Equal(1, await read.RelapseEvents.CountAsync());
        }
        finally { File.Delete(file); }
    }

    /// <summary>A backup file restored as the README says, into a fresh database.</summary>
    internal static async Task<TestDatabase> RestoreAsync(DatabaseProvider provider, string file)
    {
        var target = await TestDatabase.CreateAsync(provider); // migrated and empty
        if (provider == DatabaseProvider.Sqlite)
        {
            var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(target.ConnectionString).DataSource;
            File.Copy(file, path, overwrite: true);
            return target;
        }
        var cs = new NpgsqlConnectionStringBuilder(target.ConnectionString);
        await using (var db = target.NewContext())
            await db.Database.ExecuteSqlRawAsync("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
        NpgsqlConnection.ClearAllPools();
        var start = new ProcessStartInfo(Backup.Tool("pg_restore"))
        {
            ArgumentList = { "--no-owner", "--host", cs.Host!, "--port", cs.Port.ToString(), "--username", cs.Username!, "--dbname", cs.Database!, file },
            RedirectStandardError = true,
        };
        start.Environment["PGPASSWORD"] = cs.Password;
        using var restore = Process.Start(start)!;
        var errors = await restore.StandardError.ReadToEndAsync();
        await restore.WaitForExitAsync();
        Assert.True(restore.ExitCode == 0, errors);
        return target;
    }
}

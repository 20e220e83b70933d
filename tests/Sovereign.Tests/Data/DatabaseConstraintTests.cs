using Microsoft.EntityFrameworkCore;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Auth;

namespace Sovereign.Tests.Data;

/// <summary>The database itself refuses bad rows, whatever the app does: each test writes past the app's validation.</summary>
public class DatabaseConstraintTests
{
    private static readonly DateTime Noon = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_valid_user_habit_log_and_relapse_are_stored(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var user = Entities.User();
        var habit = Entities.Habit(user);
        await using (var db = database.NewContext())
        {
            db.AddRange(user, habit, Entities.Track(user.Id), Entities.Log(habit, Noon), Entities.Relapse(user, Noon, severity: 10, TriggerType.PeerPressure));
            await db.SaveChangesAsync();
        }

        await using var read = database.NewContext();
        var stored = await read.Users.SingleAsync();
        Assert.True(stored.IsActive);
        Assert.Equal("UTC", stored.TimeZone);
        Assert.NotEqual(default, stored.CreatedAt);
        Assert.Equal(HabitFrequency.Daily, (await read.Habits.SingleAsync()).Frequency);
        Assert.Equal(1, await read.HabitLogs.CountAsync());
        Assert.Equal(TriggerType.PeerPressure, (await read.RelapseEvents.SingleAsync()).TriggerType);
        // Stored as the design's names, not as numbers or C# names.
        Assert.Equal(["peer_pressure"], await read.Database.SqlQueryRaw<string>("SELECT trigger_type AS \"Value\" FROM relapse_events").ToListAsync());
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Ids_are_version_7_uuids(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        var user = Entities.User();
        db.Add(user);
        await db.SaveChangesAsync();
        Assert.Equal(7, user.Id.Version);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, 0)]
    [InlineData(DatabaseProvider.Sqlite, 11)]
    [InlineData(DatabaseProvider.Postgres, 0)]
    [InlineData(DatabaseProvider.Postgres, 11)]
    public async Task A_severity_outside_1_to_10_is_refused(DatabaseProvider provider, int severity)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var user = await SaveUserAsync(database);
        await using var db = database.NewContext();
        db.Add(Entities.Relapse(user, Noon, severity));

        await AssertRefusedAsync(db, "ck_relapse_events_severity");
        Assert.Equal(0, await database.NewContext().RelapseEvents.CountAsync());
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task An_unknown_trigger_type_is_refused(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var user = await SaveUserAsync(database);
        await using var db = database.NewContext();
        db.Add(Entities.Relapse(user, Noon));
        await db.SaveChangesAsync();

        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            db.Database.ExecuteSqlRawAsync("UPDATE relapse_events SET trigger_type = 'boredom'"));
        Assert.Contains("ck_relapse_events_trigger_type", error.Message);
        Assert.Equal(["stress"], await db.Database.SqlQueryRaw<string>("SELECT trigger_type AS \"Value\" FROM relapse_events").ToListAsync());
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task An_unknown_frequency_is_refused(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var user = await SaveUserAsync(database);
        await using var db = database.NewContext();
        db.Add(Entities.Habit(user));
        await db.SaveChangesAsync();

        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            db.Database.ExecuteSqlRawAsync("UPDATE habits SET frequency = 'hourly'"));
        Assert.Contains("ck_habits_frequency", error.Message);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "a@X.ORG")]
    [InlineData(DatabaseProvider.Postgres, "a@X.ORG")]
    [InlineData(DatabaseProvider.Sqlite, "Ａ@x.o\u00ADrg")]
    [InlineData(DatabaseProvider.Postgres, "Ａ@x.o\u00ADrg")]
    public async Task An_email_that_differs_only_in_case_or_spelling_is_the_same_account(DatabaseProvider provider, string spelling)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await SaveUserAsync(database, Entities.User(email: "A@x.org"));
        await using var db = database.NewContext();
        db.Add(Entities.User(email: spelling));

        await AssertRefusedAsync(db, provider == DatabaseProvider.Sqlite ? "users.email_key" : "ix_users_email_key");
        Assert.Equal(1, await database.NewContext().Users.CountAsync());
        // The same key finds the account whatever spelling is typed at sign-in.
        var key = LoginNames.Key(spelling);
        Assert.Equal("A@x.org", (await database.NewContext().Users.SingleAsync(u => u.EmailKey == key)).Email);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_username_that_differs_only_in_case_is_taken(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await SaveUserAsync(database, Entities.User(username: "Morning"));
        await using var db = database.NewContext();
        db.Add(Entities.User(username: "mORNING"));

        await AssertRefusedAsync(db, provider == DatabaseProvider.Sqlite ? "users.username_key" : "ix_users_username_key");
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_log_for_a_habit_that_does_not_exist_is_refused(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var user = await SaveUserAsync(database);
        await using var db = database.NewContext();
        db.Add(new HabitLog { HabitId = Guid.CreateVersion7(), UserId = user.Id, CompletedAt = Noon });

        await AssertRefusedAsync(db, provider == DatabaseProvider.Sqlite ? "FOREIGN KEY" : "fk_habit_logs_habits_habit_id_user_id");
        Assert.Equal(0, await database.NewContext().HabitLogs.CountAsync());
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_log_whose_user_is_not_the_habit_owner_is_refused(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var owner = Entities.User();
        var other = Entities.User();
        var habit = Entities.Habit(owner);
        await using (var setup = database.NewContext())
        {
            setup.AddRange(owner, other, habit);
            await setup.SaveChangesAsync();
        }
        await using var db = database.NewContext();
        db.Add(new HabitLog { HabitId = habit.Id, UserId = other.Id, CompletedAt = Noon });

        await AssertRefusedAsync(db, provider == DatabaseProvider.Sqlite ? "FOREIGN KEY" : "fk_habit_logs_habits_habit_id_user_id");
        Assert.Equal(0, await database.NewContext().HabitLogs.CountAsync());
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Deleting_a_user_deletes_everything_of_theirs_and_nothing_else(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var leaving = Entities.User();
        var staying = Entities.User();
        await using (var setup = database.NewContext())
        {
            foreach (var user in new[] { leaving, staying })
            {
                var habit = Entities.Habit(user);
                setup.AddRange(user, habit, Entities.Track(user.Id), Entities.Log(habit, Noon), Entities.Relapse(user, Noon));
            }
            await setup.SaveChangesAsync();
        }

        await using (var db = database.NewContext())
            Assert.Equal(1, await db.Users.Where(u => u.Id == leaving.Id).ExecuteDeleteAsync());

        await using var read = database.NewContext();
        Assert.Equal([staying.Id], await read.Users.Select(u => u.Id).ToListAsync());
        Assert.All(await read.Habits.ToListAsync(), h => Assert.Equal(staying.Id, h.UserId));
        Assert.All(await read.HabitLogs.ToListAsync(), l => Assert.Equal(staying.Id, l.UserId));
        Assert.All(await read.RelapseEvents.ToListAsync(), r => Assert.Equal(staying.Id, r.UserId));
        Assert.Equal(1, await read.HabitLogs.CountAsync());
        Assert.Equal(1, await read.RelapseEvents.CountAsync());
    }

    private static async Task<User> SaveUserAsync(TestDatabase database, User? user = null)
    {
        user ??= Entities.User();
        await using var db = database.NewContext();
        db.AddRange(user, Entities.Track(user.Id));
        await db.SaveChangesAsync();
        return user;
    }

    /// <summary>Saving fails in the database, and the message names the constraint that refused it.</summary>
    private static async Task AssertRefusedAsync(AppDb db, string constraint)
    {
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.Contains(constraint, error.InnerException?.Message ?? "");
    }
}

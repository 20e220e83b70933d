using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Auth;
using Sovereign.Web.Pages.Tracks;
using Sovereign.Web.Time;

namespace Sovereign.Tests.Data;

/// <summary>Data written by an earlier schema survives the migrations after it.</summary>
public class UpgradeTests
{
    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Accounts_from_before_tracks_keep_their_clock_and_every_relapse_and_urge_on_one_track(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateEmptyAsync(provider);
        var (withClock, withoutClock) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await using (var db = database.NewContext())
        {
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(db.Database.GetMigrations().Single(m => m.EndsWith("_Sessions", StringComparison.Ordinal)));

            // Rows as the previous release wrote them: the clock's start on the user, events without a track.
            object Id(Guid id) => provider == DatabaseProvider.Sqlite ? id.ToString().ToUpperInvariant() : id;
            object At(DateTime t) => provider == DatabaseProvider.Sqlite ? t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) : t;
            object Day(DateOnly d) => provider == DatabaseProvider.Sqlite ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : d;
            var created = new DateTime(2025, 6, 1, 9, 0, 0, DateTimeKind.Utc);
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO users (id, email, username, password_hash, day_ends_at_hour, clean_since, created_at, updated_at) VALUES ({0}, 'a@example.org', 'a', 'x', 0, {1}, {2}, {2})",
                Id(withClock), Day(new DateOnly(2025, 1, 10)), At(created));
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO users (id, email, username, password_hash, day_ends_at_hour, created_at, updated_at) VALUES ({0}, 'b@example.org', 'b', 'x', 2, {1}, {1})",
                Id(withoutClock), At(created));
            foreach (var (user, i) in new[] { withClock, withClock, withClock, withoutClock }.Select((u, i) => (u, i)))
            {
                await db.Database.ExecuteSqlRawAsync(
                    "INSERT INTO relapse_events (id, user_id, occurred_at, trigger_type, severity, notes) VALUES ({0}, {1}, {2}, 'stress', 4, 'kept')",
                    Id(Guid.CreateVersion7()), Id(user), At(created.AddDays(10 * i + 5)));
                await db.Database.ExecuteSqlRawAsync(
                    "INSERT INTO urge_events (id, user_id, occurred_at, intensity, trigger_type, hungry, angry, lonely, tired) VALUES ({0}, {1}, {2}, 7, 'other', false, false, true, false)",
                    Id(Guid.CreateVersion7()), Id(user), At(created.AddDays(10 * i + 3)));
            }

            await db.MigrateAsync(NullLogger.Instance);
        }

        await using var read = database.NewContext();
        var tracks = await read.RecoveryTracks.OrderBy(t => t.UserId == withClock ? 0 : 1).ToListAsync();
        Assert.Equal(2, tracks.Count);
        Assert.All(tracks, t => Assert.Equal((t.UserId, RecoveryTrack.FirstTrackName, TrackKind.Other, 0), (t.Id, t.Name, t.Kind, t.Position)));
        Assert.Equal(new DateOnly(2025, 1, 10), tracks[0].CleanSince);
        Assert.Null(tracks[1].CleanSince);
        Assert.Equal((3, 3), (await read.RelapseEvents.CountAsync(r => r.TrackId == withClock && r.UserId == withClock), await read.UrgeEvents.CountAsync(u => u.TrackId == withClock)));
        Assert.Equal((1, 1), (await read.RelapseEvents.CountAsync(r => r.TrackId == withoutClock && r.UserId == withoutClock), await read.UrgeEvents.CountAsync(u => u.TrackId == withoutClock)));
        Assert.All(await read.RelapseEvents.ToListAsync(), r => Assert.Equal(("kept", 4), (r.Notes, r.Severity)));
        Assert.Equal(2, await read.Users.CountAsync());

        // The clock reads as before: from the last of the three relapses, with the clean-since day as the record's start.
        var relapses = await read.RelapseEvents.Where(r => r.TrackId == withClock).OrderBy(r => r.OccurredAt).Select(r => r.OccurredAt).ToListAsync();
        var now = new DateTime(2025, 12, 1, 0, 0, 0, DateTimeKind.Utc);
        var summary = TrackService.Summarize(tracks[0], relapses, new UserClock("UTC", 0), now);
        Assert.Equal(relapses[^1], summary.Clock.Since);
        Assert.Equal(new DateTime(2025, 6, 26, 9, 0, 0, DateTimeKind.Utc), relapses[^1]);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Accounts_from_before_login_keys_get_them_and_links_that_showed_habits_keep_showing_those_habits(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateEmptyAsync(provider);
        var (older, newer, link) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var (walk, archived) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var logs = new CapturedLogs();
        await using (var db = database.NewContext())
        {
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(db.Database.GetMigrations().Single(m => m.EndsWith("_ShareLinks", StringComparison.Ordinal)));
            object Id(Guid id) => provider == DatabaseProvider.Sqlite ? id.ToString().ToUpperInvariant() : id;
            object At(DateTime t) => provider == DatabaseProvider.Sqlite ? t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) : t;
            var created = new DateTime(2026, 1, 1, 9, 0, 0, DateTimeKind.Utc);
            // SQLite's NOCASE told these two e-mails apart (PostgreSQL's collation did not, so there the second is spelled plainly).
            var secondEmail = provider == DatabaseProvider.Sqlite ? "ＡＬＥＸ@example.org" : "sam@example.org";
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO users (id, email, username, password_hash, day_ends_at_hour, created_at, updated_at) VALUES ({0}, 'alex@example.org', 'Alex', 'x', 0, {1}, {1})",
                Id(older), At(created));
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO users (id, email, username, password_hash, day_ends_at_hour, created_at, updated_at) VALUES ({0}, {1}, 'Sam\u00ADuel', 'x', 0, {2}, {2})",
                Id(newer), secondEmail, At(created.AddDays(1)));
            foreach (var (habit, active) in new[] { (walk, true), (archived, false) })
                await db.Database.ExecuteSqlRawAsync(
                    "INSERT INTO habits (id, user_id, name, frequency, target_per_period, is_active, version, streak_period_count, streak_run, longest_streak, created_at, updated_at) " +
                    "VALUES ({0}, {1}, 'h', 'daily', 1, {2}, 0, 0, 0, 0, {3}, {3})", Id(habit), Id(older), active, At(created));
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO share_links (id, user_id, label, display_name, token_hash, show_habits, show_check_in, show_relapse_dates, times_opened, created_at, updated_at) " +
                "VALUES ({0}, {1}, 'Sam', 'Alex', {2}, true, false, false, 0, {3}, {3})", Id(link), Id(older), new string('b', 64), At(created));

            await db.MigrateAsync(logs.CreateLogger("migrate"));
        }

        await using var read = database.NewContext();
        var users = await read.Users.OrderBy(u => u.CreatedAt).ToListAsync();
        Assert.Equal(LoginNames.Key("alex@example.org"), users[0].EmailKey);
        Assert.Equal(LoginNames.Key("alex"), users[0].UsernameKey);
        Assert.Equal(LoginNames.Key("samuel"), users[1].UsernameKey);
        if (provider == DatabaseProvider.Sqlite)
        {
            // The newer of two spellings of one address keeps its account and signs in by its username.
            Assert.NotEqual(LoginNames.Key("alex@example.org"), users[1].EmailKey);
            Assert.Contains(logs.Entries, e => e.Message.Contains("1 e-mail addresses or usernames were spellings of an older account's", StringComparison.Ordinal));
        }
        else Assert.Equal(LoginNames.Key("sam@example.org"), users[1].EmailKey);
        Assert.Equal([walk], await read.ShareLinkHabits.Where(h => h.ShareLinkId == link).Select(h => h.HabitId).ToListAsync());
    }
}

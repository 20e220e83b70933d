using Microsoft.EntityFrameworkCore;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;

namespace Sovereign.Tests.Data;

public class TimestampPrecisionTests
{
    [Theory, ClassData(typeof(BothDatabases))]
    public async Task An_instant_reads_back_to_the_microsecond_as_UTC(DatabaseProvider provider)
    {
        var instant = DateTime.Parse("2026-02-14T10:30:45.123456Z").ToUniversalTime();
        await using var database = await TestDatabase.CreateAsync(provider);
        var user = Entities.User();
        var habit = Entities.Habit(user);
        await using (var db = database.NewContext())
        {
            db.AddRange(user, habit, Entities.Track(user.Id), Entities.Log(habit, instant), Entities.Relapse(user, instant));
            await db.SaveChangesAsync();
        }

        await using var read = database.NewContext();
        var completedAt = await read.HabitLogs.Select(l => l.CompletedAt).SingleAsync();
        var occurredAt = await read.RelapseEvents.Select(r => r.OccurredAt).SingleAsync();
        Assert.Equal(instant, completedAt);
        Assert.Equal(instant, occurredAt);
        Assert.Equal(DateTimeKind.Utc, occurredAt.Kind);
        Assert.Equal("2026-02-14T10:30:45.1234560Z", occurredAt.ToString("O"));
        // Comparisons against instants translate and compare as instants.
        Assert.Equal(1, await read.RelapseEvents.CountAsync(r => r.OccurredAt > instant.AddTicks(-10)));
        Assert.Equal(0, await read.RelapseEvents.CountAsync(r => r.OccurredAt > instant));
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Created_and_updated_times_come_from_the_app_clock(DatabaseProvider provider)
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.Parse("2026-05-01T08:00:00.1234567Z"));
        await using var database = await TestDatabase.CreateAsync(provider);
        var user = Entities.User();
        await using (var db = database.NewContext(clock))
        {
            db.Add(user);
            await db.SaveChangesAsync();
            clock.Advance(TimeSpan.FromHours(1));
            user.TimeZone = "Europe/Berlin";
            await db.SaveChangesAsync();
        }

        await using var read = database.NewContext();
        var stored = await read.Users.SingleAsync();
        Assert.Equal(DateTime.Parse("2026-05-01T08:00:00.123456Z").ToUniversalTime(), stored.CreatedAt);
        Assert.Equal(DateTime.Parse("2026-05-01T09:00:00.123456Z").ToUniversalTime(), stored.UpdatedAt);
    }
}

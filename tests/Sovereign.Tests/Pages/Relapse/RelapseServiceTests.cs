using Microsoft.Extensions.Time.Testing;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Relapse;
using Sovereign.Web.Time;

namespace Sovereign.Tests.Pages.Relapse;

public class RelapseServiceTests
{
    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Keyset_paging_returns_every_event_exactly_once_even_with_identical_times(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var user = Entities.User();
        var other = Entities.User();
        var same = DateTime.Parse("2026-04-01T20:00:00.123456Z").ToUniversalTime();
        await using (var db = database.NewContext())
        {
            db.AddRange(user, other, Entities.Track(user.Id), Entities.Track(other.Id));
            for (var i = 0; i < 17; i++)
                db.Add(Entities.Relapse(user, i < 7 ? same : same.AddHours(-i)));
            db.Add(Entities.Relapse(other, same));
            await db.SaveChangesAsync();
        }

        await using var read = database.NewContext();
        var relapses = new RelapseService(read, new FakeTimeProvider(DateTimeOffset.Parse("2026-05-01T00:00:00Z")));
        var seen = new List<RelapseRow>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await relapses.PageAsync(user.Id, new UserClock("UTC", 0), new TimelineFilter(null, null, null), Keyset.Parse(cursor), pageSize: 3);
            seen.AddRange(page.Rows);
            cursor = page.NextCursor;
            pages++;
        } while (cursor is not null && pages < 20);

        Assert.Equal(17, seen.Count);
        Assert.Equal(17, seen.Select(r => r.Id).Distinct().Count());
        Assert.Equal(6, pages);
        Assert.Equal(seen.OrderByDescending(r => r.OccurredAt).Select(r => r.OccurredAt), seen.Select(r => r.OccurredAt));
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task The_timeline_filters_by_trigger_and_local_date_range(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var user = Entities.User();
        await using (var db = database.NewContext())
        {
            db.AddRange(user, Entities.Track(user.Id));
            db.Add(Entities.Relapse(user, DateTime.Parse("2026-04-01T06:30:00Z").ToUniversalTime(), trigger: TriggerType.Stress));      // 23:30 on 31 March in Los Angeles
            db.Add(Entities.Relapse(user, DateTime.Parse("2026-04-02T18:00:00Z").ToUniversalTime(), trigger: TriggerType.Stress));
            db.Add(Entities.Relapse(user, DateTime.Parse("2026-04-02T19:00:00Z").ToUniversalTime(), trigger: TriggerType.PeerPressure));
            await db.SaveChangesAsync();
        }
        await using var read = database.NewContext();
        var relapses = new RelapseService(read, TimeProvider.System);
        var la = new UserClock("America/Los_Angeles", 0);

        var april = await relapses.PageAsync(user.Id, la, new TimelineFilter(null, new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 30)), null);
        Assert.Equal(2, april.Rows.Count);
        var stress = await relapses.PageAsync(user.Id, la, new TimelineFilter(TriggerType.Stress, null, null), null);
        Assert.Equal(2, stress.Rows.Count);
        var march = await relapses.PageAsync(user.Id, la, new TimelineFilter(null, null, new DateOnly(2026, 3, 31)), null);
        Assert.Equal(new DateTime(2026, 3, 31, 23, 30, 0), Assert.Single(march.Rows).LocalTime);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("123_nothex")]
    [InlineData("99999999999999999999_00000000000000000000000000000000")]
    public void A_malformed_cursor_is_refused(string cursor)
    {
        if (cursor == "") Assert.Null(Keyset.Parse(cursor));
        else Assert.Throws<FormatException>(() => Keyset.Parse(cursor));
    }
}

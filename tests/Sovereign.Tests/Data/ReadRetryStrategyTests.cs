using System.Data.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;

namespace Sovereign.Tests.Data;

public class ReadRetryStrategyTests
{
    private sealed class OpeningCounter : DbConnectionInterceptor
    {
        public int Count;
        public override ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData,
            InterceptionResult result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Count);
            return ValueTask.FromResult(result);
        }
    }

    private static PgAppDb Unreachable(string method, OpeningCounter counter)
    {
        var http = new HttpContextAccessor { HttpContext = new DefaultHttpContext { Request = { Method = method } } };
        return new PgAppDb(new DbContextOptionsBuilder<PgAppDb>()
            .UseNpgsql("Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none;Timeout=1",
                o => o.ExecutionStrategy(deps => new ReadRetryStrategy(deps, http)))
            .UseSnakeCaseNamingConvention().AddInterceptors(counter).Options);
    }

    [Fact]
    public async Task A_read_for_a_GET_is_tried_three_times_before_it_gives_up_as_unavailable()
    {
        var counter = new OpeningCounter();
        await using var db = Unreachable("GET", counter);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => db.Users.CountAsync());
        Assert.True(DatabaseErrors.IsUnavailable(error), error.ToString());
        Assert.Equal(3, counter.Count);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("GET")] // even on a GET, SaveChanges would write
    public async Task A_write_is_tried_once(string method)
    {
        var counter = new OpeningCounter();
        await using var db = Unreachable(method, counter);
        db.Add(Entities.User());
        var error = await Assert.ThrowsAnyAsync<Exception>(() => db.SaveChangesAsync());
        Assert.True(DatabaseErrors.IsUnavailable(error), error.ToString());
        Assert.Equal(1, counter.Count);
    }

    [Fact]
    public async Task A_read_for_a_POST_is_tried_once()
    {
        var counter = new OpeningCounter();
        await using var db = Unreachable("POST", counter);
        await Assert.ThrowsAnyAsync<Exception>(() => db.Users.CountAsync());
        Assert.Equal(1, counter.Count);
    }
}

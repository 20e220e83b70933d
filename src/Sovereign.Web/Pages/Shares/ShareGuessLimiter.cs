using System.Threading.RateLimiting;

namespace Sovereign.Web.Pages.Shares;

/// <summary>
/// Counts the share tokens an address gets wrong; past the limit (30 an hour by default) every shared page is refused to
/// it until the hour is over. A supporter's own page, opened and refreshed, never counts.
/// </summary>
public sealed class ShareGuessLimiter(IConfiguration config) : IDisposable
{
    private readonly PartitionedRateLimiter<string> misses = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = config.GetValue("RateLimits:ShareMissesPerHourPerAddress", 30), Window = TimeSpan.FromHours(1),
        }));

    public bool IsBlocked(string address) => misses.GetStatistics(address)?.CurrentAvailablePermits == 0;

    public void Miss(string address) => misses.AttemptAcquire(address).Dispose();

    public void Dispose() => misses.Dispose();
}

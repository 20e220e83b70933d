using System.Threading.RateLimiting;

namespace Sovereign.Web.Pages.Shares;

/// <summary>
/// Counts the share tokens an address gets wrong (an IPv6 client by its /64); past the limit (30 an hour by default)
/// each further miss is a 429 until the hour is over, while working links still open (many people may share one
/// address). A supporter's own page, opened and refreshed, never counts. Counted per instance, in memory.
/// </summary>
public sealed class ShareGuessLimiter(IConfiguration config) : IDisposable
{
    private readonly PartitionedRateLimiter<string> misses = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, config.GetValue("RateLimits:ShareMissesPerHourPerAddress", 30)), Window = TimeSpan.FromHours(1),
        }));

    /// <summary>Counts a miss; false once the address has used its allowance.</summary>
    public bool TryMiss(string address)
    {
        using var lease = misses.AttemptAcquire(address);
        return lease.IsAcquired;
    }

    public void Dispose() => misses.Dispose();
}

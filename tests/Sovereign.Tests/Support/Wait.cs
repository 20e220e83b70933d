using System.Diagnostics;

namespace Sovereign.Tests.Support;

/// <summary>Waiting for a state, never for a time: polls until it holds, and fails with what it waited for once the deadline passes.</summary>
public static class Wait
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(60);

    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? deadline = null)
    {
        var limit = deadline ?? DefaultDeadline;
        for (var waited = Stopwatch.StartNew(); !condition(); await Task.Delay(20))
            if (waited.Elapsed > limit) throw new TimeoutException($"Waited {limit.TotalSeconds:0} s for {what}.");
    }

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? deadline = null)
    {
        var limit = deadline ?? DefaultDeadline;
        for (var waited = Stopwatch.StartNew(); !await condition(); await Task.Delay(20))
            if (waited.Elapsed > limit) throw new TimeoutException($"Waited {limit.TotalSeconds:0} s for {what}.");
    }
}

using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Sovereign.Tests.Support;

/// <summary>Watches a page as a careful user would: every request stays on 127.0.0.1 and nothing errors in the console.</summary>
public sealed class PageWatch
{
    public List<string> ForeignRequests { get; } = [];
    public List<string> ConsoleErrors { get; } = [];

    public static PageWatch On(IPage page)
    {
        var watch = new PageWatch();
        page.Request += (_, request) =>
        {
            var uri = new Uri(request.Url);
            if (uri.Scheme is "http" or "https" && uri.Host != "127.0.0.1") watch.ForeignRequests.Add(request.Url);
        };
        page.Console += (_, message) => { if (message.Type == "error") watch.ConsoleErrors.Add($"{message.Text} (on {page.Url})"); };
        page.PageError += (_, error) => watch.ConsoleErrors.Add(error);
        return watch;
    }

    public void AssertClean()
    {
        Assert.True(ForeignRequests.Count == 0, "requests to other sites: " + string.Join("\n", ForeignRequests));
        Assert.True(ConsoleErrors.Count == 0, "console errors: " + string.Join("\n", ConsoleErrors));
    }

    /// <summary>
    /// No serious or critical WCAG 2.2 AA violation found by axe-core, in the page's resting state: the pointer is moved
    /// off the page first (hover states are checked on purpose with <paramref name="keepPointer"/>).
    /// </summary>
    public static async Task AssertAccessibleAsync(IPage page, bool keepPointer = false)
    {
        if (!keepPointer) await page.Mouse.MoveAsync(0, 0);
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
        });
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious));
    }
}

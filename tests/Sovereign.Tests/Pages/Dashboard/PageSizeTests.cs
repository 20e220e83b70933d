using Microsoft.Extensions.DependencyInjection;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Operations;
using Sovereign.Web.Pages.Auth;

namespace Sovereign.Tests.Pages.Dashboard;

public class PageSizeTests
{
    /// <summary>What a phone downloads every time it opens the app: a budget, raised only on purpose.</summary>
    public const int DashboardBudgetBytes = 30 * 1024;

    [Fact]
    public async Task The_benchmark_users_dashboard_is_at_most_30_KB_of_HTML()
    {
        await using var app = await SovereignApp.CreateAsync(DatabaseProvider.Sqlite);
        await using (var db = app.NewDbContext())
            await new BenchmarkSeed(db, app.Services.GetRequiredService<Passwords>(), app.Services.GetRequiredService<TimeProvider>()).RunAsync();
        var client = app.NewClient();
        await TestUser.PostFormAsync(client, "/auth/login", new() { ["Input.Login"] = BenchmarkSeed.Email, ["Input.Password"] = BenchmarkSeed.Password });

        var html = await client.GetByteArrayAsync("/dashboard");
        Assert.Contains("habit-card", System.Text.Encoding.UTF8.GetString(html)); // the full dashboard: 20 habits, tracks, the check-in
        Assert.True(html.Length <= DashboardBudgetBytes, $"the dashboard is {html.Length} bytes, over its budget of {DashboardBudgetBytes}");
    }
}

using Microsoft.AspNetCore.Mvc.RazorPages;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Services;

namespace Sovereign.Web.Pages.Insights;

public class IndexModel(InsightsService insights, CurrentUser me) : PageModel
{
    public static readonly string[] Weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    public InsightReport Report { get; private set; } = null!;

    public async Task OnGetAsync() => Report = await insights.ReportAsync(me.Id, await me.ClockAsync());

    public (int Weekday, int Hour, int Count) Peak()
    {
        var best = (0, 0, 0);
        for (var d = 0; d < 7; d++)
            for (var h = 0; h < 24; h++)
                if (Report.HourByWeekday[d, h] > best.Item3) best = (d, h, Report.HourByWeekday[d, h]);
        return best;
    }
}

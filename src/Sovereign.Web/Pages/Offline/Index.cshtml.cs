using Microsoft.AspNetCore.Mvc.RazorPages;
using Sovereign.Web.Pages.Help;
using Sovereign.Web.Time;

namespace Sovereign.Web.Pages.Offline;

/// <summary>
/// What a page shows when there is no network: kept by the service worker (fetched without cookies, so it is the same
/// for everyone) with the public support lines for the phone's time zone.
/// </summary>
public sealed class IndexModel : PageModel
{
    public IReadOnlyList<Helpline> Lines { get; private set; } = [];

    public void OnGet(string? zone) => Lines = Helplines.For(null, TimeZones.IsValid(zone) ? zone! : "UTC");
}

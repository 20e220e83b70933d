using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sovereign.Web.Infrastructure;

namespace Sovereign.Web.Pages.Account;

/// <summary>GET /account/export: everything of the user's as JSON; /account/export/csv: a zip of CSV files, one per table.</summary>
public class ExportModel(PersonalDataService data, TimeProvider clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string? format)
    {
        var export = await data.ExportAsync(User.Id());
        var stamp = clock.GetUtcNow().ToString("yyyy-MM-dd");
        Response.Headers.CacheControl = "no-store";
        return format == "csv"
            ? File(CsvExport.ToZip(export), "application/zip", $"sovereign-{stamp}.zip")
            : File(JsonSerializer.SerializeToUtf8Bytes(export, PersonalDataService.Json), "application/json", $"sovereign-{stamp}.json");
    }
}

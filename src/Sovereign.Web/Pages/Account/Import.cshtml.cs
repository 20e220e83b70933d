using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sovereign.Web.Infrastructure;

namespace Sovereign.Web.Pages.Account;

[RequestSizeLimit(PersonalDataService.MaxImportBytes + 64 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = PersonalDataService.MaxImportBytes + 64 * 1024)]
public class ImportModel(PersonalDataService data) : PageModel
{
    public IReadOnlyList<string> Problems { get; private set; } = [];

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(IFormFile? file)
    {
        if (file is null || file.Length == 0) Problems = ["Choose the JSON file you downloaded from Sovereign."];
        else if (file.Length > PersonalDataService.MaxImportBytes) Problems = ["The file is larger than 20 MB."];
        else
        {
            await using var stream = file.OpenReadStream();
            Problems = await data.ImportAsync(User.Id(), stream);
        }
        if (Problems.Count > 0) return this.Invalid();

        TempData["Status"] = "Your data is imported.";
        return RedirectToPage("/Dashboard/Index");
    }
}

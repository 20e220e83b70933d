using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Models;

namespace Sovereign.Web.Pages.Account;

/// <summary>How the app looks on this person's screens: light, dark or as the device is set; discreet or not.</summary>
public class AppearanceModel(AppDb db, CurrentUser me) : PageModel
{
    [BindProperty] public AppearanceInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync()
    {
        if (await me.SettingsAsync() is not { } settings) return RedirectToPage("/Auth/Login");
        Input = new AppearanceInput { ColorMode = SnakeCaseEnum<ColorMode>.Name(settings.ColorMode), Discreet = settings.Discreet };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!SnakeCaseEnum<ColorMode>.TryParse(Input.ColorMode, out var mode)) ModelState.AddModelError("Input.ColorMode", "Choose light, dark or automatic.");
        if (!ModelState.IsValid) return this.Invalid();
        if (await db.Users.SingleOrDefaultAsync(u => u.Id == me.Id) is not { } user) return RedirectToPage("/Auth/Login");
        user.ColorMode = mode;
        user.Discreet = Input.Discreet;
        await db.SaveChangesAsync();
        TempData["Status"] = "Saved. Every page now looks this way, on every device you use.";
        return RedirectToPage();
    }
}

public sealed class AppearanceInput
{
    public static readonly (string Value, string Text)[] ColorModes =
        [("auto", "Automatic: as this device is set"), ("light", "Light"), ("dark", "Dark")];

    [Display(Name = "Colours")]
    public string? ColorMode { get; set; }

    [Display(Name = "Discreet mode: tab titles, the installed app's name and icon say only \u201cDaily notes\u201d")]
    public bool Discreet { get; set; }
}

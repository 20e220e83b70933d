using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Habits;
using Sovereign.Web.Pages.Tracks;
using Sovereign.Web.Time;

namespace Sovereign.Web.Pages.Shares;

/// <summary>
/// Share links (/account/shares): make one (its link and QR code shown once), change what each shows, revoke it, and say
/// "I'm struggling" to everyone holding one.
/// </summary>
public class IndexModel(ShareService shares, TrackService tracks, HabitService habits, CurrentUser me) : PageModel
{
    public IReadOnlyList<ShareLink> Links { get; private set; } = [];
    public IReadOnlyList<RecoveryTrack> Tracks { get; private set; } = [];
    public IReadOnlyList<HabitName> Habits { get; private set; } = [];
    public UserClock Clock { get; private set; }
    public DateTime Now { get; private set; }
    public DateTime? SupportRequestedAt { get; private set; }
    public ShareInput Share { get; private set; } = new();
    /// <summary>The link whose scope form came back with problems, and that form.</summary>
    public (Guid Id, ScopeInput Input)? ScopeEdit { get; private set; }

    /// <summary>The token of the link just made: carried across the redirect in TempData (an encrypted cookie, read once).</summary>
    [TempData] public string? NewToken { get; set; }
    public string? NewUrl { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        // Kept with its owner's id: on a shared computer, a link made by one account is never shown to the next.
        if (NewToken?.Split(':') is [var owner, var token] && owner == me.Id.ToString() && ShareService.IsWellFormed(token))
            NewUrl = Url.Page("/Shares/Open", null, new { token }, Request.Scheme, Request.Host.Value);
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync([Bind(Prefix = "Share")] ShareInput? share)
    {
        if (share is null) ModelState.AddModelError("", "Fill in who the link is for and what it shows.");
        Share = share ?? new();
        if (share is null || !ModelState.IsValid) return await InvalidAsync();
        var (change, token) = await shares.CreateAsync(me.Id, share.Label!.Trim(), share.DisplayName!.Trim(), share.Phone, share.Scope, share.ExpiresInDays);
        switch (change)
        {
            case ShareChange.NotFound: return NotFound();
            case ShareChange.TooMany:
                ModelState.AddModelError("", $"You can have up to {ShareLink.MaxLivePerUser} working links. Revoke one you no longer need first.");
                return await InvalidAsync();
        }
        NewToken = $"{me.Id}:{token}";
        return RedirectToPage("/Shares/Index", null, null, "new-link");
    }

    public async Task<IActionResult> OnPostScopeAsync(Guid id, [Bind(Prefix = "Scope")] ScopeInput? scope)
    {
        if (scope is null) ModelState.AddModelError("", "Tick what the link shows.");
        if (scope is null || !ModelState.IsValid)
        {
            ScopeEdit = (id, scope ?? new());
            await LoadAsync();
            return Links.Any(l => l.Id == id) ? this.Invalid() : NotFound(); // another user's link is a 404 whatever the form held
        }
        if (await shares.ChangeScopeAsync(me.Id, id, scope.Scope) == ShareChange.NotFound) return NotFound();
        TempData["Status"] = "Saved. Their page shows the change within a minute.";
        return RedirectToPage("/Shares/Index", null, null, $"link-{id}");
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id)
    {
        if (!await shares.RevokeAsync(me.Id, id)) return NotFound();
        TempData["Status"] = "Revoked. The link no longer opens.";
        return RedirectToPage("/Shares/Index");
    }

    /// <param name="ask">True for "I'm struggling", false to clear it.</param>
    public async Task<IActionResult> OnPostSupportAsync(bool ask, string? returnUrl)
    {
        if (!ModelState.IsValid) return BadRequest(); // ?ask= neither true nor false
        await shares.AskForSupportAsync(me.Id, ask);
        TempData["Status"] = ask ? "Your shared pages now ask your supporters to reach out, for a day or until you clear it." : "Cleared.";
        return Redirect(this.LocalOr(returnUrl, "/Shares/Index"));
    }

    private async Task<IActionResult> InvalidAsync()
    {
        await LoadAsync();
        return this.Invalid();
    }

    private async Task LoadAsync()
    {
        Clock = await me.ClockAsync();
        Now = tracks.Now;
        Links = await shares.ListAsync(me.Id);
        Tracks = await tracks.ListAsync(me.Id); // archived ones too, so changing a link keeps them (they show again when restored)
        Habits = await habits.NamesAsync(me.Id);
        SupportRequestedAt = await shares.SupportRequestedAtAsync(me.Id);
    }
}

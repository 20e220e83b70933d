using System.Buffers.Text;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Models;

namespace Sovereign.Web.Pages.Reminders;

/// <summary>
/// Reminders: the devices that take notifications (this one is added by a tap, which is when the browser asks for
/// permission — never on load) and when the morning commitment, the evening check-in and milestones remind. Each habit's
/// own time is set on the habit.
/// </summary>
public class IndexModel(AppDb db, CurrentUser me, VapidKeyStore keys, PushOptions options, TimeProvider clock) : PageModel
{
    [BindProperty] public TimesInput Times { get; set; } = new();
    public User Me { get; private set; } = null!;
    public List<PushDevice> Devices { get; private set; } = [];
    public string PublicKey { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        if (await LoadAsync() is { } gone) return gone;
        Times = TimesInput.From(Me);
        return Page();
    }

    /// <summary>This browser's subscription, sent by wwwroot/js/reminders.js after the person allowed notifications.</summary>
    public async Task<IActionResult> OnPostSubscribeAsync([Bind(Prefix = "")] DeviceInput? device, CancellationToken cancellationToken)
    {
        if (await LoadAsync() is { } gone) return gone;
        // The binder gives no object for some unreadable bodies (a NUL in every field).
        if (device is null || !ModelState.IsValid) return this.Refused("This browser's subscription could not be read. Try again.");
        if ((device.Problem() ?? await PushEndpoints.ProblemAsync(device.Endpoint, options.AllowLoopbackEndpoints, cancellationToken)) is { } problem)
            return this.Refused(problem);
        if (await db.SaveDeviceAsync(device, userId: Me.Id, shareLinkId: null, PushDevice.MaxPerUser, cancellationToken) is not { } known)
            return this.Refused($"Reminders are on for {PushDevice.MaxPerUser} devices, the most one account can have. Stop one you no longer use first.");
        TempData["Status"] = $"Reminders are on for \u201c{known.Name}\u201d.";
        return new NoContentResult();
    }

    public async Task<IActionResult> OnPostStopAsync(Guid id)
    {
        if (await LoadAsync() is { } gone) return gone;
        if (await db.PushDevices.Where(d => d.Id == id && d.UserId == Me.Id).ExecuteDeleteAsync() == 0) return NotFound();
        TempData["Status"] = "That device gets no more reminders.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostTimesAsync()
    {
        if (await LoadAsync() is { } gone) return gone;
        if (!ModelState.IsValid) return this.Invalid();
        Times.ApplyTo(Me);
        await db.SaveChangesAsync();
        TempData["Status"] = "Saved. Reminders come at these times, your time.";
        return RedirectToPage();
    }

    /// <summary>A notification now to every device of the account, to see that reminders arrive (within a minute: the sender runs every minute).</summary>
    public async Task<IActionResult> OnPostTestAsync()
    {
        if (await LoadAsync() is { } gone) return gone;
        if (Devices.Count == 0) return this.Refused("Turn reminders on for this device first.");
        var now = clock.GetUtcNow().UtcDateTime;
        var text = Me.Discreet ? ReminderText.Neutral : new ReminderText("Reminders work", "This device will get your reminders.");
        foreach (var device in Devices)
            await db.WriteNotificationAsync(device.Id, $"test:{now:yyyy-MM-ddTHH:mm}", text.Title, text.Body, "reminders", null, now, HttpContext.RequestAborted);
        TempData["Status"] = "A test is on its way: it arrives within a minute.";
        return RedirectToPage();
    }

    public string Local(DateTime utc) => new Time.UserClock(Me.TimeZone, 0).Show(utc);

    private async Task<IActionResult?> LoadAsync()
    {
        if (await db.Users.SingleOrDefaultAsync(u => u.Id == me.Id) is not { } user) return RedirectToPage("/Auth/Login");
        Me = user;
        Devices = await db.PushDevices.AsNoTracking().Where(d => d.UserId == user.Id).OrderBy(d => d.CreatedAt).ToListAsync();
        PublicKey = await keys.PublicKeyAsync(HttpContext.RequestAborted);
        return null;
    }
}

/// <summary>A browser's push subscription as reminders.js sends it (the fields of PushSubscription.toJSON()) and the name the person gave it.</summary>
public sealed class DeviceInput
{
    public string? Endpoint { get; set; }
    public string? P256dh { get; set; }
    public string? Auth { get; set; }
    public string? Name { get; set; }

    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Trim().Length > PushDevice.MaxNameLength) return "Give this device a name of at most 60 characters.";
        if (!IsKey(P256dh, 65) || !IsKey(Auth, 16)) return "This browser's notification keys are not ones we can use.";
        return null;
    }

    private static bool IsKey(string? text, int bytes)
    {
        if (text is null || text.Length > 100) return false;
        try { return Base64Url.DecodeFromChars(text) is { } key && key.Length == bytes && (bytes != 65 || key[0] == 0x04); }
        catch (FormatException) { return false; }
    }
}

public sealed class TimesInput : IValidatableObject
{
    [StringLength(8, ErrorMessage = ReminderTimes.Problem), Display(Name = "Morning commitment")]
    public string? Commitment { get; set; }
    [StringLength(8, ErrorMessage = ReminderTimes.Problem), Display(Name = "Evening check-in")]
    public string? CheckIn { get; set; }
    [Display(Name = "On the morning a track reaches a milestone (at the morning time, or 09:00)")]
    public bool Milestones { get; set; }
    [StringLength(8, ErrorMessage = ReminderTimes.Problem), Display(Name = "Quiet from")]
    public string? QuietFrom { get; set; }
    [StringLength(8, ErrorMessage = ReminderTimes.Problem), Display(Name = "Quiet until")]
    public string? QuietUntil { get; set; }
    [Display(Name = "Detailed texts: a notification may name the habit or the track")]
    public bool Detailed { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        foreach (var (value, name) in new[] { (Commitment, nameof(Commitment)), (CheckIn, nameof(CheckIn)), (QuietFrom, nameof(QuietFrom)), (QuietUntil, nameof(QuietUntil)) })
            if (!ReminderTimes.TryParse(value, out _)) yield return new(ReminderTimes.Problem, [name]);
        if (ReminderTimes.TryParse(QuietFrom, out var from) && ReminderTimes.TryParse(QuietUntil, out var until) && (from is null) != (until is null))
            yield return new("Give both ends of the quiet hours, or neither.", [from is null ? nameof(QuietFrom) : nameof(QuietUntil)]);
    }

    public void ApplyTo(User user)
    {
        ReminderTimes.TryParse(Commitment, out var commitment);
        ReminderTimes.TryParse(CheckIn, out var checkIn);
        ReminderTimes.TryParse(QuietFrom, out var from);
        ReminderTimes.TryParse(QuietUntil, out var until);
        (user.RemindCommitmentAt, user.RemindCheckInAt, user.RemindMilestones, user.QuietFrom, user.QuietUntil, user.DetailedNotifications) =
            (commitment, checkIn, Milestones, from, until, Detailed);
    }

    public static TimesInput From(User user) => new()
    {
        Commitment = ReminderTimes.Show(user.RemindCommitmentAt), CheckIn = ReminderTimes.Show(user.RemindCheckInAt), Milestones = user.RemindMilestones,
        QuietFrom = ReminderTimes.Show(user.QuietFrom), QuietUntil = ReminderTimes.Show(user.QuietUntil), Detailed = user.DetailedNotifications,
    };
}

using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Operations;
using Sovereign.Web.Pages.Habits;
using Sovereign.Web.Pages.Tracks;
using Sovereign.Web.Time;

namespace Sovereign.Web.Pages.Reminders;

/// <summary>
/// Every minute: writes each reminder that has fallen due at its user's local time (zone, day-end hour, daylight-saving
/// changes — <see cref="UserClock.CompletionInstant"/>) as a notification per device, then sends what is due. A
/// reminder's key (what, which day) is unique per device, so however many instances plan it, or how often, it is
/// written once; one missed while no instance ran is still sent within <see cref="CatchUp"/>, never later.
/// </summary>
public sealed class ReminderPlanner(AppDb db, PushSender sender, TimeProvider clock) : IScheduledJob
{
    public string Kind => "reminders";
    public TimeSpan? Every => TimeSpan.FromMinutes(1);
    /// <summary>A reminder is still worth sending this long after its time (a restart, a database away); later it is noise.</summary>
    public static readonly TimeSpan CatchUp = TimeSpan.FromHours(1);
    /// <summary>When a milestone is told if no morning reminder is set.</summary>
    public static readonly TimeOnly MilestoneTime = new(9, 0);

    public async Task RunAsync(ScheduledJob job, CancellationToken cancellationToken)
    {
        await PlanAsync(cancellationToken);
        await sender.SendDueAsync(cancellationToken);
    }

    private sealed record Person(Guid Id, string TimeZone, int DayEndsAtHour, TimeOnly? Commitment, TimeOnly? CheckIn, bool Milestones,
        TimeOnly? QuietFrom, TimeOnly? QuietUntil, bool Detailed, bool Discreet, DateTime UpdatedAt);

    private sealed record Due(string Key, DateTime At, ReminderText Text, string Url, Guid? HabitId = null, DateTime? SetAt = null);

    /// <summary>Writes the reminders due now; returns how many notifications were written.</summary>
    public async Task<int> PlanAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var withDevice = db.PushDevices.Where(d => d.UserId != null);
        var people = await db.Users.AsNoTracking().Where(u => u.IsActive && withDevice.Any(d => d.UserId == u.Id))
            .Select(u => new Person(u.Id, u.TimeZone, u.DayEndsAtHour, u.RemindCommitmentAt, u.RemindCheckInAt, u.RemindMilestones,
                u.QuietFrom, u.QuietUntil, u.DetailedNotifications, u.Discreet, u.UpdatedAt))
            .ToListAsync(cancellationToken);
        if (people.Count == 0) return 0;

        var recent = DateOnly.FromDateTime(now).AddDays(-2);
        var habits = (await db.Habits.AsNoTracking().Where(h => h.RemindAt != null && h.IsActive && withDevice.Any(d => d.UserId == h.UserId))
            .ToListAsync(cancellationToken)).ToLookup(h => h.UserId);
        var skips = (await db.HabitSkips.AsNoTracking()
            .Where(s => s.PeriodStart >= recent.AddDays(-31) && db.Habits.Any(h => h.Id == s.HabitId && h.RemindAt != null))
            .Select(s => new { s.HabitId, s.PeriodStart }).ToListAsync(cancellationToken)).ToHashSet();
        var checkIns = (await db.CheckIns.AsNoTracking().Where(c => c.LocalDate >= recent && withDevice.Any(d => d.UserId == c.UserId))
            .Select(c => new { c.UserId, c.LocalDate, Committed = c.Commitments.Any(), Evening = c.EveningAt != null })
            .ToListAsync(cancellationToken)).ToDictionary(c => (c.UserId, c.LocalDate));
        var tracks = (await db.RecoveryTracks.AsNoTracking()
            .Where(t => t.ArchivedAt == null && db.Users.Any(u => u.Id == t.UserId && u.RemindMilestones) && withDevice.Any(d => d.UserId == t.UserId))
            .Select(t => new { t.UserId, t.Id, t.Name, t.CleanSince, t.CleanSinceTime, t.CreatedAt,
                LastRelapse = db.RelapseEvents.Where(r => r.TrackId == t.Id).Max(r => (DateTime?)r.OccurredAt) })
            .ToListAsync(cancellationToken)).ToLookup(t => t.UserId);
        var devices = (await withDevice.AsNoTracking().Select(d => new { d.Id, UserId = d.UserId!.Value, d.CreatedAt })
            .ToListAsync(cancellationToken)).ToLookup(d => d.UserId);

        var written = 0;
        foreach (var person in people)
        {
            var userClock = new UserClock(person.TimeZone, person.DayEndsAtHour);
            var today = userClock.DayOf(now);
            var due = new List<Due>();
            foreach (var day in new[] { today.AddDays(-1), today })
            {
                checkIns.TryGetValue((person.Id, day), out var checkIn);
                if (person.Commitment is { } commitment && checkIn?.Committed != true)
                    due.Add(new($"commitment:{day:yyyy-MM-dd}", userClock.CompletionInstant(day, commitment), ReminderText.Commitment(person.Discreet), "checkin"));
                if (person.CheckIn is { } evening && checkIn?.Evening != true)
                    due.Add(new($"checkin:{day:yyyy-MM-dd}", userClock.CompletionInstant(day, evening), ReminderText.CheckIn(person.Discreet), "checkin#evening"));
                foreach (var habit in habits[person.Id])
                {
                    var period = Periods.Start(day, habit.Frequency);
                    var open = habit.LastDoneOn != day && !(habit.StreakPeriodStart == period && habit.StreakPeriodCount >= habit.TargetPerPeriod)
                        && !skips.Contains(new { HabitId = habit.Id, PeriodStart = period });
                    if (open)
                        due.Add(new($"habit:{habit.Id}:{day:yyyy-MM-dd}", userClock.CompletionInstant(day, habit.RemindAt!.Value),
                            ReminderText.Habit(habit.Name, person.Detailed, person.Discreet), "dashboard", habit.Id, habit.UpdatedAt));
                }
                foreach (var track in tracks[person.Id])
                {
                    var since = new[] { track.LastRelapse, track.CleanSince is { } c ? userClock.ToUtc(c, track.CleanSinceTime ?? TimeOnly.MinValue) : null }.Max()
                        ?? track.CreatedAt;
                    var days = day.DayNumber - userClock.DayOf(since).DayNumber;
                    if (days > 0 && Sobriety.Milestones(days).Previous == days)
                        due.Add(new($"milestone:{track.Id}:{day:yyyy-MM-dd}", userClock.CompletionInstant(day, person.Commitment ?? MilestoneTime),
                            ReminderText.Milestone(days, track.Name, person.Detailed, person.Discreet), "dashboard"));
                }
            }
            foreach (var reminder in due)
            {
                // Due now, not caught up from before the setting was saved, and not in the quiet hours.
                if (reminder.At > now || reminder.At <= now - CatchUp || reminder.At < (reminder.SetAt ?? person.UpdatedAt)) continue;
                if (IsQuiet(person, TimeOnly.FromDateTime(userClock.ToLocal(reminder.At)))) continue;
                foreach (var device in devices[person.Id].Where(d => d.CreatedAt <= reminder.At))
                    written += await db.WriteNotificationAsync(device.Id, reminder.Key, reminder.Text.Title, reminder.Text.Body, reminder.Url, reminder.HabitId, reminder.At, cancellationToken);
            }
        }
        return written;
    }

    private static bool IsQuiet(Person person, TimeOnly local) => (person.QuietFrom, person.QuietUntil) is ({ } from, { } until)
        && (from <= until ? local >= from && local < until : local >= from || local < until);
}

/// <summary>What a notification says. Never a substance, a relapse or what the app is for, unless the person chose detailed texts; in discreet mode only "A note for today".</summary>
public sealed record ReminderText(string Title, string Body)
{
    public static readonly ReminderText Neutral = new("A note for today", "Open to read it.");

    public static ReminderText Commitment(bool discreet) => discreet ? Neutral : new("Good morning", "A moment to set today's intention.");
    public static ReminderText CheckIn(bool discreet) => discreet ? Neutral : new("How was today?", "A minute to look back on the day.");
    public static ReminderText Habit(string name, bool detailed, bool discreet) =>
        discreet ? Neutral : detailed ? new(name, "Still open today.") : new("A habit for today", "One of your habits is still open today.");
    public static ReminderText Milestone(int days, string track, bool detailed, bool discreet) =>
        discreet ? Neutral : detailed ? new($"{days} days today", $"{track}: a milestone reached.") : new("A milestone today", "Open to see it.");
    public static ReminderText Support(string displayName) => new($"{displayName} asked for support today", "Open the page they shared with you.");
}

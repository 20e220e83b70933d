using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Habits;
using Sovereign.Web.Time;

namespace Sovereign.Web.Pages.CheckIn;

/// <summary>Today's check-in as the dashboard shows it: which tracks are committed, whether the evening is done, the streak.</summary>
public sealed record CheckInStatus(DateOnly Today, IReadOnlySet<Guid> CommittedToday, bool EveningDone, int Streak, int Longest)
{
    public bool Any => CommittedToday.Count > 0 || EveningDone;
}

/// <summary>What the evening part holds (everything but the mood and craving is optional).</summary>
public sealed record EveningAnswers(int Mood, int Craving, bool Hungry, bool Angry, bool Lonely, bool Tired, decimal? HoursSlept, string? WentWell, string? Note);

/// <summary>
/// Daily check-ins: one per local day, made by the first part written (a morning commitment or the evening) and kept
/// under the date it was made for. A day written after it was over is marked backfilled.
/// </summary>
public sealed class CheckInService(AppDb db, TimeProvider clock)
{
    private const int MaxAttempts = 3;

    /// <summary>
    /// The check-in streak (a day counts when either part is done; today, still open, never breaks it) and today's state, in
    /// one plain query: every check-in day, with today's commitments joined.
    /// </summary>
    public async Task<CheckInStatus> StatusAsync(Guid userId, DateOnly today) =>
        Status(await db.ReadAsync(Queries.CheckInDays, new Dictionary<string, object> { ["user"] = userId, ["today"] = today }, DayRow), today);

    /// <summary>A row of <see cref="Queries.CheckInDays"/>.</summary>
    public static (DateOnly Date, bool Evening, Guid? Track) DayRow(DbDataReader r) =>
        (r.GetDate(0), !r.IsDBNull(1), r.IsDBNull(2) ? null : r.GetGuid(2));

    public static CheckInStatus Status(List<(DateOnly Date, bool Evening, Guid? Track)> rows, DateOnly today)
    {
        var days = rows.Select(r => r.Date).Where(d => d <= today).Distinct().ToList();
        var (streak, longest) = Streak(days, today);
        return new CheckInStatus(today, rows.Where(r => r.Date == today && r.Track is not null).Select(r => r.Track!.Value).ToHashSet(),
            rows.Any(r => r.Date == today && r.Evening), streak, longest);
    }

    /// <summary>The current and longest run of days with a check-in, by the habits' streak rules (daily, target 1).</summary>
    public static (int Current, int Longest) Streak(IReadOnlyList<DateOnly> days, DateOnly today)
    {
        if (days.Count == 0) return (0, 0);
        var (_, state) = StreakCalculator.Replay(HabitFrequency.Daily, 1, days[0], 0, days, new HashSet<DateOnly>());
        var now = StreakCalculator.Now(HabitFrequency.Daily, 1, state, today, false, 0);
        return (now.Current, now.Longest);
    }

    /// <summary>A day's check-in with its commitments, or null.</summary>
    public Task<Models.CheckIn?> FindAsync(Guid userId, DateOnly date) =>
        db.CheckIns.AsNoTracking().Include(c => c.Commitments).SingleOrDefaultAsync(c => c.UserId == userId && c.LocalDate == date);

    /// <summary>Commits (or takes back) one track for a day. False when the track isn't the user's or is archived.</summary>
    public async Task<bool> CommitAsync(Guid userId, Guid trackId, DateOnly date, DateOnly today, bool commit)
    {
        // Only an active track takes a new commitment; one made before the track was archived can still be taken back.
        if (!await db.RecoveryTracks.AnyAsync(t => t.Id == trackId && t.UserId == userId && (t.ArchivedAt == null || !commit))) return false;
        await WriteAsync(userId, date, today, checkIn =>
        {
            var existing = checkIn.Commitments.FirstOrDefault(c => c.TrackId == trackId);
            if (commit && existing is null) checkIn.Commitments.Add(new CheckInCommitment { CheckInId = checkIn.Id, TrackId = trackId, UserId = userId });
            if (!commit && existing is not null) checkIn.Commitments.Remove(existing);
        });
        return true;
    }

    public Task SaveEveningAsync(Guid userId, DateOnly date, DateOnly today, EveningAnswers answers) =>
        WriteAsync(userId, date, today, checkIn =>
        {
            checkIn.EveningAt ??= clock.GetUtcNow().UtcDateTime.TruncateToMicroseconds();
            (checkIn.Mood, checkIn.Craving, checkIn.Hungry, checkIn.Angry, checkIn.Lonely, checkIn.Tired) =
                (answers.Mood, answers.Craving, answers.Hungry, answers.Angry, answers.Lonely, answers.Tired);
            (checkIn.HoursSlept, checkIn.WentWell, checkIn.Note) = (answers.HoursSlept, answers.WentWell, answers.Note);
        });

    /// <summary>Creates or loads the day's check-in, applies the change and saves; a write that meets a parallel one starts again.</summary>
    private async Task WriteAsync(Guid userId, DateOnly date, DateOnly today, Action<Models.CheckIn> change)
    {
        if (!DateWindow.Contains(date, today)) throw new DayOutsideWindowException(date, today);
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var checkIn = await db.CheckIns.Include(c => c.Commitments).SingleOrDefaultAsync(c => c.UserId == userId && c.LocalDate == date);
            if (checkIn is null)
            {
                checkIn = new Models.CheckIn { UserId = userId, LocalDate = date };
                db.CheckIns.Add(checkIn);
            }
            change(checkIn);
            if (checkIn.Commitments.Count == 0 && checkIn.EveningAt is null)
            {
                // Nothing left of the day (its only commitment taken back): no check-in, so it no longer counts.
                if (db.Entry(checkIn).State == EntityState.Added) return;
                db.CheckIns.Remove(checkIn);
            }
            else if (db.Entry(checkIn).State == EntityState.Added && date < today) checkIn.Backfilled = true; // made after its day was over
            try
            {
                await db.SaveChangesAsync();
                return;
            }
            // Two first writes of a day at once (the second finds the first's row), or a row changed or removed since it was read: again.
            catch (DbUpdateException e) when (attempt < MaxAttempts && (e is DbUpdateConcurrencyException || DatabaseErrors.IsUniqueViolation(e))) { }
        }
    }
}

public static class CheckInFeature
{
    /// <summary>This folder's services: the daily check-in.</summary>
    public static IServiceCollection AddCheckIns(this IServiceCollection services) => services.AddScoped<CheckInService>();
}

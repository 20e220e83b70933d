using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Habits;
using Sovereign.Web.Pages.Tracks;
using Sovereign.Web.Time;

namespace Sovereign.Web.Pages.Account;

/// <summary>The user's data, all of it: export as JSON (re-importable) or CSV, and import into an empty account.</summary>
public sealed class PersonalDataService(AppDb db, TimeProvider clock)
{
    public const string Format = "sovereign-export";
    /// <summary>
    /// 2 added recovery tracks (each event names its track); 3 added check-ins, the plan and people to call; 4 listed the
    /// share links; 5 lists the habits each link shows; 6 keeps the colour mode and discreet mode. Files of every version import (version 1 into one track); links
    /// never do (their tokens are not kept).
    /// </summary>
    public const int Version = 6;

    /// <summary>
    /// An import takes up to twice each cap: the caps bound what one can add by hand, and an account could go a little
    /// over one before caps held under concurrent requests (#24). Its own export must always come back.
    /// </summary>
    private const int ImportCapFactor = 2;
    public const int MaxImportBytes = 20 * 1024 * 1024;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Everything of the user's, in an order that survives an import (which gives rows new ids).</summary>
    public async Task<ExportFile> ExportAsync(Guid userId)
    {
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId);
        var tracks = await db.RecoveryTracks.AsNoTracking().Where(t => t.UserId == userId)
            .OrderBy(t => t.ArchivedAt != null).ThenBy(t => t.Position).ThenBy(t => t.Id).Select(ExportedTrack.From).ToListAsync();
        var habits = await db.Habits.AsNoTracking().Where(h => h.UserId == userId)
            .OrderBy(h => h.CreatedAt).ThenBy(h => h.Name).ThenBy(h => h.Id).Select(ExportedHabit.From).AsSplitQuery().ToListAsync();
        var relapses = await db.RelapseEvents.AsNoTracking().Where(r => r.UserId == userId)
            .OrderBy(r => r.OccurredAt).ThenBy(r => r.CreatedAt).ThenBy(r => r.Id).Select(ExportedRelapse.From).ToListAsync();
        var urges = await db.UrgeEvents.AsNoTracking().Where(u => u.UserId == userId)
            .OrderBy(u => u.OccurredAt).ThenBy(u => u.CreatedAt).ThenBy(u => u.Id).Select(ExportedUrge.From).ToListAsync();
        var checkIns = await db.CheckIns.AsNoTracking().Where(c => c.UserId == userId).OrderBy(c => c.LocalDate).Select(ExportedCheckIn.From).ToListAsync();
        var plan = await db.PlanSteps.AsNoTracking().Where(p => p.UserId == userId).OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).Select(ExportedPlanStep.From).ToListAsync();
        var people = await db.SupportPeople.AsNoTracking().Where(p => p.UserId == userId).OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).Select(ExportedPerson.From).ToListAsync();
        var shares = await db.ShareLinks.AsNoTracking().Where(l => l.UserId == userId).OrderBy(l => l.CreatedAt).ThenBy(l => l.Id).Select(ExportedShare.From).ToListAsync();
        return new ExportFile(Format, Version, clock.GetUtcNow().UtcDateTime, ExportedProfile.Of(user), habits, relapses, urges, tracks, checkIns, plan, people, shares);
    }

    /// <summary>
    /// Reads an export into an account that has no habits or events yet; all or nothing. Returns the problems found.
    /// Streaks are counted in memory by this server's rules before anything is written, and the rows go in small
    /// transactions, so a large import never holds SQLite's single writer for long; should one of them fail, the rows
    /// already written are removed again (the account was empty, so everything of the user's goes).
    /// </summary>
    public async Task<IReadOnlyList<string>> ImportAsync(Guid userId, Stream json)
    {
        ExportFile? file;
        try { file = await JsonSerializer.DeserializeAsync<ExportFile>(json, Json); }
        catch (JsonException e) { return [$"The file isn't a Sovereign export (JSON error at line {e.LineNumber + 1})."]; }
        if (file is null || file.Format != Format || file.Version is < 1 or > Version || file.Profile is null)
            return [$"The file isn't a Sovereign export (expected \"format\": \"{Format}\", \"version\": {Version})."];

        var problems = Validate(file, clock.GetUtcNow().UtcDateTime);
        if (problems.Count > 0) return problems;

        // An untouched first track ("My recovery", nothing set, nothing logged: what the tracks migration gave every
        // account) is no data of the user's: the import replaces it.
        var untouched = db.RecoveryTracks.Where(t => t.UserId == userId && t.Name == RecoveryTrack.FirstTrackName && t.CostPerDay == null
            && t.MinutesPerDay == null && t.Reasons == null && t.CleanSince == null
            && !db.RelapseEvents.Any(r => r.TrackId == t.Id) && !db.UrgeEvents.Any(u => u.TrackId == t.Id));
        if (await db.Habits.AnyAsync(h => h.UserId == userId) || await db.RecoveryTracks.CountAsync(t => t.UserId == userId) > await untouched.CountAsync()
            || await db.CheckIns.AnyAsync(c => c.UserId == userId) || await db.PlanSteps.AnyAsync(p => p.UserId == userId) || await db.SupportPeople.AnyAsync(p => p.UserId == userId))
            return ["Import works only into an account with no habits, recovery tracks, check-ins or plan yet, so nothing is duplicated."];

        try
        {
            await untouched.ExecuteDeleteAsync();
            foreach (var chunk in Rows(userId, file).Chunk(ImportChunkRows))
            {
                db.ChangeTracker.Clear();
                db.AddRange(chunk);
                await db.SaveChangesAsync();
                // SQLite has one writer: leave it free long enough for a waiting one to get in (its driver retries every 150 ms).
                if (db.Database.IsSqlite()) await Task.Delay(ImportPause);
            }
            // The settings last: an import that fails leaves the account as it was.
            db.ChangeTracker.Clear();
            var user = await db.Users.SingleAsync(u => u.Id == userId);
            user.TimeZone = file.Profile.TimeZone;
            user.DayEndsAtHour = file.Profile.DayEndsAtHour;
            user.Helplines = file.Profile.Helplines;
            if (file.Version >= 6) // an older file says nothing of them: the account's own stay
            {
                user.ColorMode = SnakeCaseEnum<ColorMode>.Parse(file.Profile.ColorMode);
                user.Discreet = file.Profile.Discreet;
            }
            await db.SaveChangesAsync();
        }
        catch (Exception e)
        {
            db.ChangeTracker.Clear();
            await db.Habits.Where(h => h.UserId == userId).ExecuteDeleteAsync();
            await db.CheckIns.Where(c => c.UserId == userId).ExecuteDeleteAsync();
            await db.PlanSteps.Where(p => p.UserId == userId).ExecuteDeleteAsync();
            await db.SupportPeople.Where(p => p.UserId == userId).ExecuteDeleteAsync();
            await db.RecoveryTracks.Where(t => t.UserId == userId).ExecuteDeleteAsync(); // and, through the foreign keys, the events
            // Names the check above let through that the database's collation still counts as one (PostgreSQL's ICU: "Straße" = "STRASSE").
            if (e is DbUpdateException update && DatabaseErrors.IsUniqueViolation(update)) return ["Two tracks have the same name."];
            throw;
        }
        return [];
    }

    /// <summary>The rows an import writes, made as they are written (a large file's entities are never all in memory at once).</summary>
    private static IEnumerable<object> Rows(Guid userId, ExportFile file)
    {
        // A version 1 file (before tracks) goes into one track, as the migration did for existing accounts.
        var tracks = file.Version > 1 ? file.Tracks! : [new ExportedTrack(Guid.Empty, RecoveryTrack.FirstTrackName, "other", file.Profile.CleanSince, null, null, null, null, null, 0, null,
            file.Profile.CreatedAt, file.Profile.CreatedAt)];
        var trackIds = new Dictionary<Guid, Guid>();
        foreach (var t in tracks)
        {
            var track = t.ToEntity(userId);
            trackIds[t.Id] = track.Id;
            yield return track;
        }
        Guid TrackOf(Guid? id) => trackIds[id ?? Guid.Empty];

        foreach (var h in file.Habits)
        {
            var habit = h.ToEntity(userId);
            var logs = h.Logs.OrderBy(l => l.LocalDate).Select(l => l.ToEntity(userId, habit.Id)).ToList();
            // A skipped day is a skipped period: two skipped days of one week are one skipped week.
            var skips = h.SkippedPeriods.Select(p => Periods.Start(p, habit.Frequency)).ToHashSet();
            if (logs.Count > 0)
            {
                var (streaks, state) = StreakCalculator.Replay(habit.Frequency, habit.TargetPerPeriod,
                    Periods.Start(logs[0].LocalDate, habit.Frequency), 0, logs.Select(l => l.LocalDate).ToList(), skips);
                for (var i = 0; i < logs.Count; i++) logs[i].StreakCount = streaks[i];
                habit.Streak = state;
            }
            yield return habit;
            foreach (var log in logs) yield return log;
            foreach (var period in skips.Order()) yield return new HabitSkip { HabitId = habit.Id, UserId = userId, PeriodStart = period };
        }
        foreach (var r in file.RelapseEvents) yield return r.ToEntity(userId, TrackOf(r.TrackId));
        foreach (var u in file.UrgeEvents) yield return u.ToEntity(userId, TrackOf(u.TrackId));
        foreach (var c in file.CheckIns ?? [])
        {
            var checkIn = c.ToEntity(userId);
            yield return checkIn;
            foreach (var track in c.CommittedTrackIds.Distinct())
                yield return new CheckInCommitment { CheckInId = checkIn.Id, TrackId = TrackOf(track), UserId = userId, CreatedAt = checkIn.CreatedAt };
        }
        foreach (var p in file.Plan ?? []) yield return p.ToEntity(userId);
        foreach (var p in file.People ?? []) yield return p.ToEntity(userId);
    }

    /// <summary>Rows written per transaction during an import (a few hundred milliseconds of SQLite's write lock at most), and the pause after each.</summary>
    private const int ImportChunkRows = 2000;
    private static readonly TimeSpan ImportPause = TimeSpan.FromMilliseconds(200);

    /// <summary>At most this many completions in one import (a 20 MB file holds about that many).</summary>
    public const int MaxImportLogs = 200_000;

    private static List<string> Validate(ExportFile file, DateTime now)
    {
        var p = file.Profile;
        var zoneKnown = TimeZones.IsValid(p.TimeZone);
        var check = new ImportCheck(now, new UserClock(zoneKnown ? p.TimeZone : "UTC", 0).DayOf(now).AddDays(1)); // a day's grace for the exporting clock
        if (!zoneKnown) check.Add($"Unknown time zone \"{p.TimeZone}\".");
        if (p.DayEndsAtHour is < 0 or > User.MaxDayEndsAtHour) check.Add("dayEndsAtHour must be 0 to 6.");
        if (!SnakeCaseEnum<ColorMode>.TryParse(p.ColorMode, out _)) check.Add("colorMode must be auto, light or dark.");
        if (p.Helplines?.Length > User.MaxHelplinesLength) check.Add($"helplines are longer than {User.MaxHelplinesLength} characters.");
        if (p.CleanSince is { } cleanSince) check.Day(cleanSince, "cleanSince");
        check.Instant(p.CreatedAt, "createdAt");

        if (file.Version == 1) check.TrackIds.Add(null);
        else if (file.Tracks is null) check.Add("tracks are missing.");
        else Rows(check, file.Tracks, "tracks", "Track", RecoveryTrack.MaxPerUser * ImportCapFactor, (t, what) => t.Check(check, what));
        if (file.Tracks is { } named && named.Where(t => t?.Name is not null).GroupBy(t => t.Name.Trim(), StringComparer.OrdinalIgnoreCase).Any(g => g.Count() > 1))
            check.Add("Two tracks have the same name.");
        if (file.Habits is null) check.Add("habits are missing.");
        else if (file.Habits.Count <= Habit.MaxPerUser * ImportCapFactor && file.Habits.Sum(h => h?.Logs?.Count ?? 0) > MaxImportLogs)
            check.Add($"The file has more than {MaxImportLogs:N0} completions, more than one import takes.");
        else Rows(check, file.Habits, "habits", "Habit", Habit.MaxPerUser * ImportCapFactor, (h, what) => h.Check(check, what));
        if (file.RelapseEvents is null) check.Add("relapseEvents are missing.");
        else Rows(check, file.RelapseEvents, "relapses", "Relapse event", RelapseEvent.MaxPerUser * ImportCapFactor, (r, what) => r.Check(check, what));
        if (file.UrgeEvents is null) check.Add("urgeEvents are missing.");
        else Rows(check, file.UrgeEvents, "urges", "Urge", UrgeEvent.MaxPerUser * ImportCapFactor, (u, what) => u.Check(check, what));
        if (file.CheckIns is { } checkIns)
        {
            if (checkIns.Count > MaxImportCheckIns) check.Add($"The file has more than {MaxImportCheckIns:N0} check-ins, more than one import takes.");
            else if (checkIns.Any(c => c is null)) check.Add("A check-in is empty.");
            else
            {
                if (checkIns.GroupBy(c => c.LocalDate).Any(g => g.Count() > 1)) check.Add("Two check-ins are for the same day.");
                Rows(check, checkIns, "check-ins", "Check-in", MaxImportCheckIns, (c, what) => c.Check(check, what));
            }
        }
        if (file.Plan is { } plan) Rows(check, plan, "plans", "Plan", PlanStep.MaxPerUser * ImportCapFactor, (s, what) => s.Check(check, what));
        if (file.People is { } people) Rows(check, people, "people to call", "Person", SupportPerson.MaxPerUser * ImportCapFactor, (s, what) => s.Check(check, what));
        return check.Problems.Distinct().Take(20).ToList();
    }

    /// <summary>Checks each row of a list, naming it by its place ("Habit 3"), unless the list is longer than an import takes.</summary>
    private static void Rows<T>(ImportCheck check, List<T> rows, string plural, string singular, int most, Action<T, string> checkRow) where T : class
    {
        if (rows.Count > most) { check.Add($"The file has {rows.Count:N0} {plural}; an import takes at most {most:N0}."); return; }
        foreach (var (row, i) in rows.Select((r, i) => (r, i + 1)))
            if (row is null) check.Add($"{singular} {i} is empty.");
            else checkRow(row, $"{singular} {i}");
    }

    /// <summary>At most this many check-ins in one import (a lifetime of days).</summary>
    public const int MaxImportCheckIns = 40_000;
}

public sealed record ExportFile(string Format, int Version, DateTime ExportedAt, ExportedProfile Profile,
    List<ExportedHabit> Habits, List<ExportedRelapse> RelapseEvents, List<ExportedUrge> UrgeEvents, List<ExportedTrack>? Tracks = null,
    List<ExportedCheckIn>? CheckIns = null, List<ExportedPlanStep>? Plan = null, List<ExportedPerson>? People = null, List<ExportedShare>? Shares = null);

public static class AccountFeature
{
    /// <summary>This folder's services: the account page, export and import.</summary>
    public static IServiceCollection AddAccount(this IServiceCollection services) => services.AddScoped<PersonalDataService>();
}

using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsvHelper;
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
    /// share links; 5 lists the habits each link shows. Files of every version import (version 1 into one track); links
    /// never do (their tokens are not kept).
    /// </summary>
    public const int Version = 5;

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
        var tracks = await db.RecoveryTracks.AsNoTracking().Where(t => t.UserId == userId).OrderBy(t => t.ArchivedAt != null).ThenBy(t => t.Position).ThenBy(t => t.Id)
            .Select(t => new ExportedTrack(t.Id, t.Name, SnakeCaseEnum<TrackKind>.Name(t.Kind), t.CleanSince, t.CleanSinceTime, t.CostPerDay, t.Currency,
                t.MinutesPerDay, t.Reasons, t.Position, t.ArchivedAt, t.CreatedAt, t.UpdatedAt))
            .ToListAsync();
        var habits = await db.Habits.AsNoTracking().Where(h => h.UserId == userId).OrderBy(h => h.CreatedAt).ThenBy(h => h.Name).ThenBy(h => h.Id)
            .Select(h => new ExportedHabit(h.Id, h.Name, h.Description, SnakeCaseEnum<HabitFrequency>.Name(h.Frequency), h.TargetPerPeriod, h.IsActive, h.CreatedAt, h.UpdatedAt,
                h.Logs.OrderBy(l => l.LocalDate).Select(l => new ExportedLog(l.LocalDate, l.CompletedAt, l.StreakCount, l.Notes, l.CreatedAt)).ToList(),
                h.Skips.OrderBy(s => s.PeriodStart).Select(s => s.PeriodStart).ToList()))
            .AsSplitQuery().ToListAsync();
        var relapses = await db.RelapseEvents.AsNoTracking().Where(r => r.UserId == userId).OrderBy(r => r.OccurredAt).ThenBy(r => r.CreatedAt).ThenBy(r => r.Id)
            .Select(r => new ExportedRelapse(r.OccurredAt, SnakeCaseEnum<TriggerType>.Name(r.TriggerType), r.Severity, r.Notes,
                r.Hungry, r.Angry, r.Lonely, r.Tired, r.CreatedAt, r.TrackId))
            .ToListAsync();
        var urges = await db.UrgeEvents.AsNoTracking().Where(u => u.UserId == userId).OrderBy(u => u.OccurredAt).ThenBy(u => u.CreatedAt).ThenBy(u => u.Id)
            .Select(u => new ExportedUrge(u.OccurredAt, u.Intensity, u.IntensityAfter, SnakeCaseEnum<TriggerType>.Name(u.TriggerType),
                u.Hungry, u.Angry, u.Lonely, u.Tired, u.HelpedWith, u.Notes, u.CreatedAt, u.TrackId))
            .ToListAsync();
        var checkIns = await db.CheckIns.AsNoTracking().Where(c => c.UserId == userId).OrderBy(c => c.LocalDate)
            .Select(c => new ExportedCheckIn(c.LocalDate, c.Commitments.OrderBy(m => m.TrackId).Select(m => m.TrackId).ToList(), c.EveningAt, c.Mood, c.Craving,
                c.Hungry, c.Angry, c.Lonely, c.Tired, c.HoursSlept, c.WentWell, c.Note, c.Backfilled, c.CreatedAt, c.UpdatedAt))
            .ToListAsync();
        var plan = await db.PlanSteps.AsNoTracking().Where(p => p.UserId == userId).OrderBy(p => p.CreatedAt).ThenBy(p => p.Id)
            .Select(p => new ExportedPlanStep(SnakeCaseEnum<TriggerType>.Name(p.TriggerType), p.Text, p.CreatedAt, p.UpdatedAt)).ToListAsync();
        var people = await db.SupportPeople.AsNoTracking().Where(p => p.UserId == userId).OrderBy(p => p.CreatedAt).ThenBy(p => p.Id)
            .Select(p => new ExportedPerson(p.Name, p.Phone, p.Note, p.CreatedAt, p.UpdatedAt)).ToListAsync();
        // The links, never their tokens (not stored) nor their hashes: an import does not bring them back.
        var shares = await db.ShareLinks.AsNoTracking().Where(l => l.UserId == userId).OrderBy(l => l.CreatedAt).ThenBy(l => l.Id)
            .Select(l => new ExportedShare(l.Label, l.DisplayName, l.Tracks.OrderBy(t => t.TrackId).Select(t => t.TrackId).ToList(),
                l.Habits.OrderBy(h => h.HabitId).Select(h => h.HabitId).ToList(), l.ShowCheckIn,
                l.ShowRelapseDates, l.CreatedAt, l.ExpiresAt, l.LastOpenedAt, l.TimesOpened, l.ContactPhone)).ToListAsync();
        return new ExportFile(Format, Version, clock.GetUtcNow().UtcDateTime,
            new ExportedProfile(user.Email, user.Username, user.TimeZone, user.DayEndsAtHour, null, user.Helplines, user.CreatedAt),
            habits, relapses, urges, tracks, checkIns, plan, people, shares);
    }

    /// <summary>One CSV file per table in a zip, for spreadsheets (JSON is the format that imports back).</summary>
    public static byte[] ToCsvZip(ExportFile export)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create))
        {
            var p = export.Profile;
            Write(zip, "users.csv", ["email", "username", "time_zone", "day_ends_at_hour", "helplines", "created_at"],
                [[p.Email, p.Username, p.TimeZone, Text(p.DayEndsAtHour), p.Helplines, Text(p.CreatedAt)]]);
            Write(zip, "recovery_tracks.csv", ["id", "name", "kind", "clean_since", "clean_since_time", "cost_per_day", "currency", "minutes_per_day", "reasons", "position", "archived_at", "created_at", "updated_at"],
                (export.Tracks ?? []).Select(t => new[] { t.Id.ToString(), t.Name, t.Kind, t.CleanSince is { } d ? Text(d) : null, t.CleanSinceTime?.ToString("HH:mm", CultureInfo.InvariantCulture),
                    t.CostPerDay?.ToString(CultureInfo.InvariantCulture), t.Currency, t.MinutesPerDay is { } m ? Text(m) : null, t.Reasons, Text(t.Position),
                    t.ArchivedAt is { } a ? Text(a) : null, Text(t.CreatedAt), Text(t.UpdatedAt) }));
            Write(zip, "habits.csv", ["id", "name", "description", "frequency", "target_per_period", "is_active", "created_at", "updated_at"],
                export.Habits.Select(h => new[] { h.Id.ToString(), h.Name, h.Description, h.Frequency, Text(h.TargetPerPeriod), Text(h.IsActive), Text(h.CreatedAt), Text(h.UpdatedAt) }));
            Write(zip, "habit_logs.csv", ["habit_id", "local_date", "completed_at", "streak_count", "notes", "created_at"],
                export.Habits.SelectMany(h => h.Logs.Select(l => new[] { h.Id.ToString(), Text(l.LocalDate), Text(l.CompletedAt), Text(l.StreakCount), l.Notes, Text(l.CreatedAt) })));
            Write(zip, "habit_skips.csv", ["habit_id", "period_start"],
                export.Habits.SelectMany(h => h.SkippedPeriods.Select(p => new[] { h.Id.ToString(), Text(p) })));
            Write(zip, "urge_events.csv", ["track_id", "occurred_at", "intensity", "intensity_after", "trigger_type", "hungry", "angry", "lonely", "tired", "helped_with", "notes", "created_at"],
                export.UrgeEvents.Select(u => new[] { u.TrackId?.ToString(), Text(u.OccurredAt), Text(u.Intensity), u.IntensityAfter is { } a ? Text(a) : null, u.TriggerType,
                    Text(u.Hungry), Text(u.Angry), Text(u.Lonely), Text(u.Tired), u.HelpedWith, u.Notes, Text(u.CreatedAt) }));
            Write(zip, "relapse_events.csv", ["track_id", "occurred_at", "trigger_type", "severity", "notes", "hungry", "angry", "lonely", "tired", "created_at"],
                export.RelapseEvents.Select(r => new[] { r.TrackId?.ToString(), Text(r.OccurredAt), r.TriggerType, Text(r.Severity), r.Notes,
                    Text(r.Hungry), Text(r.Angry), Text(r.Lonely), Text(r.Tired), Text(r.CreatedAt) }));
            Write(zip, "check_ins.csv", ["local_date", "committed_track_ids", "evening_at", "mood", "craving", "hungry", "angry", "lonely", "tired", "hours_slept", "went_well", "note", "backfilled", "created_at", "updated_at"],
                (export.CheckIns ?? []).Select(c => new[] { Text(c.LocalDate), string.Join(' ', c.CommittedTrackIds), c.EveningAt is { } e ? Text(e) : null,
                    c.Mood is { } m ? Text(m) : null, c.Craving is { } cr ? Text(cr) : null, Text(c.Hungry), Text(c.Angry), Text(c.Lonely), Text(c.Tired),
                    c.HoursSlept?.ToString(CultureInfo.InvariantCulture), c.WentWell, c.Note, Text(c.Backfilled), Text(c.CreatedAt), Text(c.UpdatedAt) }));
            Write(zip, "plan_steps.csv", ["trigger_type", "text", "created_at", "updated_at"],
                (export.Plan ?? []).Select(p => new[] { p.TriggerType, p.Text, Text(p.CreatedAt), Text(p.UpdatedAt) }));
            Write(zip, "support_people.csv", ["name", "phone", "note", "created_at", "updated_at"],
                (export.People ?? []).Select(p => new[] { p.Name, p.Phone, p.Note, Text(p.CreatedAt), Text(p.UpdatedAt) }));
            Write(zip, "share_links.csv", ["label", "display_name", "track_ids", "habit_ids", "check_in", "relapse_dates", "created_at", "expires_at", "last_opened_at", "times_opened", "contact_phone"],
                (export.Shares ?? []).Select(l => new[] { l.Label, l.DisplayName, string.Join(' ', l.TrackIds), string.Join(' ', l.HabitIds ?? []), Text(l.CheckIn), Text(l.RelapseDates),
                    Text(l.CreatedAt), l.ExpiresAt is { } e ? Text(e) : null, l.LastOpenedAt is { } o ? Text(o) : null, Text(l.TimesOpened), l.ContactPhone }));
        }
        return buffer.ToArray();
    }

    private static void Write(ZipArchive zip, string name, string[] header, IEnumerable<string?[]> rows)
    {
        // Escape text a spreadsheet would run as a formula (a note that starts with "=").
        using var csv = CsvWriter.Create(zip.CreateEntry(name).Open(), new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: false);
        csv.WriteHeader(header);
        foreach (var row in rows) csv.WriteRecord(row!);
    }

    private static string Text(DateTime t) => t.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);
    private static string Text(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static string Text(int n) => n.ToString(CultureInfo.InvariantCulture);
    private static string Text(bool b) => b ? "true" : "false";

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
            var track = new RecoveryTrack
            {
                UserId = userId, Name = t.Name.Trim(), Kind = SnakeCaseEnum<TrackKind>.Parse(t.Kind), CleanSince = t.CleanSince, CleanSinceTime = t.CleanSinceTime,
                CostPerDay = t.CostPerDay, Currency = t.Currency?.ToUpperInvariant(), MinutesPerDay = t.MinutesPerDay, Reasons = t.Reasons, Position = t.Position,
                ArchivedAt = t.ArchivedAt is { } archived ? Utc(archived) : null, CreatedAt = Utc(t.CreatedAt), UpdatedAt = Utc(t.UpdatedAt),
            };
            trackIds[t.Id] = track.Id;
            yield return track;
        }
        Guid TrackOf(Guid? id) => trackIds[id ?? Guid.Empty];

        foreach (var h in file.Habits)
        {
            var habit = new Habit
            {
                UserId = userId, Name = h.Name.Trim(), Description = h.Description, Frequency = SnakeCaseEnum<HabitFrequency>.Parse(h.Frequency),
                TargetPerPeriod = h.TargetPerPeriod, IsActive = h.IsActive, CreatedAt = Utc(h.CreatedAt), UpdatedAt = Utc(h.UpdatedAt),
            };
            var logs = h.Logs.OrderBy(l => l.LocalDate).Select(l => new HabitLog
            {
                HabitId = habit.Id, UserId = userId, LocalDate = l.LocalDate, CompletedAt = Utc(l.CompletedAt), Notes = l.Notes, CreatedAt = Utc(l.CreatedAt),
            }).ToList();
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
        foreach (var r in file.RelapseEvents)
            yield return new RelapseEvent
            {
                UserId = userId, TrackId = TrackOf(r.TrackId), OccurredAt = Utc(r.OccurredAt), TriggerType = SnakeCaseEnum<TriggerType>.Parse(r.TriggerType),
                Severity = r.Severity, Notes = r.Notes, CreatedAt = Utc(r.CreatedAt),
                Hungry = r.Hungry, Angry = r.Angry, Lonely = r.Lonely, Tired = r.Tired,
            };
        foreach (var u in file.UrgeEvents)
            yield return new UrgeEvent
            {
                UserId = userId, TrackId = TrackOf(u.TrackId), OccurredAt = Utc(u.OccurredAt), Intensity = u.Intensity, IntensityAfter = u.IntensityAfter,
                TriggerType = SnakeCaseEnum<TriggerType>.Parse(u.TriggerType), Hungry = u.Hungry, Angry = u.Angry, Lonely = u.Lonely, Tired = u.Tired,
                HelpedWith = Copings.Join(Copings.Parse(u.HelpedWith)), Notes = u.Notes, CreatedAt = Utc(u.CreatedAt),
            };
        foreach (var c in file.CheckIns ?? [])
        {
            var checkIn = new Models.CheckIn
            {
                UserId = userId, LocalDate = c.LocalDate, EveningAt = c.EveningAt is { } evening ? Utc(evening) : null, Mood = c.Mood, Craving = c.Craving,
                Hungry = c.Hungry, Angry = c.Angry, Lonely = c.Lonely, Tired = c.Tired, HoursSlept = c.HoursSlept, WentWell = c.WentWell, Note = c.Note,
                Backfilled = c.Backfilled, CreatedAt = Utc(c.CreatedAt), UpdatedAt = Utc(c.UpdatedAt),
            };
            yield return checkIn;
            foreach (var track in c.CommittedTrackIds.Distinct())
                yield return new CheckInCommitment { CheckInId = checkIn.Id, TrackId = TrackOf(track), UserId = userId, CreatedAt = checkIn.CreatedAt };
        }
        foreach (var p in file.Plan ?? [])
            yield return new PlanStep { UserId = userId, TriggerType = SnakeCaseEnum<TriggerType>.Parse(p.TriggerType), Text = p.Text.Trim(), CreatedAt = Utc(p.CreatedAt), UpdatedAt = Utc(p.UpdatedAt) };
        foreach (var p in file.People ?? [])
            yield return new SupportPerson { UserId = userId, Name = p.Name.Trim(), Phone = p.Phone.Trim(), Note = p.Note, CreatedAt = Utc(p.CreatedAt), UpdatedAt = Utc(p.UpdatedAt) };
    }

    /// <summary>Rows written per transaction during an import (a few hundred milliseconds of SQLite's write lock at most), and the pause after each.</summary>
    private const int ImportChunkRows = 2000;
    private static readonly TimeSpan ImportPause = TimeSpan.FromMilliseconds(200);

    /// <summary>At most this many completions in one import (a 20 MB file holds about that many).</summary>
    public const int MaxImportLogs = 200_000;

    private static List<string> Validate(ExportFile file, DateTime now)
    {
        var problems = new List<string>();
        var p = file.Profile;
        var zoneKnown = TimeZones.IsValid(p.TimeZone);
        if (!zoneKnown) problems.Add($"Unknown time zone \"{p.TimeZone}\".");
        var today = new UserClock(zoneKnown ? p.TimeZone : "UTC", 0).DayOf(now).AddDays(1); // a day's grace for the exporting clock
        void Day(DateOnly day, string what) { if (!DateWindow.Contains(day, today)) problems.Add($"{what}: {day:yyyy-MM-dd} is outside 1900-01-01 to today."); }
        void Instant(DateTime at, string what) { if (!DateWindow.Contains(Utc(at), now)) problems.Add($"{what}: {at:yyyy-MM-dd} is outside 1900-01-01 to today."); }

        if (p.DayEndsAtHour is < 0 or > User.MaxDayEndsAtHour) problems.Add("dayEndsAtHour must be 0 to 6.");
        if (p.Helplines?.Length > User.MaxHelplinesLength) problems.Add($"helplines are longer than {User.MaxHelplinesLength} characters.");
        if (p.CleanSince is { } cleanSince) Day(cleanSince, "cleanSince");
        Instant(p.CreatedAt, "createdAt");
        var trackIds = new HashSet<Guid?>();
        if (file.Version == 1) trackIds.Add(null);
        else if (file.Tracks is null) problems.Add("tracks are missing.");
        else if (file.Tracks.Count > RecoveryTrack.MaxPerUser * ImportCapFactor) problems.Add($"The file has {file.Tracks.Count} tracks; an import takes at most {RecoveryTrack.MaxPerUser * ImportCapFactor}.");
        else foreach (var (t, i) in file.Tracks.Select((t, i) => (t, i + 1)))
        {
            if (t is null) { problems.Add($"Track {i} is empty."); continue; }
            if (!trackIds.Add(t.Id)) problems.Add($"Track {i}: the id is used twice.");
            if (string.IsNullOrWhiteSpace(t.Name) || t.Name.Trim().Length > RecoveryTrack.MaxNameLength) problems.Add($"Track {i}: the name must be 1 to 100 characters.");
            if (!SnakeCaseEnum<TrackKind>.TryParse(t.Kind, out _)) problems.Add($"Track {i}: unknown kind \"{t.Kind}\".");
            if (t.CleanSince is { } since) Day(since, $"Track {i}");
            if (t.CostPerDay is < 0 or > RecoveryTrack.MaxCostPerDay) problems.Add($"Track {i}: the cost per day must be 0 to 100,000.");
            if (t.CostPerDay is not null && Currencies.Find(t.Currency) is null || t.Currency is not null && Currencies.Find(t.Currency) is null)
                problems.Add($"Track {i}: unknown currency \"{t.Currency}\".");
            else if (t.CostPerDay is { } cost && Currencies.Round(cost, Currencies.Find(t.Currency)!) != cost)
                problems.Add($"Track {i}: the cost per day has more decimal places than {t.Currency} has.");
            if (t.CleanSinceTime is not null && t.CleanSince is null) problems.Add($"Track {i}: a clean-since time needs its day.");
            if (t.MinutesPerDay is < 0 or > RecoveryTrack.MaxMinutesPerDay) problems.Add($"Track {i}: the minutes per day must be 0 to 1440.");
            if (t.Reasons?.Length > RecoveryTrack.MaxReasonsLength) problems.Add($"Track {i}: the reasons are longer than {RecoveryTrack.MaxReasonsLength} characters.");
            Instant(t.CreatedAt, $"Track {i}");
            Instant(t.UpdatedAt, $"Track {i}");
            if (t.ArchivedAt is { } archived) Instant(archived, $"Track {i}");
        }
        if (file.Tracks is { } named && named.Where(t => t?.Name is not null).GroupBy(t => t.Name.Trim(), StringComparer.OrdinalIgnoreCase).Any(g => g.Count() > 1))
            problems.Add("Two tracks have the same name.");
        if (file.Habits is null) problems.Add("habits are missing.");
        else if (file.Habits.Count > Habit.MaxPerUser * ImportCapFactor) problems.Add($"The file has {file.Habits.Count} habits; an import takes at most {Habit.MaxPerUser * ImportCapFactor}.");
        else if (file.Habits.Sum(h => h?.Logs?.Count ?? 0) > MaxImportLogs) problems.Add($"The file has more than {MaxImportLogs:N0} completions, more than one import takes.");
        else foreach (var (h, i) in file.Habits.Select((h, i) => (h, i + 1)))
        {
            if (h is null) { problems.Add($"Habit {i} is empty."); continue; }
            if (string.IsNullOrWhiteSpace(h.Name) || h.Name.Trim().Length > Habit.MaxNameLength) problems.Add($"Habit {i}: the name must be 1 to 100 characters.");
            if (!SnakeCaseEnum<HabitFrequency>.TryParse(h.Frequency, out _)) problems.Add($"Habit {i}: unknown frequency \"{h.Frequency}\".");
            if (SnakeCaseEnum<HabitFrequency>.TryParse(h.Frequency, out var f)
                && (h.TargetPerPeriod < 1 || h.TargetPerPeriod > Periods.MaxTarget(f))) problems.Add($"Habit {i}: the target per period is out of range.");
            if (h.Description?.Length > Habit.MaxDescriptionLength) problems.Add($"Habit {i}: the description is longer than {Habit.MaxDescriptionLength} characters.");
            Instant(h.CreatedAt, $"Habit {i}");
            Instant(h.UpdatedAt, $"Habit {i}");
            if (h.Logs is null) problems.Add($"Habit {i}: logs are missing.");
            else if (h.Logs.Any(l => l is null)) problems.Add($"Habit {i}: a completion is empty.");
            else
            {
                if (h.Logs.GroupBy(l => l.LocalDate).Any(g => g.Count() > 1)) problems.Add($"Habit {i}: a day is logged twice.");
                foreach (var l in h.Logs)
                {
                    Day(l.LocalDate, $"Habit {i}");
                    Instant(l.CompletedAt, $"Habit {i}");
                    Instant(l.CreatedAt, $"Habit {i}");
                    if (l.Notes?.Length > Habit.MaxDescriptionLength) problems.Add($"Habit {i}: a completion's notes are longer than {Habit.MaxDescriptionLength} characters.");
                }
            }
            if (h.SkippedPeriods is null) problems.Add($"Habit {i}: skippedPeriods are missing.");
            else foreach (var skipped in h.SkippedPeriods) Day(skipped, $"Habit {i}");
        }
        if (file.RelapseEvents is null) problems.Add("relapseEvents are missing.");
        else if (file.RelapseEvents.Count > RelapseEvent.MaxPerUser * ImportCapFactor) problems.Add($"The file has {file.RelapseEvents.Count} relapses; an import takes at most {RelapseEvent.MaxPerUser * ImportCapFactor:N0}.");
        else foreach (var (r, i) in file.RelapseEvents.Select((r, i) => (r, i + 1)))
        {
            if (r is null) { problems.Add($"Relapse event {i} is empty."); continue; }
            if (!SnakeCaseEnum<TriggerType>.TryParse(r.TriggerType, out _)) problems.Add($"Relapse event {i}: unknown trigger type \"{r.TriggerType}\".");
            if (r.Severity is < RelapseEvent.MinSeverity or > RelapseEvent.MaxSeverity) problems.Add($"Relapse event {i}: severity must be 1 to 10.");
            if (r.Notes?.Length > RelapseEvent.MaxNotesLength) problems.Add($"Relapse event {i}: notes are longer than {RelapseEvent.MaxNotesLength} characters.");
            if (!trackIds.Contains(r.TrackId)) problems.Add($"Relapse event {i}: its track is not in the file.");
            Instant(r.OccurredAt, $"Relapse event {i}");
            Instant(r.CreatedAt, $"Relapse event {i}");
        }
        if (file.UrgeEvents is null) problems.Add("urgeEvents are missing.");
        else if (file.UrgeEvents.Count > UrgeEvent.MaxPerUser * ImportCapFactor) problems.Add($"The file has {file.UrgeEvents.Count} urges; an import takes at most {UrgeEvent.MaxPerUser * ImportCapFactor:N0}.");
        else foreach (var (u, i) in file.UrgeEvents.Select((u, i) => (u, i + 1)))
        {
            if (u is null) { problems.Add($"Urge {i} is empty."); continue; }
            if (!SnakeCaseEnum<TriggerType>.TryParse(u.TriggerType, out _)) problems.Add($"Urge {i}: unknown trigger type \"{u.TriggerType}\".");
            if (u.Intensity is < 0 or > UrgeEvent.MaxIntensity || u.IntensityAfter is < 0 or > UrgeEvent.MaxIntensity) problems.Add($"Urge {i}: intensity must be 0 to 10.");
            if (u.Notes?.Length > UrgeEvent.MaxNotesLength) problems.Add($"Urge {i}: notes are longer than {UrgeEvent.MaxNotesLength} characters.");
            if (u.HelpedWith?.Length > 200) problems.Add($"Urge {i}: what helped is longer than 200 characters.");
            if (!trackIds.Contains(u.TrackId)) problems.Add($"Urge {i}: its track is not in the file.");
            Instant(u.OccurredAt, $"Urge {i}");
            Instant(u.CreatedAt, $"Urge {i}");
        }
        if (file.CheckIns is { } checkIns)
        {
            if (checkIns.Count > MaxImportCheckIns) problems.Add($"The file has more than {MaxImportCheckIns:N0} check-ins, more than one import takes.");
            else if (checkIns.Any(c => c is null)) problems.Add("A check-in is empty.");
            else
            {
                if (checkIns.GroupBy(c => c.LocalDate).Any(g => g.Count() > 1)) problems.Add("Two check-ins are for the same day.");
                foreach (var (c, i) in checkIns.Select((c, i) => (c, i + 1)))
                {
                    Day(c.LocalDate, $"Check-in {i}");
                    Instant(c.CreatedAt, $"Check-in {i}");
                    Instant(c.UpdatedAt, $"Check-in {i}");
                    if (c.EveningAt is { } evening) Instant(evening, $"Check-in {i}");
                    if (c.Mood is < Models.CheckIn.MinMood or > Models.CheckIn.MaxMood) problems.Add($"Check-in {i}: mood must be 1 to 5.");
                    if (c.Craving is < 0 or > Models.CheckIn.MaxCraving) problems.Add($"Check-in {i}: craving must be 0 to 10.");
                    if (c.HoursSlept is < 0 or > Models.CheckIn.MaxHoursSlept || c.HoursSlept is { } h && Math.Round(h, 1) != h) problems.Add($"Check-in {i}: hours slept must be 0 to 24, to a tenth.");
                    if (c.WentWell?.Length > Models.CheckIn.MaxWentWellLength || c.Note?.Length > Models.CheckIn.MaxNoteLength) problems.Add($"Check-in {i}: a text is too long.");
                    if (c.CommittedTrackIds is null || c.CommittedTrackIds.Any(t => !trackIds.Contains(t) || t == Guid.Empty)) problems.Add($"Check-in {i}: a committed track is not in the file.");
                    if (c.EveningAt is null && (c.CommittedTrackIds?.Count ?? 0) == 0) problems.Add($"Check-in {i}: neither part is done.");
                }
            }
        }
        if (file.Plan is { } plan)
        {
            if (plan.Count > PlanStep.MaxPerUser * ImportCapFactor) problems.Add($"The file has {plan.Count} plans; an import takes at most {PlanStep.MaxPerUser * ImportCapFactor}.");
            else foreach (var (step, i) in plan.Select((s, i) => (s, i + 1)))
            {
                if (step is null) { problems.Add($"Plan {i} is empty."); continue; }
                if (!SnakeCaseEnum<TriggerType>.TryParse(step.TriggerType, out _)) problems.Add($"Plan {i}: unknown trigger type \"{step.TriggerType}\".");
                if (string.IsNullOrWhiteSpace(step.Text) || step.Text.Trim().Length > PlanStep.MaxTextLength) problems.Add($"Plan {i}: the text must be 1 to 500 characters.");
                Instant(step.CreatedAt, $"Plan {i}");
                Instant(step.UpdatedAt, $"Plan {i}");
            }
        }
        if (file.People is { } people)
        {
            if (people.Count > SupportPerson.MaxPerUser * ImportCapFactor) problems.Add($"The file has {people.Count} people to call; an import takes at most {SupportPerson.MaxPerUser * ImportCapFactor}.");
            else foreach (var (person, i) in people.Select((s, i) => (s, i + 1)))
            {
                if (person is null) { problems.Add($"Person {i} is empty."); continue; }
                if (string.IsNullOrWhiteSpace(person.Name) || person.Name.Trim().Length > SupportPerson.MaxNameLength) problems.Add($"Person {i}: the name must be 1 to 100 characters.");
                if (person.Phone is null || person.Phone.Trim().Length > SupportPerson.MaxPhoneLength || !SupportPerson.IsPhone(person.Phone.Trim())) problems.Add($"Person {i}: the phone number isn't one.");
                if (person.Note?.Length > SupportPerson.MaxNoteLength) problems.Add($"Person {i}: the note is longer than 500 characters.");
                Instant(person.CreatedAt, $"Person {i}");
                Instant(person.UpdatedAt, $"Person {i}");
            }
        }
        return problems.Distinct().Take(20).ToList();
    }

    /// <summary>At most this many check-ins in one import (a lifetime of days).</summary>
    public const int MaxImportCheckIns = 40_000;

    private static DateTime Utc(DateTime t) => (t.Kind switch
    {
        DateTimeKind.Utc => t,
        DateTimeKind.Local => t.ToUniversalTime(),
        _ => DateTime.SpecifyKind(t, DateTimeKind.Utc),
    }).TruncateToMicroseconds();
}

public sealed record ExportFile(string Format, int Version, DateTime ExportedAt, ExportedProfile Profile,
    List<ExportedHabit> Habits, List<ExportedRelapse> RelapseEvents, List<ExportedUrge> UrgeEvents, List<ExportedTrack>? Tracks = null,
    List<ExportedCheckIn>? CheckIns = null, List<ExportedPlanStep>? Plan = null, List<ExportedPerson>? People = null, List<ExportedShare>? Shares = null);

/// <summary>A share link as the user set it up (version 4; the habits it shows since version 5, the number to call when there is one): what it shows and when it was opened — never its token.</summary>
public sealed record ExportedShare(string Label, string DisplayName, List<Guid> TrackIds, List<Guid>? HabitIds, bool CheckIn, bool RelapseDates,
    DateTime CreatedAt, DateTime? ExpiresAt, DateTime? LastOpenedAt, int TimesOpened,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ContactPhone = null);

public sealed record ExportedCheckIn(DateOnly LocalDate, List<Guid> CommittedTrackIds, DateTime? EveningAt, int? Mood, int? Craving,
    bool Hungry, bool Angry, bool Lonely, bool Tired, decimal? HoursSlept, string? WentWell, string? Note, bool Backfilled, DateTime CreatedAt, DateTime UpdatedAt);

public sealed record ExportedPlanStep(string TriggerType, string Text, DateTime CreatedAt, DateTime UpdatedAt);

public sealed record ExportedPerson(string Name, string Phone, string? Note, DateTime CreatedAt, DateTime UpdatedAt);

/// <param name="CleanSince">Version 1 only: the account's one clock, which an import gives to its one track.</param>
public sealed record ExportedProfile(string Email, string Username, string TimeZone, int DayEndsAtHour,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateOnly? CleanSince, string? Helplines, DateTime CreatedAt);

public sealed record ExportedTrack(Guid Id, string Name, string Kind, DateOnly? CleanSince, TimeOnly? CleanSinceTime, decimal? CostPerDay, string? Currency,
    int? MinutesPerDay, string? Reasons, int Position, DateTime? ArchivedAt, DateTime CreatedAt, DateTime UpdatedAt);

public sealed record ExportedHabit(Guid Id, string Name, string? Description, string Frequency, int TargetPerPeriod, bool IsActive,
    DateTime CreatedAt, DateTime UpdatedAt, List<ExportedLog> Logs, List<DateOnly> SkippedPeriods);

public sealed record ExportedLog(DateOnly LocalDate, DateTime CompletedAt, int StreakCount, string? Notes, DateTime CreatedAt);

public sealed record ExportedRelapse(DateTime OccurredAt, string TriggerType, int Severity, string? Notes,
    bool Hungry, bool Angry, bool Lonely, bool Tired, DateTime CreatedAt, Guid? TrackId = null);

public sealed record ExportedUrge(DateTime OccurredAt, int Intensity, int? IntensityAfter, string TriggerType,
    bool Hungry, bool Angry, bool Lonely, bool Tired, string? HelpedWith, string? Notes, DateTime CreatedAt, Guid? TrackId = null);

public static class AccountFeature
{
    /// <summary>This folder's services: the account page, export and import.</summary>
    public static IServiceCollection AddAccount(this IServiceCollection services) => services.AddScoped<PersonalDataService>();
}

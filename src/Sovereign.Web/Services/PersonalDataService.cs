using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Models;

namespace Sovereign.Web.Services;

/// <summary>The user's data, all of it: export as JSON (re-importable) or CSV, and import into an empty account.</summary>
public sealed class PersonalDataService(AppDb db, HabitService habits, TimeProvider clock)
{
    public const string Format = "sovereign-export";
    public const int Version = 1;
    public const int MaxImportBytes = 20 * 1024 * 1024;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Everything of the user's, in an order that survives an import (which gives rows new ids).</summary>
    public async Task<ExportFile> ExportAsync(Guid userId)
    {
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId);
        var habits = await db.Habits.AsNoTracking().Where(h => h.UserId == userId).OrderBy(h => h.CreatedAt).ThenBy(h => h.Name).ThenBy(h => h.Id)
            .Select(h => new ExportedHabit(h.Id, h.Name, h.Description, SnakeCaseEnum<HabitFrequency>.Name(h.Frequency), h.TargetPerPeriod, h.IsActive, h.CreatedAt, h.UpdatedAt,
                h.Logs.OrderBy(l => l.LocalDate).Select(l => new ExportedLog(l.LocalDate, l.CompletedAt, l.StreakCount, l.Notes, l.CreatedAt)).ToList(),
                h.Skips.OrderBy(s => s.PeriodStart).Select(s => s.PeriodStart).ToList()))
            .AsSplitQuery().ToListAsync();
        var relapses = await db.RelapseEvents.AsNoTracking().Where(r => r.UserId == userId).OrderBy(r => r.OccurredAt).ThenBy(r => r.CreatedAt).ThenBy(r => r.Id)
            .Select(r => new ExportedRelapse(r.OccurredAt, SnakeCaseEnum<TriggerType>.Name(r.TriggerType), r.Severity, r.Notes,
                r.Hungry, r.Angry, r.Lonely, r.Tired, r.CreatedAt))
            .ToListAsync();
        var urges = await db.UrgeEvents.AsNoTracking().Where(u => u.UserId == userId).OrderBy(u => u.OccurredAt).ThenBy(u => u.CreatedAt).ThenBy(u => u.Id)
            .Select(u => new ExportedUrge(u.OccurredAt, u.Intensity, u.IntensityAfter, SnakeCaseEnum<TriggerType>.Name(u.TriggerType),
                u.Hungry, u.Angry, u.Lonely, u.Tired, u.HelpedWith, u.Notes, u.CreatedAt))
            .ToListAsync();
        return new ExportFile(Format, Version, clock.GetUtcNow().UtcDateTime,
            new ExportedProfile(user.Email, user.Username, user.TimeZone, user.DayEndsAtHour, user.CleanSince, user.Helplines, user.CreatedAt),
            habits, relapses, urges);
    }

    /// <summary>One CSV file per table in a zip, for spreadsheets (JSON is the format that imports back).</summary>
    public static byte[] ToCsvZip(ExportFile export)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create))
        {
            var p = export.Profile;
            Write(zip, "users.csv", ["email", "username", "time_zone", "day_ends_at_hour", "clean_since", "helplines", "created_at"],
                [[p.Email, p.Username, p.TimeZone, Text(p.DayEndsAtHour), p.CleanSince?.ToString("yyyy-MM-dd"), p.Helplines, Text(p.CreatedAt)]]);
            Write(zip, "habits.csv", ["id", "name", "description", "frequency", "target_per_period", "is_active", "created_at", "updated_at"],
                export.Habits.Select(h => new[] { h.Id.ToString(), h.Name, h.Description, h.Frequency, Text(h.TargetPerPeriod), Text(h.IsActive), Text(h.CreatedAt), Text(h.UpdatedAt) }));
            Write(zip, "habit_logs.csv", ["habit_id", "local_date", "completed_at", "streak_count", "notes", "created_at"],
                export.Habits.SelectMany(h => h.Logs.Select(l => new[] { h.Id.ToString(), Text(l.LocalDate), Text(l.CompletedAt), Text(l.StreakCount), l.Notes, Text(l.CreatedAt) })));
            Write(zip, "habit_skips.csv", ["habit_id", "period_start"],
                export.Habits.SelectMany(h => h.SkippedPeriods.Select(p => new[] { h.Id.ToString(), Text(p) })));
            Write(zip, "urge_events.csv", ["occurred_at", "intensity", "intensity_after", "trigger_type", "hungry", "angry", "lonely", "tired", "helped_with", "notes", "created_at"],
                export.UrgeEvents.Select(u => new[] { Text(u.OccurredAt), Text(u.Intensity), u.IntensityAfter is { } a ? Text(a) : null, u.TriggerType,
                    Text(u.Hungry), Text(u.Angry), Text(u.Lonely), Text(u.Tired), u.HelpedWith, u.Notes, Text(u.CreatedAt) }));
            Write(zip, "relapse_events.csv", ["occurred_at", "trigger_type", "severity", "notes", "hungry", "angry", "lonely", "tired", "created_at"],
                export.RelapseEvents.Select(r => new[] { Text(r.OccurredAt), r.TriggerType, Text(r.Severity), r.Notes,
                    Text(r.Hungry), Text(r.Angry), Text(r.Lonely), Text(r.Tired), Text(r.CreatedAt) }));
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

    /// <summary>Reads an export into an account that has no habits or events yet; all or nothing. Returns the problems found.</summary>
    public async Task<IReadOnlyList<string>> ImportAsync(Guid userId, Stream json)
    {
        ExportFile? file;
        try { file = await JsonSerializer.DeserializeAsync<ExportFile>(json, Json); }
        catch (JsonException e) { return [$"The file isn't a Sovereign export (JSON error at line {e.LineNumber + 1})."]; }
        if (file is null || file.Format != Format || file.Version != Version || file.Profile is null)
            return [$"The file isn't a Sovereign export (expected \"format\": \"{Format}\", \"version\": {Version})."];

        var problems = Validate(file);
        if (problems.Count > 0) return problems;

        if (await db.Habits.AnyAsync(h => h.UserId == userId) || await db.RelapseEvents.AnyAsync(r => r.UserId == userId)
            || await db.UrgeEvents.AnyAsync(u => u.UserId == userId))
            return ["Import works only into an account with no habits or events yet, so nothing is duplicated."];

        var user = await db.Users.SingleAsync(u => u.Id == userId);
        user.TimeZone = file.Profile.TimeZone;
        user.DayEndsAtHour = file.Profile.DayEndsAtHour;
        user.CleanSince = file.Profile.CleanSince;
        user.Helplines = file.Profile.Helplines;
        foreach (var h in file.Habits)
        {
            var habit = new Habit
            {
                UserId = userId, Name = h.Name.Trim(), Description = h.Description, Frequency = SnakeCaseEnum<HabitFrequency>.Parse(h.Frequency),
                TargetPerPeriod = h.TargetPerPeriod, IsActive = h.IsActive, CreatedAt = Utc(h.CreatedAt), UpdatedAt = Utc(h.UpdatedAt),
            };
            db.Habits.Add(habit);
            db.HabitLogs.AddRange(h.Logs.Select(l => new HabitLog
            {
                HabitId = habit.Id, UserId = userId, LocalDate = l.LocalDate, CompletedAt = Utc(l.CompletedAt), Notes = l.Notes, CreatedAt = Utc(l.CreatedAt),
            }));
            db.HabitSkips.AddRange(h.SkippedPeriods.Distinct().Select(p => new HabitSkip
            {
                HabitId = habit.Id, UserId = userId, PeriodStart = Periods.Start(p, habit.Frequency),
            }));
        }
        db.RelapseEvents.AddRange(file.RelapseEvents.Select(r => new RelapseEvent
        {
            UserId = userId, OccurredAt = Utc(r.OccurredAt), TriggerType = SnakeCaseEnum<TriggerType>.Parse(r.TriggerType),
            Severity = r.Severity, Notes = r.Notes, CreatedAt = Utc(r.CreatedAt),
            Hungry = r.Hungry, Angry = r.Angry, Lonely = r.Lonely, Tired = r.Tired,
        }));
        db.UrgeEvents.AddRange(file.UrgeEvents.Select(u => new UrgeEvent
        {
            UserId = userId, OccurredAt = Utc(u.OccurredAt), Intensity = u.Intensity, IntensityAfter = u.IntensityAfter,
            TriggerType = SnakeCaseEnum<TriggerType>.Parse(u.TriggerType), Hungry = u.Hungry, Angry = u.Angry, Lonely = u.Lonely, Tired = u.Tired,
            HelpedWith = Copings.Join(Copings.Parse(u.HelpedWith)), Notes = u.Notes, CreatedAt = Utc(u.CreatedAt),
        }));
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.SaveChangesAsync();
        await habits.RecountAsync(userId); // streaks follow from the days, counted by this server's rules
        await transaction.CommitAsync();
        return [];
    }

    private static List<string> Validate(ExportFile file)
    {
        var problems = new List<string>();
        if (!TimeZones.IsValid(file.Profile.TimeZone)) problems.Add($"Unknown time zone \"{file.Profile.TimeZone}\".");
        if (file.Profile.DayEndsAtHour is < 0 or > User.MaxDayEndsAtHour) problems.Add("dayEndsAtHour must be 0 to 6.");
        if (file.Profile.Helplines?.Length > User.MaxHelplinesLength) problems.Add($"helplines are longer than {User.MaxHelplinesLength} characters.");
        foreach (var (h, i) in (file.Habits ?? []).Select((h, i) => (h, i + 1)))
        {
            if (string.IsNullOrWhiteSpace(h.Name) || h.Name.Trim().Length > Habit.MaxNameLength) problems.Add($"Habit {i}: the name must be 1 to 100 characters.");
            if (!SnakeCaseEnum<HabitFrequency>.TryParse(h.Frequency, out _)) problems.Add($"Habit {i}: unknown frequency \"{h.Frequency}\".");
            if (h.Logs is null) problems.Add($"Habit {i}: logs are missing.");
            else if (h.Logs.GroupBy(l => l.LocalDate).Any(g => g.Count() > 1)) problems.Add($"Habit {i}: a day is logged twice.");
            if (SnakeCaseEnum<HabitFrequency>.TryParse(h.Frequency, out var f)
                && (h.TargetPerPeriod < 1 || h.TargetPerPeriod > Periods.MaxTarget(f))) problems.Add($"Habit {i}: the target per period is out of range.");
            if (h.Description?.Length > Habit.MaxDescriptionLength) problems.Add($"Habit {i}: the description is longer than {Habit.MaxDescriptionLength} characters.");
            if (h.SkippedPeriods is null) problems.Add($"Habit {i}: skippedPeriods are missing.");
        }
        foreach (var (r, i) in (file.RelapseEvents ?? []).Select((r, i) => (r, i + 1)))
        {
            if (!SnakeCaseEnum<TriggerType>.TryParse(r.TriggerType, out _)) problems.Add($"Relapse event {i}: unknown trigger type \"{r.TriggerType}\".");
            if (r.Severity is < RelapseEvent.MinSeverity or > RelapseEvent.MaxSeverity) problems.Add($"Relapse event {i}: severity must be 1 to 10.");
            if (r.Notes?.Length > RelapseEvent.MaxNotesLength) problems.Add($"Relapse event {i}: notes are longer than {RelapseEvent.MaxNotesLength} characters.");
        }
        foreach (var (u, i) in (file.UrgeEvents ?? []).Select((u, i) => (u, i + 1)))
        {
            if (!SnakeCaseEnum<TriggerType>.TryParse(u.TriggerType, out _)) problems.Add($"Urge {i}: unknown trigger type \"{u.TriggerType}\".");
            if (u.Intensity is < 0 or > UrgeEvent.MaxIntensity || u.IntensityAfter is < 0 or > UrgeEvent.MaxIntensity) problems.Add($"Urge {i}: intensity must be 0 to 10.");
            if (u.Notes?.Length > UrgeEvent.MaxNotesLength) problems.Add($"Urge {i}: notes are longer than {UrgeEvent.MaxNotesLength} characters.");
        }
        if (file.UrgeEvents is null) problems.Add("urgeEvents are missing.");
        if (file.Habits is null) problems.Add("habits are missing.");
        if (file.RelapseEvents is null) problems.Add("relapseEvents are missing.");
        return problems.Take(20).ToList();
    }

    private static DateTime Utc(DateTime t) => (t.Kind switch
    {
        DateTimeKind.Utc => t,
        DateTimeKind.Local => t.ToUniversalTime(),
        _ => DateTime.SpecifyKind(t, DateTimeKind.Utc),
    }).TruncateToMicroseconds();
}

public sealed record ExportFile(string Format, int Version, DateTime ExportedAt, ExportedProfile Profile,
    List<ExportedHabit> Habits, List<ExportedRelapse> RelapseEvents, List<ExportedUrge> UrgeEvents);

public sealed record ExportedProfile(string Email, string Username, string TimeZone, int DayEndsAtHour, DateOnly? CleanSince, string? Helplines, DateTime CreatedAt);

public sealed record ExportedHabit(Guid Id, string Name, string? Description, string Frequency, int TargetPerPeriod, bool IsActive,
    DateTime CreatedAt, DateTime UpdatedAt, List<ExportedLog> Logs, List<DateOnly> SkippedPeriods);

public sealed record ExportedLog(DateOnly LocalDate, DateTime CompletedAt, int StreakCount, string? Notes, DateTime CreatedAt);

public sealed record ExportedRelapse(DateTime OccurredAt, string TriggerType, int Severity, string? Notes,
    bool Hungry, bool Angry, bool Lonely, bool Tired, DateTime CreatedAt);

public sealed record ExportedUrge(DateTime OccurredAt, int Intensity, int? IntensityAfter, string TriggerType,
    bool Hungry, bool Angry, bool Lonely, bool Tired, string? HelpedWith, string? Notes, DateTime CreatedAt);

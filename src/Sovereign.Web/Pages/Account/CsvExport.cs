using System.Collections;
using System.Globalization;
using System.IO.Compression;
using System.Reflection;
using CsvHelper;
using Sovereign.Web.Models;

namespace Sovereign.Web.Pages.Account;

/// <summary>
/// The export as one CSV file per table in a zip, for spreadsheets (JSON is the format that imports back). The columns
/// are the export records' own properties, in their order, so a field added to a record is in both formats.
/// </summary>
public static class CsvExport
{
    public static byte[] ToZip(ExportFile export)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create))
        {
            Write(zip, "users.csv", [export.Profile]);
            Write(zip, "recovery_tracks.csv", export.Tracks ?? []);
            Write(zip, "habits.csv", export.Habits);
            Write(zip, "habit_logs.csv", export.Habits.SelectMany(h => h.Logs.Select(l => (HabitId: h.Id, Row: l))));
            Write(zip, "habit_skips.csv", export.Habits.SelectMany(h => h.SkippedPeriods.Select(p => (HabitId: h.Id, Row: new { PeriodStart = p }))));
            Write(zip, "relapse_events.csv", export.RelapseEvents);
            Write(zip, "urge_events.csv", export.UrgeEvents);
            Write(zip, "check_ins.csv", export.CheckIns ?? []);
            Write(zip, "plan_steps.csv", export.Plan ?? []);
            Write(zip, "support_people.csv", export.People ?? []);
            Write(zip, "share_links.csv", export.Shares ?? []);
        }
        return buffer.ToArray();
    }

    private static void Write<T>(ZipArchive zip, string name, IEnumerable<T> rows) where T : notnull =>
        Write(zip, name, rows.Select(r => (HabitId: (Guid?)null, Row: (object)r)), typeof(T), child: false);

    private static void Write<T>(ZipArchive zip, string name, IEnumerable<(Guid HabitId, T Row)> rows) where T : notnull =>
        Write(zip, name, rows.Select(r => (HabitId: (Guid?)r.HabitId, Row: (object)r.Row)), typeof(T), child: true);

    /// <summary>A child row (a completion, a skipped period) starts with its habit's id.</summary>
    private static void Write(ZipArchive zip, string name, IEnumerable<(Guid? HabitId, object Row)> rows, Type type, bool child)
    {
        // Lists of rows have files of their own (a habit's completions); lists of ids and days are one cell, space-separated.
        var columns = type.GetProperties().Where(p => !IsListOfRows(p.PropertyType) && !OnlyInOldVersions(p)).ToArray();
        // Escape text a spreadsheet would run as a formula (a note that starts with "=").
        using var csv = CsvWriter.Create(zip.CreateEntry(name).Open(), new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: false);
        csv.WriteHeader((child ? ["habit_id"] : Array.Empty<string>()).Concat(columns.Select(c => SnakeCase(c.Name))).ToArray());
        foreach (var (habitId, row) in rows)
            csv.WriteRecord((child ? [habitId.ToString()] : Array.Empty<string?>()).Concat(columns.Select(c => Text(c.GetValue(row)))).ToArray()!);
    }

    private static bool IsListOfRows(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) && type.GetGenericArguments()[0] is { IsClass: true } item && item != typeof(string);

    /// <summary>A property kept only to read files of earlier versions (the profile's one clean-since day of version 1).</summary>
    private static bool OnlyInOldVersions(PropertyInfo property) =>
        property.DeclaringType == typeof(ExportedProfile) && property.Name == nameof(ExportedProfile.CleanSince);

    private static string SnakeCase(string name) => string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static string? Text(object? value) => value switch
    {
        null => null,
        DateTime t => t.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        string s => s,
        IEnumerable list => string.Join(' ', list.Cast<object>().Select(Text)),
        _ => value.ToString(),
    };
}

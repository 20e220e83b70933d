using Sovereign.Web.Data;
using Sovereign.Web.Time;

namespace Sovereign.Web.Models;

/// <summary>What an import finds wrong in a file, row by row: each export record checks its own rows into it.</summary>
public sealed class ImportCheck(DateTime now, DateOnly today)
{
    public List<string> Problems { get; } = [];

    /// <summary>The tracks in the file (null stands for a version 1 file's one track); events and check-ins must name one.</summary>
    public HashSet<Guid?> TrackIds { get; } = [];

    public void Add(string problem) => Problems.Add(problem);

    public void Day(DateOnly day, string what)
    {
        if (!DateWindow.Contains(day, today)) Problems.Add($"{what}: {day:yyyy-MM-dd} is outside 1900-01-01 to today.");
    }

    public void Instant(DateTime at, string what)
    {
        if (!DateWindow.Contains(Utc(at), now)) Problems.Add($"{what}: {at:yyyy-MM-dd} is outside 1900-01-01 to today.");
    }

    public void Track(Guid? id, string what)
    {
        if (!TrackIds.Contains(id)) Problems.Add($"{what}: its track is not in the file.");
    }

    /// <summary>An instant as the app stores it: UTC, to the microsecond.</summary>
    public static DateTime Utc(DateTime t) => (t.Kind switch
    {
        DateTimeKind.Utc => t,
        DateTimeKind.Local => t.ToUniversalTime(),
        _ => DateTime.SpecifyKind(t, DateTimeKind.Utc),
    }).TruncateToMicroseconds();
}

/// <summary>
/// Where each column of a user's table goes in the export (Pages/Account): to the property of the same name on
/// <see cref="Record"/>, to a differently named one (<see cref="Renamed"/>, "Column:Property"), or deliberately nowhere
/// (<see cref="LeftOut"/>). A column that is none of these fails a test, so a new field cannot be forgotten.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ExportedAsAttribute(Type record) : Attribute
{
    public Type Record => record;
    public string[] Renamed { get; init; } = [];
    public string[] LeftOut { get; init; } = [];
}

/// <summary>A user's table that is not in the export at all, and why.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class NotExportedAttribute(string why) : Attribute
{
    public string Why => why;
}

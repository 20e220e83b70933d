using System.Text.Json;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Sovereign.Web.Data;

/// <summary>Maps an enum to the snake_case names the design stores (TriggerType.PeerPressure ↔ "peer_pressure").</summary>
public static class SnakeCaseEnum<T> where T : struct, Enum
{
    private static readonly Dictionary<T, string> Names =
        Enum.GetValues<T>().ToDictionary(v => v, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));
    private static readonly Dictionary<string, T> Values = Names.ToDictionary(p => p.Value, p => p.Key);

    public static string Name(T value) => Names[value];

    public static bool TryParse(string? name, out T value) => Values.TryGetValue(name ?? "", out value);

    public static T Parse(string name) =>
        TryParse(name, out var value) ? value : throw new FormatException($"'{name}' is not a {typeof(T).Name}.");

    /// <summary>A CHECK constraint body that admits exactly the enum's names.</summary>
    public static string CheckSql(string column) => $"{column} IN ({string.Join(", ", Names.Values.Select(n => $"'{n}'"))})";

    public static ValueConverter<T, string> Converter { get; } = new(v => Name(v), s => Parse(s));
}

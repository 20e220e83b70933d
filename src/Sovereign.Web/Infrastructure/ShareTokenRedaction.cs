using System.Text.RegularExpressions;

namespace Sovereign.Web.Infrastructure;

/// <summary>
/// A share link's token is a key to someone's page, and the server keeps only its hash. ASP.NET Core puts each
/// request's path into the scope of every log line written during it (RequestPath), so a warning during a supporter's
/// visit would write the key into the logs. Every logger reads its scopes through this provider, which hides the token.
/// Given to the logger factory, it also takes the place of the factory's own provider, so it adds what that one adds:
/// the current activity's trace, span and parent ids (ASP.NET Core's default ActivityTrackingOptions).
/// </summary>
public sealed partial class ShareTokenRedaction(IExternalScopeProvider inner) : IExternalScopeProvider
{
    public const string Redacted = "/s/[token]";

    public IDisposable Push(object? state) => inner.Push(state);

    public void ForEachScope<TState>(Action<object?, TState> callback, TState state)
    {
        if (System.Diagnostics.Activity.Current is { } activity)
            callback(new Scope([new("SpanId", activity.SpanId.ToHexString()), new("TraceId", activity.TraceId.ToHexString()), new("ParentId", activity.ParentSpanId.ToHexString())],
                $"SpanId:{activity.SpanId.ToHexString()}, TraceId:{activity.TraceId.ToHexString()}, ParentId:{activity.ParentSpanId.ToHexString()}"), state);
        inner.ForEachScope((scope, s) => callback(Redact(scope), s), state);
    }

    private static object? Redact(object? scope) => scope switch
    {
        string text when Token().IsMatch(text) => Token().Replace(text, Redacted),
        IReadOnlyList<KeyValuePair<string, object?>> pairs when pairs.Any(p => p.Value is string v && Token().IsMatch(v)) => new Scope(
            pairs.Select(p => p.Value is string v ? KeyValuePair.Create(p.Key, (object?)Token().Replace(v, Redacted)) : p).ToList(),
            Token().Replace(scope.ToString() ?? "", Redacted)),
        _ => scope,
    };

    /// <summary>A scope's pairs and its text (what a formatter prints as the scope's message).</summary>
    private sealed class Scope(List<KeyValuePair<string, object?>> pairs, string text) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public KeyValuePair<string, object?> this[int index] => pairs[index];
        public int Count => pairs.Count;
        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => pairs.GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
        public override string ToString() => text;
    }

    [GeneratedRegex("/s/[^/?#\\s]+", RegexOptions.IgnoreCase)]
    private static partial Regex Token();
}

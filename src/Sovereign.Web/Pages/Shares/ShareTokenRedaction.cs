using System.Text.RegularExpressions;

namespace Sovereign.Web.Pages.Shares;

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

    /// <summary>
    /// A log line's text with every share token hidden: in a path, and bare (routing writes a link's route values,
    /// "token=[…]", when the link is made). Scopes keep their 32-digit trace ids: they are matched by path only.
    /// </summary>
    public static string Redact(string text) => TokenInLine().Replace(text, m => m.Value.StartsWith('/') ? Redacted : "[token]");

    public static bool HasToken(string? text) => text is not null && TokenInLine().IsMatch(text);

    [GeneratedRegex("/s/[^/?#\\s]+", RegexOptions.IgnoreCase)]
    private static partial Regex Token();

    [GeneratedRegex("/s/[^/?#\\s]+|\\b[0-9a-f]{32}\\b", RegexOptions.IgnoreCase)]
    private static partial Regex TokenInLine();
}

/// <summary>
/// Hides share tokens in the log lines themselves: the host writes "Request starting … /s/{token}" at Information, and
/// routing, static files and the rest write the path at Debug or Trace. Every logger the app makes comes from this
/// factory, so a line that carries a token reaches every provider already redacted (its text and its values).
/// </summary>
public sealed class ShareTokenRedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new Logger(inner.CreateLogger(categoryName));
    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);
    public void Dispose() => inner.Dispose();

    private sealed class Logger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);
        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel)) return;
            var pairs = state as IReadOnlyList<KeyValuePair<string, object?>>;
            var message = formatter(state, exception);
            if (!ShareTokenRedaction.HasToken(message) && (pairs is null || !pairs.Any(p => ShareTokenRedaction.HasToken(p.Value?.ToString()))))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
                return;
            }
            var redacted = new RedactedState(
                (pairs ?? []).Select(p => KeyValuePair.Create(p.Key, p.Value is { } v && ShareTokenRedaction.HasToken(v.ToString()) ? (object?)ShareTokenRedaction.Redact(v.ToString()!) : p.Value)).ToList(),
                ShareTokenRedaction.Redact(message));
            inner.Log(logLevel, eventId, redacted, exception, static (s, _) => s.ToString());
        }
    }

    private sealed class RedactedState(List<KeyValuePair<string, object?>> pairs, string text) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public KeyValuePair<string, object?> this[int index] => pairs[index];
        public int Count => pairs.Count;
        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => pairs.GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
        public override string ToString() => text;
    }
}

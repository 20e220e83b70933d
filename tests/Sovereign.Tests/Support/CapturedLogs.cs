using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Sovereign.Tests.Support;

public sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception, IReadOnlyDictionary<string, object?> Scope,
    IReadOnlyDictionary<string, object?> State)
{
    public string? TraceId => Scope.GetValueOrDefault("TraceId")?.ToString();
}

/// <summary>Keeps every log line that any test app writes, with its scope (trace id, request path), for tests to read.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    /// <summary>Every entry of the whole test run, for suite-wide checks (no secrets in logs).</summary>
    public static ConcurrentQueue<LogEntry> All { get; } = new();

    public ConcurrentQueue<LogEntry> Entries { get; } = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);
    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;
    public void Dispose() { }

    private void Add(LogEntry entry)
    {
        Entries.Enqueue(entry);
        All.Enqueue(entry);
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner.scopes.Push(state);
        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scope = new Dictionary<string, object?>();
            owner.scopes.ForEachScope((s, dict) =>
            {
                if (s is IEnumerable<KeyValuePair<string, object?>> pairs)
                    foreach (var (key, value) in pairs) dict[key] = value;
            }, scope);
            var values = new Dictionary<string, object?>();
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
                foreach (var (key, value) in pairs) values[key] = value;
            owner.Add(new LogEntry(category, logLevel, formatter(state, exception), exception, scope, values));
        }
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Sovereign.Web.Data;

/// <summary>
/// Stamps created_at and updated_at from the app's clock, so tests that fix "now" see it in the rows.
/// A new row keeps times it already has (an import restores them).
/// </summary>
public sealed class TimestampsInterceptor(TimeProvider clock) : SaveChangesInterceptor
{
    /// <summary>Marks a column the app derives (a cache, a version): changing only those is no update of the row.</summary>
    public const string Derived = "Sovereign:Derived";

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Stamp(eventData.Context);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Stamp(eventData.Context);
        return base.SavingChanges(eventData, result);
    }

    private void Stamp(DbContext? db)
    {
        if (db is null) return;
        var now = clock.GetUtcNow().UtcDateTime.TruncateToMicroseconds();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State == EntityState.Added && entry.Metadata.FindProperty("CreatedAt") is not null
                && entry.Property("CreatedAt").CurrentValue is DateTime created && created == default)
                entry.Property("CreatedAt").CurrentValue = now;
            if (entry.Metadata.FindProperty("UpdatedAt") is not null
                && (entry.State == EntityState.Modified && entry.Properties.Any(p => p.IsModified && p.Metadata.FindAnnotation(Derived) is null)
                    || entry.State == EntityState.Added && entry.Property("UpdatedAt").CurrentValue is DateTime updated && updated == default))
                entry.Property("UpdatedAt").CurrentValue = now;
        }
    }
}

public static class InstantPrecision
{
    /// <summary>PostgreSQL keeps microseconds; cut the 100 ns ticks so both databases hold the same instant.</summary>
    public static DateTime TruncateToMicroseconds(this DateTime t) => t.AddTicks(-(t.Ticks % 10));
}

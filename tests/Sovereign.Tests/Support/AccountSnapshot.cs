using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Models;

namespace Sovereign.Tests.Support;

/// <summary>
/// Every row the database holds of one user — the whole user row (credentials, recovery code, settings) and every
/// table with a user_id, found from the model so a new table joins by itself — as text, to prove a refused request
/// wrote nothing. Left out: when a session was last seen (reading a page may note it).
/// </summary>
public static class AccountSnapshot
{
    public static async Task<string> TakeAsync(SovereignApp app, Guid userId)
    {
        await using var db = app.NewDbContext();
        var parts = new List<string>();
        foreach (var entity in db.Model.GetEntityTypes().OrderBy(e => e.GetTableName()))
        {
            var owner = entity.ClrType == typeof(User) ? "Id" : entity.FindProperty("UserId") is not null ? "UserId" : null;
            if (owner is null) continue;
            var rows = await RowsAsync(db, entity.ClrType, owner, userId);
            foreach (var row in rows)
            {
                var values = entity.GetProperties().Where(p => !(entity.ClrType == typeof(UserSession) && p.Name == nameof(UserSession.LastSeenAt)))
                    .OrderBy(p => p.Name).Select(p => $"{p.Name}={JsonSerializer.Serialize(p.PropertyInfo?.GetValue(row))}");
                parts.Add($"{entity.GetTableName()}: {string.Join(", ", values)}");
            }
        }
        return string.Join("\n", parts.Order(StringComparer.Ordinal));
    }

    private static async Task<List<object>> RowsAsync(AppDb db, Type type, string owner, Guid userId)
    {
        var method = typeof(AccountSnapshot).GetMethod(nameof(TypedRowsAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        return await (Task<List<object>>)method.MakeGenericMethod(type).Invoke(null, [db, owner, userId])!;
    }

    private static async Task<List<object>> TypedRowsAsync<T>(AppDb db, string owner, Guid userId) where T : class =>
        (await db.Set<T>().AsNoTracking().Where(row => EF.Property<Guid>(row, owner) == userId).ToListAsync()).Cast<object>().ToList();
}

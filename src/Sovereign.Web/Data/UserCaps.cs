using Microsoft.EntityFrameworkCore;

namespace Sovereign.Web.Data;

/// <summary>
/// Caps (20 tracks, 200 habits, 20 working share links…) are counted, then added to. Two requests of one user that do
/// this at once could both count 19; run inside <see cref="UnderCapAsync{T}"/> they take turns, so the database decides.
/// </summary>
public static class UserCaps
{
    /// <summary>
    /// Runs <paramref name="countThenAdd"/> in a transaction that holds the user: PostgreSQL locks the user's row
    /// (FOR UPDATE), SQLite's transaction takes the database's one write lock as it begins (BEGIN IMMEDIATE, the
    /// default of Microsoft.Data.Sqlite). The count it makes sees every add committed before it.
    /// </summary>
    public static async Task<T> UnderCapAsync<T>(this AppDb db, Guid userId, Func<Task<T>> countThenAdd)
    {
        await using var transaction = await db.Database.BeginTransactionAsync();
        if (db.Database.IsNpgsql()) await db.Database.ExecuteSqlAsync($"SELECT 1 FROM users WHERE id = {userId} FOR UPDATE");
        var result = await countThenAdd();
        await transaction.CommitAsync();
        return result;
    }
}

using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Pages.Auth;

namespace Sovereign.Web.Data;

/// <summary>
/// Fills users.email_key and users.username_key for accounts made before they existed (see <see cref="LoginNames"/>).
/// Two accounts that SQLite's NOCASE told apart may share a canonical name ("Alex" and "Ａｌｅｘ"): the older keeps it,
/// and a later one gets a key nobody can type, so it signs in with its other name (its e-mail or its username) until
/// its owner changes this one.
/// </summary>
public static class LoginKeysBackfill
{
    public static async Task RunAsync(AppDb db, ILogger logger, CancellationToken cancellationToken)
    {
        var users = await db.Users.OrderBy(u => u.CreatedAt).ThenBy(u => u.Id).Select(u => new { u.Id, u.Email, u.Username }).ToListAsync(cancellationToken);
        var (emails, usernames, unreachable) = (new HashSet<string>(), new HashSet<string>(), 0);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var user in users)
        {
            var emailKey = Claim(emails, LoginNames.Key(user.Email), user.Id, ref unreachable);
            var usernameKey = Claim(usernames, LoginNames.Key(user.Username), user.Id, ref unreachable);
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(
                s => s.SetProperty(u => u.EmailKey, emailKey).SetProperty(u => u.UsernameKey, usernameKey), cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        if (unreachable > 0)
            logger.LogWarning("{Count} e-mail addresses or usernames were spellings of an older account's; those accounts sign in with their other name.", unreachable);
    }

    private static string Claim(HashSet<string> taken, string key, Guid id, ref int unreachable)
    {
        if (taken.Add(key)) return key;
        unreachable++;
        return LoginNames.Key($"{key}:{id}");
    }
}

using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Models;

namespace Sovereign.Web.Services;

public enum SignInOutcome { Success, Invalid, Locked }

public sealed record SignInResult(SignInOutcome Outcome, User? User = null, DateTime? LockedUntil = null);

public sealed record Registration(User? User, string? RecoveryCode, string? EmailTaken, string? UsernameTaken);

/// <summary>Accounts: registration, sign-in with per-account lock-out, password recovery and changes.</summary>
public sealed class AccountService(AppDb db, Passwords passwords, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public Task<User?> FindAsync(Guid id) => db.Users.SingleOrDefaultAsync(u => u.Id == id && u.IsActive);

    public async Task<Registration> RegisterAsync(string email, string username, string password, string timeZone)
    {
        var emailTaken = await db.Users.AnyAsync(u => u.Email == email) ? "An account with this email already exists. Sign in instead." : null;
        var usernameTaken = await db.Users.AnyAsync(u => u.Username == username) ? "This username is taken. Try another." : null;
        if (emailTaken is not null || usernameTaken is not null) return new(null, null, emailTaken, usernameTaken);

        var code = RecoveryCodes.New();
        var user = new User
        {
            Email = email, Username = username, PasswordHash = passwords.Hash(password), TimeZone = timeZone,
            RecoveryCodeHash = RecoveryCodes.Hash(code),
        };
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // Someone registered the same email or username between the check and the insert.
            db.Entry(user).State = EntityState.Detached;
            return new(null, null, "An account with this email or username already exists.", null);
        }
        return new(user, code, null, null);
    }

    /// <summary>Email or username + password. Unknown accounts and wrong passwords answer alike and take as long.</summary>
    public async Task<SignInResult> SignInAsync(string login, string password)
    {
        var user = await FindByLoginAsync(login);
        if (user is null)
        {
            passwords.VerifyNobody(password);
            return new(SignInOutcome.Invalid);
        }
        if (user.IsLockedAt(Now))
        {
            passwords.VerifyNobody(password);
            return new(SignInOutcome.Locked, LockedUntil: user.LockedUntil);
        }
        if (!passwords.Verify(password, user.PasswordHash) || !user.IsActive)
            return await CountFailureAsync(user);

        if (user.FailedSignInCount > 0 || user.LockedUntil is not null)
        {
            user.FailedSignInCount = 0;
            user.LockedUntil = null;
            await db.SaveChangesAsync();
        }
        return new(SignInOutcome.Success, user);
    }

    /// <summary>Sets a new password with the one-time recovery code; returns the next code, or null when email or code is wrong.</summary>
    public async Task<(SignInResult Result, string? NewCode)> RecoverAsync(string email, string code, string newPassword)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == email);
        if (user is null) return (new(SignInOutcome.Invalid), null);
        if (user.IsLockedAt(Now)) return (new(SignInOutcome.Locked, LockedUntil: user.LockedUntil), null);
        if (!user.IsActive || !RecoveryCodes.Matches(code, user.RecoveryCodeHash)) return (await CountFailureAsync(user), null);

        var next = RecoveryCodes.New();
        user.RecoveryCodeHash = RecoveryCodes.Hash(next);
        user.FailedSignInCount = 0;
        user.LockedUntil = null;
        SetPassword(user, newPassword);
        await db.SaveChangesAsync();
        return (new(SignInOutcome.Success, user), next);
    }

    /// <summary>New password; every other session ends (new security stamp).</summary>
    public async Task ChangePasswordAsync(User user, string newPassword)
    {
        SetPassword(user, newPassword);
        await db.SaveChangesAsync();
    }

    public async Task SignOutEverywhereAsync(User user)
    {
        user.SecurityStamp = User.NewSecurityStamp();
        await db.SaveChangesAsync();
    }

    /// <summary>Issues a new recovery code for an operator to hand over (`reset-password EMAIL`); also lifts a lock.</summary>
    public async Task<string?> IssueRecoveryCodeAsync(string email)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == email);
        if (user is null) return null;
        var code = RecoveryCodes.New();
        user.RecoveryCodeHash = RecoveryCodes.Hash(code);
        user.FailedSignInCount = 0;
        user.LockedUntil = null;
        await db.SaveChangesAsync();
        return code;
    }

    /// <summary>Removes the user and, through the foreign keys' cascades, every row of theirs — one statement, one transaction.</summary>
    public Task<int> DeleteAsync(Guid userId) => db.Users.Where(u => u.Id == userId).ExecuteDeleteAsync();

    private void SetPassword(User user, string newPassword)
    {
        user.PasswordHash = passwords.Hash(newPassword);
        user.SecurityStamp = User.NewSecurityStamp();
    }

    private Task<User?> FindByLoginAsync(string login) => login.Contains('@')
        ? db.Users.SingleOrDefaultAsync(u => u.Email == login)
        : db.Users.SingleOrDefaultAsync(u => u.Username == login);

    /// <summary>Counts a failure atomically (parallel guesses all count); the tenth in a row locks the account.</summary>
    private async Task<SignInResult> CountFailureAsync(User user)
    {
        var mine = db.Users.Where(u => u.Id == user.Id);
        await mine.ExecuteUpdateAsync(s => s.SetProperty(u => u.FailedSignInCount, u => u.FailedSignInCount + 1));
        var lockedUntil = Now + User.LockDuration;
        var locked = await mine.Where(u => u.FailedSignInCount >= User.MaxFailedSignIns).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.FailedSignInCount, 0)
            .SetProperty(u => u.LockedUntil, lockedUntil));
        return locked > 0 ? new(SignInOutcome.Locked, LockedUntil: lockedUntil) : new(SignInOutcome.Invalid);
    }
}

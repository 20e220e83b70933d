using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Auth;

namespace Sovereign.Web.Pages.Account;

public enum SignInOutcome { Success, Invalid, Throttled }

/// <param name="NewRecoveryCode">Shown once: the account's first recovery code, issued at its first sign-in.</param>
public sealed record SignInResult(SignInOutcome Outcome, User? User = null, string? NewRecoveryCode = null);

/// <summary>Where a sign-in comes from: the client's network address (already reduced, see ClientAddress) and, if the browser has one, the device cookie.</summary>
public sealed record SignInClient(string AddressKey, Guid? DeviceUserId = null, string? DeviceId = null);

public enum RegistrationOutcome { Done, UsernameTaken }

/// <summary>Accounts: registration, throttled sign-in, password recovery and changes.</summary>
public sealed class AccountService(AppDb db, Passwords passwords, SignInThrottle throttle)
{
    public const string UsernameTaken = "This username is taken. Try another.";

    public Task<User?> FindAsync(Guid id) => db.Users.SingleOrDefaultAsync(u => u.Id == id && u.IsActive);

    /// <summary>
    /// Creates the account unless the e-mail already has one — and answers the same either way, so that registration
    /// never tells a stranger who uses this service. Only a taken username (chosen, not personal) is said.
    /// </summary>
    public async Task<RegistrationOutcome> RegisterAsync(string email, string username, string password, string timeZone)
    {
        if (await UsernameTakenAsync(username)) return RegistrationOutcome.UsernameTaken;
        var hash = passwords.Hash(password); // spent either way, so both answers take as long
        if (await EmailTakenAsync(email)) return RegistrationOutcome.Done;

        var user = new User { Email = email, Username = username, PasswordHash = hash, TimeZone = timeZone };
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // Someone registered the same email or username between the check and the insert.
            db.Entry(user).State = EntityState.Detached;
            return await UsernameTakenAsync(username) ? RegistrationOutcome.UsernameTaken : RegistrationOutcome.Done;
        }
        return RegistrationOutcome.Done;
    }

    /// <summary>
    /// Email or username + password, throttled per account and client (<see cref="SignInThrottle"/>). Unknown
    /// accounts, wrong passwords and throttled guesses at either answer alike and take as long.
    /// </summary>
    public async Task<SignInResult> SignInAsync(string login, string password, SignInClient client)
    {
        var user = await FindByLoginAsync(login);
        var knownDevice = user is not null && client.DeviceUserId == user.Id && client.DeviceId is not null;
        var attempt = PasswordAttempt.SignIn(user?.Id, login, PasswordAttempt.Hash(knownDevice ? "device:" + client.DeviceId : "address:" + client.AddressKey), knownDevice);
        if (await throttle.IsThrottledAsync(attempt))
        {
            passwords.VerifyNobody(password);
            return new(SignInOutcome.Throttled);
        }
        bool valid;
        if (user is null)
        {
            passwords.VerifyNobody(password);
            valid = false;
        }
        else valid = passwords.Verify(password, user.PasswordHash) && user.IsActive;
        if (!valid)
        {
            await throttle.RecordFailureAsync(attempt);
            return new(SignInOutcome.Invalid);
        }

        await throttle.ForgiveAsync(attempt);
        string? code = null;
        if (user!.RecoveryCodeHash is null)
        {
            code = RecoveryCodes.New();
            user.RecoveryCodeHash = RecoveryCodes.Hash(code);
            await db.SaveChangesAsync();
        }
        return new(SignInOutcome.Success, user, code);
    }

    /// <summary>
    /// Sets a new password with the one-time recovery code and returns the next code, or null when email or code is
    /// wrong. Never throttled per account: the code has 100 bits, and it is the owner's way back in.
    /// </summary>
    public async Task<(User? User, string? NewCode)> RecoverAsync(string email, string code, string newPassword)
    {
        var user = await FindByEmailAsync(email);
        if (user is null || !user.IsActive || !RecoveryCodes.Matches(code, user.RecoveryCodeHash)) return (null, null);

        var next = RecoveryCodes.New();
        user.RecoveryCodeHash = RecoveryCodes.Hash(next);
        user.PasswordHash = passwords.Hash(newPassword);
        await db.SaveChangesAsync();
        return (user, next);
    }

    /// <summary>Checks the signed-in user's current password (settings), throttled apart from sign-in; null when too many were wrong.</summary>
    public async Task<bool?> ConfirmPasswordAsync(User user, string password)
    {
        var attempt = PasswordAttempt.Confirm(user.Id);
        if (await throttle.IsThrottledAsync(attempt)) return null;
        if (passwords.Verify(password, user.PasswordHash))
        {
            await throttle.ForgiveAsync(attempt);
            return true;
        }
        await throttle.RecordFailureAsync(attempt);
        return false;
    }

    /// <summary>A new password; the caller ends the other sessions.</summary>
    public async Task ChangePasswordAsync(User user, string newPassword)
    {
        user.PasswordHash = passwords.Hash(newPassword);
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// Makes <paramref name="email"/> the user's sign-in address unless another account has it (in any spelling); says
    /// nothing of which, so the caller answers alike.
    /// </summary>
    public async Task ChangeEmailAsync(User user, string email)
    {
        if (await EmailTakenAsync(email, except: user.Id)) return;
        var before = user.Email;
        user.Email = email;
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            user.Email = before; // taken by a request in between
            db.Entry(user).State = EntityState.Unchanged;
        }
    }

    /// <summary>Issues a new recovery code for an operator to hand over (`reset-password EMAIL`).</summary>
    public async Task<string?> IssueRecoveryCodeAsync(string email) =>
        await FindByEmailAsync(email) is { } user ? await NewRecoveryCodeAsync(user) : null;

    /// <summary>A new recovery code for the user; the one before stops working.</summary>
    public async Task<string> NewRecoveryCodeAsync(User user)
    {
        var code = RecoveryCodes.New();
        user.RecoveryCodeHash = RecoveryCodes.Hash(code);
        await db.SaveChangesAsync();
        return code;
    }

    /// <summary>Removes the user and, through the foreign keys' cascades, every row of theirs — one statement, one transaction.</summary>
    public Task<int> DeleteAsync(Guid userId) => db.Users.Where(u => u.Id == userId).ExecuteDeleteAsync();

    /// <summary>Whether another account has this username, in any spelling (<see cref="LoginNames"/>).</summary>
    public Task<bool> UsernameTakenAsync(string username, Guid? except = null)
    {
        var key = LoginNames.Key(username);
        return db.Users.AnyAsync(u => u.UsernameKey == key && u.Id != except);
    }

    /// <summary>Whether another account has this e-mail address, in any spelling. Never to be told to anyone but an operator.</summary>
    public Task<bool> EmailTakenAsync(string email, Guid? except = null)
    {
        var key = LoginNames.Key(email);
        return db.Users.AnyAsync(u => u.EmailKey == key && u.Id != except);
    }

    private Task<User?> FindByEmailAsync(string email)
    {
        var key = LoginNames.Key(email.Trim());
        return db.Users.SingleOrDefaultAsync(u => u.EmailKey == key);
    }

    private Task<User?> FindByLoginAsync(string login)
    {
        if (LoginNames.Canonical(login).Contains('@')) return FindByEmailAsync(login);
        var key = LoginNames.Key(login.Trim());
        return db.Users.SingleOrDefaultAsync(u => u.UsernameKey == key);
    }
}

using Sovereign.Web.Data;
using Sovereign.Web.Pages.Account;

namespace Sovereign.Web.Operations;

/// <summary>Operator commands: `dotnet Sovereign.Web.dll migrate | reset-password EMAIL | backup FILE | seed-bench | seed-bench-others N` (or `dotnet run -- …`).</summary>
public static class Commands
{
    /// <returns>The exit code when <paramref name="args"/> name a command; null to start the web app.</returns>
    public static async Task<int?> TryRunAsync(WebApplication app, string[] args)
    {
        switch (args)
        {
            case ["migrate"]:
                await app.Services.MigrateDatabaseAsync();
                Console.WriteLine("Database is up to date.");
                return 0;
            case ["reset-password", var email]:
            {
                await using var scope = app.Services.CreateAsyncScope();
                var code = await scope.ServiceProvider.GetRequiredService<AccountService>().IssueRecoveryCodeAsync(email);
                if (code is null)
                {
                    Console.Error.WriteLine($"No account has the email {email}.");
                    return 1;
                }
                Console.WriteLine($"New one-time recovery code for {email}: {code}");
                Console.WriteLine("Give it to the account's owner; they set a new password with it at /auth/recover.");
                return 0;
            }
            case ["backup", var file]:
            {
                await using var scope = app.Services.CreateAsyncScope();
                await ActivatorUtilities.CreateInstance<Backup>(scope.ServiceProvider).RunAsync(file);
                Console.WriteLine($"Backed up to {Path.GetFullPath(file)}.");
                return 0;
            }
            case ["seed-bench"]:
            {
                await app.Services.MigrateDatabaseAsync();
                await using var scope = app.Services.CreateAsyncScope();
                await ActivatorUtilities.CreateInstance<BenchmarkSeed>(scope.ServiceProvider).RunAsync();
                Console.WriteLine($"Seeded {BenchmarkSeed.Email} and {BenchmarkSeed.HistoryEmail} (password: {BenchmarkSeed.Password}).");
                return 0;
            }
            case ["seed-bench-others", var count] when int.TryParse(count, out var others) && others >= 0:
            {
                await app.Services.MigrateDatabaseAsync();
                await using var scope = app.Services.CreateAsyncScope();
                await ActivatorUtilities.CreateInstance<BenchmarkSeed>(scope.ServiceProvider).OthersAsync(others);
                Console.WriteLine($"Seeded {others} other users (each 5 daily habits done on each of 365 days, 12 relapses and 12 urges).");
                return 0;
            }
            default:
                return null;
        }
    }
}

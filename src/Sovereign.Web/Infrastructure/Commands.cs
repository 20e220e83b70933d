using Sovereign.Web.Data;

namespace Sovereign.Web.Infrastructure;

/// <summary>Operator commands: `dotnet Sovereign.Web.dll migrate` (or `dotnet run -- migrate`).</summary>
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
            default:
                return null;
        }
    }
}

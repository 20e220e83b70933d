using Microsoft.EntityFrameworkCore;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;

namespace Sovereign.Tests.Data;

public class MigrationTests
{
    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Each_provider_has_a_migration_for_every_model_change(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        Assert.False(db.Database.HasPendingModelChanges(),
            $"The model changed without a migration: run `dotnet ef migrations add <Name> --context {db.GetType().Name}` for both providers.");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }
}

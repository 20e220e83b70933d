using Sovereign.Web.Data;
using Sovereign.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
// Serve wwwroot from the build output in every environment (published output needs nothing: it has the files).
builder.WebHost.UseStaticWebAssets();

// Services: the database (SQLite by default, PostgreSQL by configuration) and the web stack.
builder.Services.AddSovereignDatabase(builder.Configuration, builder.Environment);
builder.Services.AddSovereignWeb(builder.Configuration, builder.Environment);

var app = builder.Build();

// Operator commands (migrate, …) run and exit instead of serving.
if (await Commands.TryRunAsync(app, args) is { } exitCode) return exitCode;

if (app.Configuration.GetValue("Database:MigrateOnStartup", true))
    await app.Services.MigrateDatabaseAsync();

app.UseSovereignPipeline();
await app.RunAsync();
return 0;

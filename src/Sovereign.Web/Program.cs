using System.Globalization;
using Sovereign.Web.Data;
using Sovereign.Web.Infrastructure;

// One way of writing numbers, money and dates whatever the server's locale (LANG=de_DE would write 1.234,50): the app
// speaks one language, and its pages, messages and files read the same on every machine.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;

// A published app is its own content root (settings, wwwroot, data/) wherever it is started from; in a checkout
// (dotnet run, tests) the project folder is, as usual.
var publishedRoot = Directory.Exists(Path.Combine(AppContext.BaseDirectory, "wwwroot")) ? AppContext.BaseDirectory : null;
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = publishedRoot });
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

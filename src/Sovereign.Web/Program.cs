using System.Globalization;
using Sovereign.Web.Data;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Operations;
using Sovereign.Web.Pages.Account;
using Sovereign.Web.Pages.Auth;
using Sovereign.Web.Pages.CheckIn;
using Sovereign.Web.Pages.Habits;
using Sovereign.Web.Pages.Insights;
using Sovereign.Web.Pages.Offline;
using Sovereign.Web.Pages.Plan;
using Sovereign.Web.Pages.Relapse;
using Sovereign.Web.Pages.Shares;
using Sovereign.Web.Pages.Reminders;
using Sovereign.Web.Pages.Tracks;
using Sovereign.Web.Pages.Urges;

// The table of contents: what the app is made of, the order a request goes through, and what it answers.

// One way of writing numbers, money and dates whatever the server's locale (LANG=de_DE would write 1.234,50): the app
// speaks one language, and its pages, messages and files read the same on every machine.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;

// A published app is its own content root (settings, wwwroot, data/) wherever it is started from; in a checkout
// (dotnet run, tests) the project folder is, as usual.
var publishedRoot = Directory.Exists(Path.Combine(AppContext.BaseDirectory, "wwwroot")) ? AppContext.BaseDirectory : null;
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = publishedRoot });
// Serve wwwroot from the build output in every environment (published output needs nothing: it has the files).
builder.WebHost.UseStaticWebAssets();

var (config, env) = (builder.Configuration, builder.Environment);
builder.Services
    .AddSovereignDatabase(config, env)  // Data/: SQLite by default, PostgreSQL by configuration
    .AddSovereignWeb(config, env)       // Infrastructure/: Razor Pages, antiforgery, limits, proxy headers, keys
    .AddSovereignAuth(config, env)      // Infrastructure/Auth.cs, Pages/Auth/: cookies, sessions, throttles, private by default
    .AddScheduledWork(config)           // Operations/: work that runs outside a request, claimed in the database
    .AddAccount()                       // one folder per feature under Pages/
    .AddTracks()
    .AddHabits()
    .AddRelapses()
    .AddUrges()
    .AddCheckIns()
    .AddPlan()
    .AddInsights()
    .AddShares()
    .AddReminders(config, env);

var app = builder.Build();

// Operator commands (migrate, backup, reset-password, seed-bench) run and exit instead of serving.
if (await Commands.TryRunAsync(app, args) is { } exitCode) return exitCode;

if (app.Configuration.GetValue("Database:MigrateOnStartup", true))
    await app.Services.MigrateDatabaseAsync();

// The pipeline, in the order a request meets it.
app.WarnAboutOpenHosts();
app.UseProxyHeaders();          // the client's address and scheme from a trusted proxy; PathBase
app.UseErrorPages();            // 500/503 pages without internals, HSTS, status code pages
app.UseSecurityHeaders();       // CSP, no referrer, no sniffing, …
app.UseNoStoreForPages();       // no cache keeps a private page
app.UseHttpsOnly();
app.UseRouting();
app.UseBodyLimits();            // a body larger than its endpoint takes is a 413 before anything reads it
app.UseAuthentication();
app.UseSessionLock();           // Pages/Auth/SessionLock.cs: a session left alone reaches only unlock, sign-out and public pages
app.UseRateLimiter();
app.UseAuthorization();         // signed in unless an endpoint says AllowAnonymous

// What it answers: docs/routes.md lists every route with its sign-in requirement.
app.MapStaticAssets().AllowAnonymous();
app.MapRazorPages().WithStaticAssets();
app.MapWebManifest();           // Pages/Offline/: the installed app's manifest (sw.js and the icons are in wwwroot)
app.MapReminders();             // Pages/Reminders/: the request token the service worker's "Done" sends
app.MapShareNotifications();    // Pages/Shares/: a supporter turning notifications on for a link
app.MapHealthChecks();          // Operations/Health.cs: /healthz and /readyz

await app.RunAsync();
return 0;

using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Account;

namespace Sovereign.Tests.Pages.Account;

public abstract class AccountDeletionTests(DatabaseProvider provider)
{
    [Fact]
    public async Task The_csv_export_is_a_zip_with_one_file_per_table()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        await AccountTests.SeedHistoryAsync(app, user.Id);
        var response = await user.Client.GetAsync("/account/export/csv");
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);

        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
        Assert.Equal(["check_ins.csv", "habit_logs.csv", "habit_skips.csv", "habits.csv", "plan_steps.csv", "recovery_tracks.csv", "relapse_events.csv", "share_links.csv", "support_people.csv", "urge_events.csv", "users.csv"], zip.Entries.Select(e => e.Name).Order());
        string Read(string name) { using var r = new StreamReader(zip.GetEntry(name)!.Open()); return r.ReadToEnd(); }
        var logs = Read("habit_logs.csv").TrimEnd().Split('\n');
        Assert.Equal("habit_id,local_date,completed_at,streak_count,notes,created_at", logs[0].TrimEnd('\r'));
        Assert.Equal(4, logs.Length);
        Assert.Contains("2026-02-14T10:30:45.123456Z", Read("habit_logs.csv"));
        Assert.Contains("'=HYPERLINK", Read("relapse_events.csv")); // a formula stays text in a spreadsheet
        Assert.DoesNotContain("$2", Read("users.csv"));
    }

    [Fact]
    public async Task Deleting_the_account_needs_the_password_removes_every_row_and_signs_out()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        var other = await TestUser.RegisterAsync(app);
        await AccountTests.SeedHistoryAsync(app, user.Id);
        await AccountTests.SeedHistoryAsync(app, other.Id);

        var wrong = await user.PostFormAsync("/account/delete", new() { ["Delete.Password"] = "not the password" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        await using (var db = app.NewDbContext())
            Assert.Equal(2, await db.Habits.CountAsync(h => h.UserId == user.Id));

        var right = await user.PostFormAsync("/account/delete", new() { ["Delete.Password"] = user.Password });
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        await using (var db = app.NewDbContext())
        {
            Assert.False(await db.Users.AnyAsync(u => u.Id == user.Id));
            Assert.False(await db.Habits.AnyAsync(h => h.UserId == user.Id));
            Assert.False(await db.HabitLogs.AnyAsync(l => l.UserId == user.Id));
            Assert.False(await db.RelapseEvents.AnyAsync(r => r.UserId == user.Id));
            Assert.False(await db.CheckIns.AnyAsync(c => c.UserId == user.Id) || await db.CheckInCommitments.AnyAsync(c => c.UserId == user.Id));
            Assert.False(await db.PlanSteps.AnyAsync(p => p.UserId == user.Id) || await db.SupportPeople.AnyAsync(p => p.UserId == user.Id));
            Assert.Equal(2, await db.Habits.CountAsync(h => h.UserId == other.Id));
            Assert.Equal(2, await db.CheckIns.CountAsync(c => c.UserId == other.Id));
        }
        Assert.Equal(HttpStatusCode.Redirect, (await user.Client.GetAsync("/account")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await TestUser.PostFormAsync(app.NewClient(), "/auth/login",
            new() { ["Input.Login"] = user.Email, ["Input.Password"] = user.Password })).StatusCode);
    }
}

public sealed class AccountDeletionTestsOnSqlite() : AccountDeletionTests(DatabaseProvider.Sqlite);

public sealed class AccountDeletionTestsOnPostgres() : AccountDeletionTests(DatabaseProvider.Postgres);

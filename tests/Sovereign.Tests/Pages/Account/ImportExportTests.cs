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

public abstract class ImportExportTests(DatabaseProvider provider)
{
    /// <summary>An export without what differs between two accounts by design: who, when exported, and the new habit ids.</summary>
    private static string Comparable(string exportJson)
    {
        var file = JsonSerializer.Deserialize<ExportFile>(exportJson, PersonalDataService.Json)!;
        var normalised = file with
        {
            ExportedAt = default,
            Profile = file.Profile with { Email = "", Username = "", CreatedAt = default },
            Habits = file.Habits.Select(h => h with { Id = Guid.Empty }).ToList(),
            Tracks = file.Tracks!.Select(t => t with { Id = Position(t.Id) }).ToList(),
            RelapseEvents = file.RelapseEvents.Select(r => r with { TrackId = Position(r.TrackId!.Value) }).ToList(),
            UrgeEvents = file.UrgeEvents.Select(u => u with { TrackId = Position(u.TrackId!.Value) }).ToList(),
            CheckIns = file.CheckIns!.Select(c => c with { CommittedTrackIds = c.CommittedTrackIds.Select(Position).ToList() }).ToList(),
        };
        Assert.Equal(2, file.CheckIns!.Count);
        Assert.Single(file.Plan!);
        Assert.Single(file.People!);
        Guid Position(Guid trackId) => new(file.Tracks!.FindIndex(t => t.Id == trackId) + 1, 0, 0, new byte[8]); // track ids are new in an import: compare by place
        Assert.NotEmpty(normalised.Habits);
        return JsonSerializer.Serialize(normalised, PersonalDataService.Json);
    }

    [Fact]
    public async Task Export_then_import_into_a_new_account_loses_nothing()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var original = await TestUser.RegisterAsync(app);
        await original.PostFormAsync("/account/profile", AccountTests.Profile(original, timeZone: "Asia/Kolkata", hour: "3"));
        await original.PostFormAsync("/account/appearance", new() { ["Input.ColorMode"] = "dark", ["Input.Discreet"] = "true" });
        await AccountTests.SeedHistoryAsync(app, original.Id);

        var exported = await original.Client.GetAsync("/account/export");
        Assert.Equal("application/json", exported.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-store", exported.Headers.CacheControl!.ToString());
        var json = await exported.Content.ReadAsStringAsync();
        Assert.DoesNotContain("$2", json); // no password hash
        Assert.Contains("Call my sponsor", json);
        Assert.Contains("\"colorMode\": \"dark\"", json);

        var copy = await TestUser.RegisterAsync(app);
        var form = new MultipartFormDataContent
        {
            { new StringContent((await copy.Client.GetDocumentAsync("/account/import")).AntiforgeryToken()), "__RequestVerificationToken" },
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(json)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } }, "file", "export.json" },
        };
        var imported = await copy.Client.PostAsync("/account/import", form);
        Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);

        var again = await copy.Client.GetStringAsync("/account/export");
        Assert.Equal(Comparable(json), Comparable(again));
    }

    [Fact]
    public async Task An_account_that_went_over_a_cap_before_caps_held_exports_and_imports_again()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var original = await TestUser.RegisterAsync(app);
        await using (var db = app.NewDbContext())
        {
            // What forty parallel requests could make before the database decided: one more than each cap.
            db.AddRange(Enumerable.Range(0, RecoveryTrack.MaxPerUser + 1).Select(i => new RecoveryTrack { UserId = original.Id, Name = $"Track {i}", Position = i }));
            db.AddRange(Enumerable.Range(0, SupportPerson.MaxPerUser + 1).Select(i => new SupportPerson { UserId = original.Id, Name = $"Person {i}", Phone = "+1 555 0100" }));
            await db.SaveChangesAsync();
        }
        var json = await original.Client.GetStringAsync("/account/export");
        var copy = await TestUser.RegisterAsync(app);
        var form = new MultipartFormDataContent
        {
            { new StringContent((await copy.Client.GetDocumentAsync("/account/import")).AntiforgeryToken()), "__RequestVerificationToken" },
            { new StringContent(json), "file", "export.json" },
        };
        Assert.Equal(HttpStatusCode.Redirect, (await copy.Client.PostAsync("/account/import", form)).StatusCode);
        await using var read = app.NewDbContext();
        Assert.Equal((21, 21), (await read.RecoveryTracks.CountAsync(t => t.UserId == copy.Id), await read.SupportPeople.CountAsync(p => p.UserId == copy.Id)));
    }

    /// <summary>Exports made by each earlier release's own code (its tests' seeding, its export page), kept in Fixtures/.</summary>
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task An_export_of_an_earlier_version_imports_losing_nothing(int version)
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        var json = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Pages", "Account", "Fixtures", $"export-v{version}.json"));
        var form = new MultipartFormDataContent
        {
            { new StringContent((await user.Client.GetDocumentAsync("/account/import")).AntiforgeryToken()), "__RequestVerificationToken" },
            { new StringContent(json), "file", $"export-v{version}.json" },
        };
        var imported = await user.Client.PostAsync("/account/import", form);
        Assert.True(imported.StatusCode == HttpStatusCode.Redirect, await imported.Content.ReadAsStringAsync());

        var before = JsonSerializer.Deserialize<ExportFile>(json, PersonalDataService.Json)!;
        var after = JsonSerializer.Deserialize<ExportFile>(await user.Client.GetStringAsync("/account/export"), PersonalDataService.Json)!;
        Assert.Equal(version, before.Version);
        Assert.Equal(Comparable(before), Comparable(after));
        Assert.Equal((2, 1, 1), (after.Tracks!.Count, after.RelapseEvents.Count, after.UrgeEvents.Count));
        Assert.Equal(version >= 3 ? 2 : 0, after.CheckIns!.Count);
        if (version >= 4) Assert.Single(before.Shares!); // listed by the file; a link never comes back (its token was never kept)
        Assert.Empty(after.Shares!);
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/dashboard")).StatusCode);

        // What differs by design: who, when, new ids (tracks compared by their place), streak counts (recounted by this server).
        static string Comparable(ExportFile f)
        {
            Guid Position(Guid? id) => new(f.Tracks!.FindIndex(t => t.Id == id) + 1, 0, 0, new byte[8]);
            return JsonSerializer.Serialize(f with
            {
                Version = 0, ExportedAt = default, Shares = null,
                Profile = f.Profile with { Email = "", Username = "", CreatedAt = default },
                Habits = f.Habits.Select(h => h with { Id = Guid.Empty, Logs = h.Logs.Select(l => l with { StreakCount = 0 }).ToList() }).ToList(),
                // PostgreSQL keeps a numeric's scale (12.500): compared by value.
                Tracks = f.Tracks!.Select(t => t with { Id = Position(t.Id), CostPerDay = t.CostPerDay / 1.000000000000000000000000000000m }).ToList(),
                RelapseEvents = f.RelapseEvents.Select(r => r with { TrackId = Position(r.TrackId) }).ToList(),
                UrgeEvents = f.UrgeEvents.Select(u => u with { TrackId = Position(u.TrackId) }).ToList(),
                CheckIns = (f.CheckIns ?? []).Select(c => c with { CommittedTrackIds = c.CommittedTrackIds.Select(t => Position(t)).ToList(),
                    HoursSlept = c.HoursSlept / 1.000000000000000000000000000000m }).ToList(),
                Plan = f.Plan ?? [], People = f.People ?? [],
            }, PersonalDataService.Json);
        }
    }

    [Fact]
    public async Task An_export_from_the_release_before_tracks_imports_into_one_track_losing_nothing()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        var json = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Pages", "Account", "Fixtures", "export-v1.json"));
        var form = new MultipartFormDataContent
        {
            { new StringContent((await user.Client.GetDocumentAsync("/account/import")).AntiforgeryToken()), "__RequestVerificationToken" },
            { new StringContent(json), "file", "export-v1.json" },
        };
        Assert.Equal(HttpStatusCode.Redirect, (await user.Client.PostAsync("/account/import", form)).StatusCode);

        var before = JsonSerializer.Deserialize<ExportFile>(json, PersonalDataService.Json)!;
        var after = JsonSerializer.Deserialize<ExportFile>(await user.Client.GetStringAsync("/account/export"), PersonalDataService.Json)!;
        var track = Assert.Single(after.Tracks!);
        Assert.Equal((RecoveryTrack.FirstTrackName, "other", before.Profile.CleanSince, before.Profile.CreatedAt), (track.Name, track.Kind, track.CleanSince, track.CreatedAt));
        Assert.Equal((before.Profile.TimeZone, before.Profile.DayEndsAtHour), (after.Profile.TimeZone, after.Profile.DayEndsAtHour));
        Assert.Equal(before.RelapseEvents, after.RelapseEvents.Select(r => r with { TrackId = null }));
        Assert.Equal(before.UrgeEvents, after.UrgeEvents.Select(u => u with { TrackId = null }));
        Assert.All(after.RelapseEvents.Select(r => r.TrackId).Concat(after.UrgeEvents.Select(u => u.TrackId)), id => Assert.Equal(track.Id, id));
        // Streak counts are recounted by this server's rules on import (the fixture's weekly habit has one of two meetings: 0).
        static string Habits(ExportFile f) => JsonSerializer.Serialize(f.Habits.Select(h => h with { Id = Guid.Empty, Logs = h.Logs.Select(l => l with { StreakCount = 0 }).ToList() }));
        Assert.Equal(Habits(before), Habits(after));
        Assert.Equal((2, 2, 3), (after.RelapseEvents.Count, after.UrgeEvents.Count, after.Habits.Sum(h => h.Logs.Count)));
        var dashboard = await user.Client.GetDocumentAsync("/dashboard");
        Assert.Equal(RecoveryTrack.FirstTrackName, dashboard.QuerySelector("#track-clocks h2")!.TextContent.Trim());
    }

    [Fact]
    public async Task Import_replaces_an_untouched_first_track_ignores_tracks_in_a_version_1_file_and_checks_each_tracks_cost()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var v1 = (await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Pages", "Account", "Fixtures", "export-v1.json")))
            .Replace("\"habits\": [", "\"tracks\": [{ \"name\": \"\" }],\n  \"habits\": [");
        async Task<HttpResponseMessage> ImportAsync(TestUser user, string content)
        {
            var form = new MultipartFormDataContent
            {
                { new StringContent((await user.Client.GetDocumentAsync("/account/import")).AntiforgeryToken()), "__RequestVerificationToken" },
                { new StringContent(content), "file", "export.json" },
            };
            return await user.Client.PostAsync("/account/import", form);
        }

        // An account from before tracks, that never used its "My recovery" track: the import takes its place.
        var migrated = await TestUser.RegisterAsync(app);
        await using (var db = app.NewDbContext())
        {
            db.Add(Entities.Track(migrated.Id));
            await db.SaveChangesAsync();
        }
        Assert.Equal(HttpStatusCode.Redirect, (await ImportAsync(migrated, v1)).StatusCode);
        await using (var db = app.NewDbContext())
        {
            var track = await db.RecoveryTracks.SingleAsync(t => t.UserId == migrated.Id);
            Assert.Equal(new DateOnly(2026, 1, 4), track.CleanSince); // the file's clock, not the "tracks" a version 1 file cannot have
            Assert.Equal(2, await db.RelapseEvents.CountAsync(r => r.TrackId == track.Id));
        }

        var other = await TestUser.RegisterAsync(app);
        var v2 = (await migrated.Client.GetStringAsync("/account/export")).Replace("\"currency\": null", "\"currency\": \"EUR\"")
            .Replace("\"costPerDay\": null", "\"costPerDay\": 1.005");
        var refused = await ImportAsync(other, v2);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("more decimal places than EUR has", await refused.Content.ReadAsStringAsync());
        await using (var db = app.NewDbContext()) Assert.False(await db.RecoveryTracks.AnyAsync(t => t.UserId == other.Id));
    }

    [Fact]
    public async Task Import_refuses_a_broken_file_or_an_account_with_data_and_stores_nothing()
    {
        await using var app = await SovereignApp.CreateAsync(provider);
        var user = await TestUser.RegisterAsync(app);
        async Task<HttpResponseMessage> ImportAsync(string content)
        {
            var form = new MultipartFormDataContent
            {
                { new StringContent((await user.Client.GetDocumentAsync("/account/import")).AntiforgeryToken()), "__RequestVerificationToken" },
                { new StringContent(content), "file", "export.json" },
            };
            return await user.Client.PostAsync("/account/import", form);
        }

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await ImportAsync("{ not json")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await ImportAsync("{\"format\":\"something-else\",\"version\":1}")).StatusCode);
        var valid = await user.Client.GetStringAsync("/account/export");
        var badSeverity = valid.Replace("\"relapseEvents\": []",
            "\"relapseEvents\": [{\"occurredAt\":\"2026-01-01T00:00:00Z\",\"triggerType\":\"stress\",\"severity\":11,\"notes\":null,\"createdAt\":\"2026-01-01T00:00:00Z\"}]");
        Assert.NotEqual(valid, badSeverity);
        var refused = await ImportAsync(badSeverity);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("severity must be 1 to 10", await refused.Content.ReadAsStringAsync());

        await AccountTests.SeedHistoryAsync(app, user.Id);
        var full = await ImportAsync(valid);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, full.StatusCode);
        Assert.Contains("no habits, recovery tracks, check-ins or plan yet", await full.Content.ReadAsStringAsync());
        await using var db = app.NewDbContext();
        Assert.Equal(2, await db.Habits.CountAsync());
        Assert.Equal(1, await db.RelapseEvents.CountAsync());
    }
}

public sealed class ImportExportTestsOnSqlite() : ImportExportTests(DatabaseProvider.Sqlite);

public sealed class ImportExportTestsOnPostgres() : ImportExportTests(DatabaseProvider.Postgres);

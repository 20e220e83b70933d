using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Pages.Account;

namespace Sovereign.Tests.Operations;

/// <summary>Request body limits on real Kestrel, as deployed: 1 MB for every form, 20 MB for an import; 413 and nothing stored.</summary>
public class BodyLimitTests
{
    [Fact]
    public async Task Oversized_bodies_are_refused_with_413_on_Kestrel_and_nothing_is_stored()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var user = await database.CreateUserAsync();
        await using var app = await AppProcess.StartAsync(DatabaseProvider.Sqlite, database.ConnectionString);
        var (client, token) = await app.SignInAsync(user.Email);
        // As curl does for large bodies: the answer comes before the body is sent, so the client can read the 413.
        client.DefaultRequestHeaders.ExpectContinue = true;

        var big = await client.PostAsync("/habits/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Input.Name"] = new string('x', (int)WebSetup.MaxRequestBodyBytes + 1024),
            ["Input.Frequency"] = "Daily", ["Input.TargetPerPeriod"] = "1",
        }));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);

        async Task<HttpResponseMessage> ImportAsync(int bytes)
        {
            // Valid JSON of the given size: an export whose helplines are padded (too long, so it could never be stored).
            var padding = new string(' ', Math.Max(0, bytes - 300));
            var json = $"{{\"format\":\"sovereign-export\",\"version\":1,\"exportedAt\":\"2026-01-01T00:00:00Z\",\"profile\":{{\"email\":\"x@example.org\",\"username\":\"x\",\"timeZone\":\"UTC\",\"dayEndsAtHour\":0,\"createdAt\":\"2026-01-01T00:00:00Z\"}},\"habits\":[],\"relapseEvents\":[],\"urgeEvents\":[]{padding}}}";
            var form = new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" },
                { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(json)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } }, "file", "export.json" },
            };
            return await client.PostAsync("/account/import", form);
        }
        // Over the general limit but within the import's own: it reaches the import (an empty export is a valid one).
        Assert.Equal(HttpStatusCode.Redirect, (await ImportAsync(3 * 1024 * 1024)).StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await ImportAsync(PersonalDataService.MaxImportBytes + 256 * 1024)).StatusCode);

        await using var db = database.NewContext();
        Assert.Equal(0, await db.Habits.CountAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dashboard")).StatusCode);
    }
}

using Microsoft.Playwright;
using Sovereign.Tests.Support;
using Sovereign.Web.Models;
using static Microsoft.Playwright.Assertions;
using Sovereign.Web.Pages.Shares;

namespace Sovereign.Tests.Browser;

/// <summary>
/// Every page of the route table at a phone's width (390 px) and on a desktop, for a returning user with three weeks of
/// everything, in light and in dark: nothing scrolls sideways, axe finds nothing serious (colour contrast included),
/// nothing private is left in the browser's storage afterwards, and a screenshot of each lands in artifacts/screenshots/tour/.
/// </summary>
public class PhoneWidthTests(BrowserFixture browser)
{
    [Theory]
    [InlineData(390, 844, false)]
    [InlineData(1280, 800, false)]
    [InlineData(390, 844, true)] // the phone set to dark at night, the account on "Automatic"
    public async Task Every_page_fits_the_screen_and_is_accessible(int width, int height, bool dark)
    {
        await using var app = await SovereignApp.CreateAsync();
        var baseUrl = app.StartKestrel();
        var user = await app.CreateUserAsync(timeZone: "Europe/London");
        var ids = await SeedThreeWeeksAsync(app, user);
        await using var context = await browser.NewContextAsync(width, height, dark);
        var page = await context.NewPageAsync();
        var watch = PageWatch.On(page);
        await BrowserFixture.SignInAsync(page, baseUrl, user.Email, TestUser.DefaultPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "I've saved it" }).ClickAsync(); // the first sign-in's recovery code
        await Expect(page.Locator("[data-recovery-code]")).ToHaveCountAsync(0);

        var routes = (await Routes.AllAsync(app.Services)).Where(r => r.IsPage && r.Method == "GET" && !r.Template.Contains("/days/")).ToList();
        var visited = new List<string>();
        var problems = new List<string>();
        var suffix = dark ? "-dark" : "";
        foreach (var route in routes)
        {
            if (TourUrl(route, ids) is not { } url) continue;
            await page.GotoAsync(baseUrl + url);
            if (dark && await page.EvaluateAsync<string?>("() => document.documentElement.dataset.bsTheme") != "dark") problems.Add($"{url} is not dark");
            // Against the width the context was given: on a phone, the browser zooms out to show a page wider than the
            // screen, and then innerWidth is the page's width too.
            var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            if (scrollWidth > width) problems.Add($"{url} at {width} px scrolls sideways: {scrollWidth} px wide");
            if (width < 768)
            {
                // A phone: every control is at least 44 px tall, and the Escape tip (no keyboard here) is not shown.
                var small = await page.EvaluateAsync<string[]>("""
                    () => [...document.querySelectorAll('.btn:not(.btn-link), input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, textarea, .bottom-nav a')]
                      .filter(e => e.offsetParent !== null && e.getBoundingClientRect().height < 44)
                      .map(e => (e.textContent || e.name || e.id || e.tagName).trim().slice(0, 40) + ' ' + Math.round(e.getBoundingClientRect().height) + ' px')
                    """);
                if (small.Length > 0) problems.Add($"{url} at {width} px has taps under 44 px: {string.Join(", ", small)}");
                // Chart text as drawn on the screen, after the chart is scaled to the width: at least 11 px.
                var tiny = await page.EvaluateAsync<string[]>("""
                    () => [...document.querySelectorAll('svg.chart text')]
                      .map(t => [t.textContent, parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a])
                      .filter(([, px]) => px < 11).map(([text, px]) => text + ' ' + px.toFixed(1) + ' px')
                    """);
                if (tiny.Length > 0) problems.Add($"{url} at {width} px has chart text under 11 px: {string.Join(", ", tiny.Take(5))}");
                if (await page.Locator(".keyboard-tip").IsVisibleAsync()) problems.Add($"{url} at {width} px tells a phone to press Esc");
            }
            try { await PageWatch.AssertAccessibleAsync(page); }
            catch (Xunit.Sdk.XunitException e) { problems.Add($"{url} at {width} px: {e.Message}"); }
            if (route.Template.StartsWith("error", StringComparison.Ordinal)) watch.ConsoleErrors.Clear(); // the browser reports the page's own 404
            var name = url.Trim('/').Replace('/', '-').Replace('?', '-');
            foreach (var id in new[] { ids.Habit, ids.Relapse, ids.Urge, ids.Track }) name = name.Replace(id.ToString(), "id");
            await BrowserFixture.ScreenshotAsync(page, $"tour/{(name.Length == 0 ? "index" : name.Replace(ids.ShareToken, "token"))}-{width}{suffix}");
            if (width < 768 && name is "dashboard" or "help" or "urges-surf" or "tracks-id")
                await BrowserFixture.ScreenshotAsync(page, $"tour/screen-{name}-{width}{suffix}", fullPage: false); // for the README
            visited.Add(url);
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(visited.Count >= 25, $"only {visited.Count} pages");
        watch.AssertClean();
        await InstallTests.AssertNothingPrivateKeptAsync(page, [user.Username, user.Email, "Friday after work", "Morning walk", "Sam (sponsor)", "Quiet evening"]);
    }

    /// <summary>The address of a route in the tour, with the seeded ids; null for a download and the sign-out.</summary>
    internal static string? TourUrl(AppRoute route, (Guid Habit, Guid Relapse, Guid Urge, Guid Track, string ShareToken) ids)
    {
        // Unlock is only a page while locked (SessionLockJourneyTests looks at it then).
        if (route.Template.StartsWith("account/export", StringComparison.Ordinal) || route.Page is "/Auth/Logout" or "/Auth/Unlock") return null;
        var area = route.Template.Split('/')[0];
        return route.Url(route.Parameters.Where(p => p != "handler").ToDictionary(p => p, p => (p, area) switch
        {
            ("id", "habits") => ids.Habit.ToString(),
            ("id", "relapse") => ids.Relapse.ToString(),
            ("id", "urges") => ids.Urge.ToString(),
            ("id", "tracks") => ids.Track.ToString(),
            ("token", _) => ids.ShareToken,
            ("code", _) => "404",
            ("format", _) => "json",
            _ => throw new InvalidOperationException($"Teach this test how to fill {{{p}}} of {route}."),
        }));
    }

    /// <summary>Three tracks (one with reasons), four habits, three weeks of check-ins, relapses and urges, a plan, people to call and a share link.</summary>
    internal static async Task<(Guid Habit, Guid Relapse, Guid Urge, Guid Track, string ShareToken)> SeedThreeWeeksAsync(SovereignApp app, User user)
    {
        var today = TestDates.Today(user.TimeZone);
        var now = DateTime.UtcNow;
        await using var db = app.NewDbContext();
        var alcohol = new RecoveryTrack { UserId = user.Id, Name = "Alcohol", Kind = TrackKind.Alcohol, CleanSince = today.AddDays(-21), CostPerDay = 18.5m, Currency = "GBP", MinutesPerDay = 120,
            Reasons = "Waking up clear-headed for my daughter. Remembering the evenings. Not hiding bottles any more, and being someone my friends can count on again when it matters most." };
        var nicotine = new RecoveryTrack { UserId = user.Id, Name = "Nicotine", Kind = TrackKind.Nicotine, CleanSince = today.AddDays(-60), Position = 1, CostPerDay = 9, Currency = "GBP" };
        var betting = new RecoveryTrack { UserId = user.Id, Name = "Betting", Kind = TrackKind.Gambling, Position = 2 };
        var habits = new[] { "Morning walk", "Call my sponsor", "Meeting", "Journal" }.Select((n, i) => new Habit
            { UserId = user.Id, Name = n, Frequency = i == 2 ? HabitFrequency.Weekly : HabitFrequency.Daily, TargetPerPeriod = i == 2 ? 3 : 1, CreatedAt = now.AddDays(-22) }).ToList();
        db.AddRange(alcohol, nicotine, betting);
        db.AddRange(habits);
        for (var d = 1; d <= 21; d++)
            foreach (var (habit, i) in habits.Select((h, i) => (h, i)))
                if ((d + i) % 4 != 0)
                    db.Add(new HabitLog { HabitId = habit.Id, UserId = user.Id, LocalDate = today.AddDays(-d), CompletedAt = now.AddDays(-d) });
        var triggers = Enum.GetValues<TriggerType>();
        var relapses = Enumerable.Range(0, 6).Select(i => new RelapseEvent
        {
            UserId = user.Id, TrackId = i % 2 == 0 ? alcohol.Id : betting.Id, OccurredAt = now.AddDays(-3 * i - 2).AddHours(-i), TriggerType = triggers[i % triggers.Length],
            Severity = 3 + i, Hungry = i % 2 == 0, Tired = true, Notes = "Friday after work, the pub with the team. I said I would only have one and then it was late and I was on my own again.",
        }).ToList();
        db.AddRange(relapses);
        var urges = Enumerable.Range(0, 8).Select(i => new UrgeEvent
        {
            UserId = user.Id, TrackId = i % 3 == 0 ? betting.Id : alcohol.Id, OccurredAt = now.AddDays(-2 * i - 1), TriggerType = triggers[i % triggers.Length],
            Intensity = 4 + i % 6, IntensityAfter = 2, HelpedWith = "went_for_a_walk,called_someone", Notes = "It passed after twenty minutes.",
        }).ToList();
        db.AddRange(urges);
        for (var d = 1; d <= 21; d++)
        {
            var checkIn = new CheckIn { UserId = user.Id, LocalDate = today.AddDays(-d), Mood = 1 + d % 5, Craving = d % 11, EveningAt = now.AddDays(-d), Tired = d % 3 == 0,
                HoursSlept = 7.5m, WentWell = "A long walk by the river", Note = "Quiet evening, made dinner." };
            checkIn.Commitments.Add(new CheckInCommitment { CheckInId = checkIn.Id, TrackId = alcohol.Id, UserId = user.Id });
            db.Add(checkIn);
        }
        db.AddRange(new PlanStep { UserId = user.Id, TriggerType = TriggerType.Stress, Text = "If I'm stressed after work, then I walk home the long way and call Sam." },
            new PlanStep { UserId = user.Id, TriggerType = TriggerType.SocialSituation, Text = "If the team goes to the pub, then I order a lime soda first and leave by eight." },
            new SupportPerson { UserId = user.Id, Name = "Sam (sponsor)", Phone = "+44 20 7946 0000", Note = "Any time, even late" },
            new SupportPerson { UserId = user.Id, Name = "Mum", Phone = "+44 20 7946 0001" });
        var token = ShareService.NewToken();
        var link = new ShareLink { UserId = user.Id, Label = "Sam, my sponsor", DisplayName = "Alex", TokenHash = ShareService.Hash(token), ShowCheckIn = true, ShowRelapseDates = true };
        link.Tracks.Add(new ShareLinkTrack { ShareLinkId = link.Id, TrackId = alcohol.Id, UserId = user.Id });
        link.Habits.Add(new ShareLinkHabit { ShareLinkId = link.Id, HabitId = habits[0].Id, UserId = user.Id });
        db.Add(link);
        await db.SaveChangesAsync();
        return (habits[0].Id, relapses[0].Id, urges[0].Id, alcohol.Id, token);
    }
}

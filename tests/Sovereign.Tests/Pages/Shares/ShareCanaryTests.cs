using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Sovereign.Tests.Support;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Time;

namespace Sovereign.Tests.Pages.Shares;

public abstract class ShareCanaryTests(DatabaseProvider provider)
{
    /// <summary>The model's text columns that are not free text (codes, hashes, settings), so need no canary.</summary>
    private static readonly HashSet<string> NotFreeText =
    [
        "users.password_hash", "users.pin_hash", "users.recovery_code_hash", "users.time_zone", "users.email_key", "users.username_key", "recovery_tracks.currency",
        "share_links.token_hash", "sign_in_failures.account_key", "sign_in_failures.client_key", "data_protection_keys.friendly_name", "data_protection_keys.xml",
        "scheduled_jobs.kind", "scheduled_jobs.key", "scheduled_jobs.claimed_by", // the app's own bookkeeping, no user's text
        "push_devices.p256dh", "push_devices.auth", "vapid_keys.public_key", "vapid_keys.protected_private_key", // keys
        // A notification's text is written from the reminder settings as it is sent (the canary habit has no reminder).
        "notifications.key", "notifications.title", "notifications.body", "notifications.url",
    ];

    /// <summary>One account full of canaries: a distinct word in every free-text column, distinct numbers in every number, on the user's own today.</summary>
    private sealed record CanaryAccount(TestUser User, RecoveryTrack First, RecoveryTrack Second, Guid HabitId, string HabitName,
        Dictionary<string, string> Words, string[] Numbers, string FirstRelapseDay, string SecondRelapseDay);

    private static async Task<CanaryAccount> CanaryAccountAsync(SovereignApp app, string tag, string zone, decimal cost, string currency, decimal slept, int daysBack)
    {
        var user = await TestUser.RegisterAsync(app, email: $"canary{tag}email@example.com", username: $"canary{tag}username", timeZone: zone);
        var words = new Dictionary<string, string>();
        string Canary(string column) => words[column] = $"canary{tag}" + column.Replace("_", "").Replace(".", "") + "x";
        var userClock = new UserClock(zone, 0);
        var today = userClock.DayOf(SharePagesTests.Now.UtcDateTime);
        var first = new RecoveryTrack { UserId = user.Id, Name = Canary("recovery_tracks.name"), Reasons = Canary("recovery_tracks.reasons"), Kind = TrackKind.Alcohol,
            CostPerDay = cost, Currency = currency, MinutesPerDay = 77 };
        var second = new RecoveryTrack { UserId = user.Id, Name = $"canary{tag}secondtrackx", Reasons = $"canary{tag}secondreasonsx", Kind = TrackKind.Gambling, Position = 1 };
        words["second.name"] = second.Name;
        words["second.reasons"] = second.Reasons;
        var habit = new Habit { UserId = user.Id, Name = Canary("habits.name"), Description = Canary("habits.description") };
        var checkIn = new Sovereign.Web.Models.CheckIn
        {
            UserId = user.Id, LocalDate = today, Mood = 2, Craving = 7, Hungry = true, Tired = true, HoursSlept = slept, EveningAt = SharePagesTests.Now.UtcDateTime.AddMinutes(-13),
            WentWell = Canary("check_ins.went_well"), Note = Canary("check_ins.note"),
        };
        checkIn.Commitments.Add(new CheckInCommitment { CheckInId = checkIn.Id, TrackId = first.Id, UserId = user.Id });
        // Relapses on days before today (a shared page shows them from the next day), at times with odd minutes.
        var firstRelapse = SharePagesTests.Now.UtcDateTime.AddDays(-daysBack).AddMinutes(-17);
        var secondRelapse = SharePagesTests.Now.UtcDateTime.AddDays(-daysBack - 5).AddMinutes(-29);
        await using (var db = app.NewDbContext())
        {
            db.AddRange(first, second, habit, checkIn,
                new HabitLog { HabitId = habit.Id, UserId = user.Id, LocalDate = today, CompletedAt = SharePagesTests.Now.UtcDateTime.AddMinutes(-41), Notes = Canary("habit_logs.notes") },
                new RelapseEvent { UserId = user.Id, TrackId = first.Id, OccurredAt = firstRelapse, TriggerType = TriggerType.Stress, Severity = 8, Angry = true, Notes = Canary("relapse_events.notes") },
                new RelapseEvent { UserId = user.Id, TrackId = second.Id, OccurredAt = secondRelapse, TriggerType = TriggerType.Stress, Severity = 9, Lonely = true, Notes = $"canary{tag}secondrelapsex" },
                new UrgeEvent { UserId = user.Id, TrackId = first.Id, OccurredAt = SharePagesTests.Now.UtcDateTime.AddHours(-5), TriggerType = TriggerType.Stress, Intensity = 9, IntensityAfter = 4,
                    Notes = Canary("urge_events.notes"), HelpedWith = Canary("urge_events.helped_with") },
                new PlanStep { UserId = user.Id, TriggerType = TriggerType.Stress, Text = Canary("plan_steps.text") },
                new SupportPerson { UserId = user.Id, Name = Canary("support_people.name"), Phone = "+1 555 0100", Note = Canary("support_people.note") },
                new PushDevice { UserId = user.Id, Endpoint = "https://push.example/" + Canary("push_devices.endpoint"), P256dh = "BA", Auth = "AA", Name = Canary("push_devices.name") });
            var row = await db.Users.SingleAsync(u => u.Id == user.Id);
            row.Helplines = "Line: " + Canary("users.helplines");
            foreach (var session in db.UserSessions.Where(s => s.UserId == user.Id)) session.Device = Canary("user_sessions.device");
            await db.SaveChangesAsync();
            db.RecoveryTracks.RemoveRange(db.RecoveryTracks.Where(t => t.UserId == user.Id && t.Name == RecoveryTrack.FirstTrackName));
            await db.SaveChangesAsync();
        }
        words["users.email"] = $"canary{tag}email";
        words["users.username"] = $"canary{tag}username";
        words["share_links.label"] = $"canary{tag}label";
        words["support_people.phone"] = "555 0100";
        string Day(DateTime at) => userClock.DayOf(at).ToString("d MMM yyyy", CultureInfo.InvariantCulture);
        var numbers = new[] { cost.ToString(CultureInfo.InvariantCulture), cost.ToString(CultureInfo.GetCultureInfo("de-DE")), slept.ToString(CultureInfo.InvariantCulture) };
        return new CanaryAccount(user, first, second, habit.Id, habit.Name, words, numbers, Day(firstRelapse), Day(secondRelapse));
    }

    [Fact]
    public async Task No_free_text_number_time_or_unticked_date_reaches_a_shared_page_for_any_scope_in_either_of_two_accounts()
    {
        await using var app = await SovereignApp.CreateAsync(provider, clock: new FakeTimeProvider(SharePagesTests.Now));
        // Two accounts at both ends of the date line, each with its check-in on its own today.
        var a = await CanaryAccountAsync(app, "alpha", "Pacific/Kiritimati", 43.21m, "EUR", 7.3m, daysBack: 3);
        var b = await CanaryAccountAsync(app, "bravo", "Etc/GMT+12", 87.65m, "USD", 6.9m, daysBack: 4);
        await using (var db = app.NewDbContext())
        {
            // Every text column of the model is either free text with its canary here, or named as not free text: a new column must choose.
            var columns = db.Model.GetEntityTypes().SelectMany(e => e.GetProperties().Where(p => p.ClrType == typeof(string) && p.GetValueConverter() is null)
                .Select(p => $"{e.GetTableName()}.{p.GetColumnName()}"));
            // Shown by design, each on its own link's page only: the name ("Alex") and the number to call, when one was added.
            Assert.DoesNotContain(columns, c => !a.Words.ContainsKey(c) && !NotFreeText.Contains(c) && c is not ("share_links.display_name" or "share_links.contact_phone"));
        }
        // What no scope ever shows, by word or sign: the answers (mood, craving, HALT, sleep, trigger, severity,
        // intensity) and the money and time regained.
        string[] neverWords = ["mood", "craving", "hungry", "angry", "lonely", "tired", "halt", "slept", "sleep", "stress", "severity", "intensity",
            "€", "$", "eur", "usd", "saved", "regained", "canary"];

        var supporter = app.NewClient();
        var combinations = 0;
        foreach (var account in new[] { a, b })
        {
            var other = account == a ? b : a;
            foreach (var tracks in new[] { Array.Empty<RecoveryTrack>(), [account.First], [account.Second], [account.First, account.Second] })
            foreach (var habits in new[] { false, true })
            foreach (var checkInShown in new[] { false, true })
            foreach (var relapseDates in new[] { false, true })
            {
                if (tracks.Length == 0 && (!habits && !checkInShown || relapseDates)) continue; // not a scope the form takes
                combinations++;
                var token = await SharePagesTests.CreateAsync(account.User, SharePagesTests.Form($"{account.Words["share_links.label"]}{combinations}", "Alex", tracks.Select(t => t.Id),
                    habits ? [account.HabitId] : null, checkInShown, relapseDates));
                var html = await (await supporter.GetAsync($"/s/{token}")).Content.ReadAsStringAsync();
                var page = Html.Parse(html);
                var text = page.Body!.TextContent;
                var scope = $"{account.User.Username}: tracks={tracks.Length} habits={habits} checkIn={checkInShown} dates={relapseDates}";

                // What the scope shows is there…
                var allowed = tracks.Select(t => t.Name).ToList();
                if (habits) allowed.Add(account.HabitName);
                foreach (var shown in allowed.Append("Alex")) Assert.True(text.Contains(shown, StringComparison.Ordinal), $"{scope}: {shown} missing");
                Assert.Equal(relapseDates && tracks.Contains(account.First), text.Contains(account.FirstRelapseDay, StringComparison.Ordinal));
                Assert.Equal(relapseDates && tracks.Contains(account.Second), text.Contains(account.SecondRelapseDay, StringComparison.Ordinal));
                // The commitment is to a track: it shows only with a track, and counts only the tracks shown.
                var committed = page.QuerySelector("#shared-check-in [data-committed]")?.GetAttribute("data-committed");
                Assert.Equal(checkInShown && tracks.Length > 0 ? (tracks.Contains(account.First) ? "yes" : "no") : null, committed);

                // …and nothing else: no canary of either account but the shown names, no number, no time of day.
                var withoutAllowed = allowed.Aggregate(html, (h, shown) => h.Replace(shown, "", StringComparison.Ordinal));
                foreach (var word in neverWords)
                    Assert.False(withoutAllowed.Contains(word, StringComparison.OrdinalIgnoreCase), $"{scope}: \"{word}\" on the shared page");
                foreach (var number in account.Numbers.Concat(other.Numbers))
                    Assert.False(System.Text.RegularExpressions.Regex.IsMatch(text, $@"(?<![\d.,]){System.Text.RegularExpressions.Regex.Escape(number)}(?![\d])"), $"{scope}: {number} on the shared page");
                Assert.False(System.Text.RegularExpressions.Regex.IsMatch(text, @"\d{1,2}:\d{2}"), $"{scope}: a time of day on the shared page");
                Assert.DoesNotContain(other.FirstRelapseDay, text);
                Assert.DoesNotContain(other.SecondRelapseDay, text);
                Assert.Equal(HttpStatusCode.Redirect, (await account.User.PostFormAsync($"/account/shares/revoke?id={await SharePagesTests.LinkIdAsync(app, token)}", [], tokenFrom: "/account/shares")).StatusCode);
            }
        }
        Assert.Equal(2 * (3 * 8 + 3), combinations); // per account: each of three track choices with anything else, and three scopes without a track
    }
}

public sealed class ShareCanaryTestsOnSqlite() : ShareCanaryTests(DatabaseProvider.Sqlite);

public sealed class ShareCanaryTestsOnPostgres() : ShareCanaryTests(DatabaseProvider.Postgres);

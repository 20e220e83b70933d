using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Auth;
using Sovereign.Web.Pages.Habits;
using Sovereign.Web.Time;

namespace Sovereign.Web.Operations;

/// <summary>
/// The benchmark's data (`seed-bench`): bench@example.com with 20 daily habits done on each of the last 365 days and
/// 300 relapse events over that year; and history@example.com with one habit of 10 past completions and one of 10,000,
/// to show that completing costs the same either way. Idempotent: both accounts are replaced.
/// </summary>
public sealed class BenchmarkSeed(AppDb db, Passwords passwords, TimeProvider clock)
{
    public const string Email = "bench@example.com";
    public const string HistoryEmail = "history@example.com";
    public const string Password = "correct horse battery staple";

    public async Task RunAsync()
    {
        await db.Users.Where(u => u.Email == Email || u.Email == HistoryEmail).ExecuteDeleteAsync();
        var today = new UserClock("UTC", 0).Today(clock);
        var hash = passwords.Hash(Password);

        var bench = new User { Email = Email, Username = "bench", PasswordHash = hash, CreatedAt = clock.GetUtcNow().UtcDateTime.AddDays(-400) };
        db.Users.Add(bench);
        for (var h = 1; h <= 20; h++) AddDailyHabit(bench, $"Habit {h:00}", today, 365);
        var alcohol = new RecoveryTrack
        {
            UserId = bench.Id, Name = "Alcohol", Kind = TrackKind.Alcohol, CostPerDay = 12.50m, Currency = "EUR", MinutesPerDay = 120, CreatedAt = bench.CreatedAt,
        };
        db.RecoveryTracks.Add(alcohol);
        var yearAgo = clock.GetUtcNow().UtcDateTime.AddDays(-365);
        for (var e = 0; e < 300; e++)
            db.RelapseEvents.Add(new RelapseEvent
            {
                UserId = bench.Id, TrackId = alcohol.Id, OccurredAt = yearAgo.AddMinutes(e * 365.0 * 1440 / 300).TruncateToMicroseconds(),
                TriggerType = (TriggerType)(e % 6), Severity = 1 + e % 10, Notes = e % 7 == 0 ? "A hard evening." : null,
            });

        var history = new User { Email = HistoryEmail, Username = "history", PasswordHash = hash };
        db.Users.Add(history);
        AddDailyHabit(history, "Ten past days", today, 10);
        AddDailyHabit(history, "Ten thousand past days", today, 10_000);
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// The growth case's crowd: <paramref name="count"/> other users (other-N@example.com, replaced), each with one track, 5 daily habits
    /// done on each of the 365 days before today, 12 relapses and 12 urges: a few million rows for 2,000 users. Users, habits and
    /// tracks go through EF; the rows by the million are made by the database itself (one INSERT … SELECT each).
    /// </summary>
    public async Task OthersAsync(int count)
    {
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(15)); // millions of rows in one statement
        var sql = BulkSeedSql.For(db);
        await db.Database.ExecuteSqlRawAsync(sql.DeleteOthers);
        var today = new UserClock("UTC", 0).Today(clock);
        var hash = passwords.Hash(Password);
        var dates = Enumerable.Range(1, 365).Select(d => today.AddDays(-366 + d)).ToList();
        var (_, state) = StreakCalculator.Replay(HabitFrequency.Daily, 1, dates[0], 0, dates, new HashSet<DateOnly>());
        for (var n = 1; n <= count; n++)
        {
            var user = new User { Email = $"other-{n}@example.com", Username = $"other{n}", PasswordHash = hash, CreatedAt = clock.GetUtcNow().UtcDateTime.AddDays(-400) };
            db.Users.Add(user);
            db.RecoveryTracks.Add(new RecoveryTrack { UserId = user.Id, Name = "My recovery", Kind = TrackKind.Alcohol, CreatedAt = user.CreatedAt });
            for (var h = 1; h <= 5; h++)
                db.Habits.Add(new Habit { UserId = user.Id, Name = $"Habit {h}", CreatedAt = dates[0].ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), Streak = state });
            if (n % 250 == 0 || n == count) { await db.SaveChangesAsync(); db.ChangeTracker.Clear(); }
        }

        await db.Database.ExecuteSqlRawAsync(sql.HabitLogs, sql.Day(today));
        await db.Database.ExecuteSqlRawAsync(sql.Relapses);
        await db.Database.ExecuteSqlRawAsync(sql.Urges);
        await db.Database.ExecuteSqlRawAsync("ANALYZE");
    }

    /// <summary>A daily habit done on each of the <paramref name="days"/> days before today, with consistent streaks.</summary>
    private void AddDailyHabit(User user, string name, DateOnly today, int days)
    {
        var habit = new Habit { UserId = user.Id, Name = name, CreatedAt = today.AddDays(-days).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) };
        db.Habits.Add(habit);
        var dates = Enumerable.Range(1, days).Select(d => today.AddDays(-days - 1 + d)).ToList();
        var (streaks, state) = StreakCalculator.Replay(HabitFrequency.Daily, 1, dates[0], 0, dates, new HashSet<DateOnly>());
        for (var i = 0; i < dates.Count; i++)
            db.HabitLogs.Add(new HabitLog
            {
                HabitId = habit.Id, UserId = user.Id, LocalDate = dates[i], StreakCount = streaks[i],
                CompletedAt = dates[i].ToDateTime(new TimeOnly(19, 30), DateTimeKind.Utc),
            });
        habit.Streak = state;
    }
}

using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Time;

namespace Sovereign.Web.Pages.Habits;

/// <summary>What a habit's card shows, as of the user's today.</summary>
public sealed record HabitCard(Guid Id, string Name, HabitFrequency Frequency, int Target, bool IsActive,
    int CurrentStreak, int LongestStreak, int PeriodCount, bool PeriodMet, bool PeriodSkipped, bool DoneToday, DateOnly Today)
{
    public bool IsDue => IsActive && !PeriodMet && !PeriodSkipped;

    public string PeriodWord => Frequency switch { HabitFrequency.Daily => "day", HabitFrequency.Weekly => "week", _ => "month" };

    public string ThisPeriod => Frequency switch { HabitFrequency.Daily => "today", HabitFrequency.Weekly => "this week", _ => "this month" };

    public string Schedule => Frequency switch
    {
        HabitFrequency.Daily => "Every day",
        _ => $"{Target} day{(Target == 1 ? "" : "s")} a {PeriodWord}",
    };
}

public sealed record HabitDay(DateOnly Date, bool Done, bool Skipped, bool Future);

public sealed record HabitHistory(HabitCard Card, string? Description, IReadOnlyList<HabitDay> Days, double Strength, int DoneInYear);

/// <summary>A day outside <see cref="DateWindow"/>: in the future, or before 1900.</summary>
public sealed class DayOutsideWindowException(DateOnly day, DateOnly today) : Exception(
    day > today ? "Future days can't be marked yet — today is as far as it goes." : DateWindow.Problem(today));

/// <summary>
/// Habits and their completions. Every write keeps each log's streak_count and the habit's cached streak state
/// consistent with the streak rules: a completion after all others costs a fixed amount of work; anything that
/// changes the past (backdating, clearing an earlier day, skips, a new target) replays from the period it touched.
/// </summary>
public sealed record HabitName(Guid Id, string Name, bool IsActive);

/// <summary>What the service reads: the cards, and the details page's year of one habit (its writes are in HabitService.cs and LockedHabit.cs).</summary>
public sealed partial class HabitService
{
    /// <summary>The cards of a user's habits in one query (or of one habit), due ones first.</summary>
    /// <param name="sharedBy">Only the habits this share link shows.</param>
    public async Task<IReadOnlyList<HabitCard>> CardsAsync(Guid userId, UserClock userClock, bool? active = true, Guid? habitId = null, Guid? sharedBy = null)
    {
        var today = userClock.Today(clock);
        var parameters = CardParameters(userId, today);
        var sql = Queries.HabitCards;
        if (active is { } isActive) (sql, parameters["active"]) = (sql + Queries.HabitCardsActive, isActive);
        if (habitId is { } id) (sql, parameters["habit"]) = (sql + Queries.HabitCardOf, id);
        if (sharedBy is { } link) (sql, parameters["link"]) = (sql + Queries.HabitCardsSharedBy, link);
        return Sorted(await db.ReadAsync(sql, parameters, CardRow(today)));
    }

    /// <summary>What <see cref="Queries.HabitCards"/> takes: the user, today, and the current week's and month's starts.</summary>
    public static Dictionary<string, object> CardParameters(Guid userId, DateOnly today) => new()
    {
        ["user"] = userId, ["today"] = today,
        ["week"] = Periods.Start(today, HabitFrequency.Weekly), ["month"] = Periods.Start(today, HabitFrequency.Monthly),
    };

    /// <summary>A row of <see cref="Queries.HabitCards"/> as the card it shows today.</summary>
    public static Func<DbDataReader, HabitCard> CardRow(DateOnly today) => r =>
    {
        var frequency = SnakeCaseEnum<HabitFrequency>.Parse(r.GetString(2));
        var target = r.GetInt32(3);
        var state = new StreakState(r.IsDBNull(5) ? null : r.GetDate(5), r.IsDBNull(6) ? null : r.GetDate(6), r.GetInt32(7), r.GetInt32(8), r.GetInt32(9));
        var now = StreakCalculator.Now(frequency, target, state, today, stateSkipped: r.GetBoolean(12), skippedSince: r.GetInt32(13));
        return new HabitCard(r.GetGuid(0), r.GetString(1), frequency, target, r.GetBoolean(4),
            now.Current, now.Longest, now.PeriodCount, now.PeriodMet, PeriodSkipped: r.GetBoolean(11), DoneToday: r.GetBoolean(10), today);
    };

    /// <summary>Due ones first, then by name.</summary>
    public static List<HabitCard> Sorted(IEnumerable<HabitCard> cards) =>
        cards.OrderByDescending(c => c.IsDue).ThenBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase).ToList();

    public async Task<HabitCard?> CardAsync(Guid userId, UserClock userClock, Guid habitId) =>
        (await CardsAsync(userId, userClock, active: null, habitId: habitId)).SingleOrDefault();

    /// <summary>The last 12 months day by day (whole weeks, Monday first) and the habit strength today.</summary>
    public async Task<HabitHistory?> HistoryAsync(Guid userId, UserClock userClock, Guid habitId)
    {
        var card = (await CardsAsync(userId, userClock, active: null, habitId: habitId)).SingleOrDefault();
        if (card is null) return null;
        var today = card.Today;
        var firstShown = Periods.Start(today.AddDays(-364), HabitFrequency.Weekly);
        // Two years settle the strength: older days weigh less than 0.1% today.
        var strengthFrom = today.AddDays(-730);
        var description = await db.Habits.Where(h => h.Id == habitId).Select(h => h.Description).SingleAsync();
        var done = (await db.HabitLogs.Where(l => l.HabitId == habitId && l.LocalDate >= strengthFrom).Select(l => l.LocalDate).ToListAsync()).ToHashSet();
        var skipped = (await db.HabitSkips.Where(s => s.HabitId == habitId && s.PeriodStart >= strengthFrom.AddMonths(-1)).Select(s => s.PeriodStart).ToListAsync()).ToHashSet();
        var firstDay = done.Count == 0 ? today : DateOnly.FromDayNumber(Math.Max(done.Min().DayNumber, strengthFrom.DayNumber));
        var strength = HabitStrength.Compute(card.Frequency, card.Target, firstDay, today, done.Contains, skipped);

        var days = new List<HabitDay>();
        for (var d = firstShown; d <= Periods.Start(today, HabitFrequency.Weekly).AddDays(6); d = d.AddDays(1))
            days.Add(new HabitDay(d, done.Contains(d), skipped.Contains(Periods.Start(d, card.Frequency)), d > today));
        return new HabitHistory(card, description, days, strength, days.Count(d => d.Done && d.Date > today.AddDays(-365)));
    }
}

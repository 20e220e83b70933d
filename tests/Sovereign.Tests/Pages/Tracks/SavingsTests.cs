using CsCheck;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Tracks;
using Sovereign.Web.Time;

namespace Sovereign.Tests.Pages.Tracks;

public class SavingsTests
{
    private static readonly Currency Euro = Currencies.Find("EUR")!;

    [Theory]
    [InlineData("EUR", 2, "€")]
    [InlineData("USD", 2, "$")]
    [InlineData("JPY", 0, "￥")]
    [InlineData("KWD", 3, null)]
    [InlineData("GBP", 2, "£")]
    public void Currencies_come_from_the_runtimes_culture_data_with_their_minor_unit(string code, int digits, string? symbol)
    {
        var currency = Currencies.Find(code)!;
        Assert.Equal(digits, currency.MinorDigits);
        if (symbol is not null) Assert.Equal(symbol, currency.Symbol);
        Assert.NotEmpty(currency.Name);
    }

    [Theory]
    [InlineData("EUR", "1234.565", "€1,234.57")]
    [InlineData("JPY", "1234.5", "￥1,235")]
    [InlineData("USD", "0", "$0.00")]
    public void Money_is_rounded_to_the_minor_unit_half_away_from_zero_and_shown_with_the_symbol(string code, string amount, string expected) =>
        Assert.Equal(expected, Currencies.Format(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), Currencies.Find(code)!));

    [Fact]
    public void A_code_that_is_not_a_currency_is_not_found()
    {
        Assert.Null(Currencies.Find("XYZ"));
        Assert.Null(Currencies.Find(""));
        Assert.Null(Currencies.Find(null));
        Assert.Equal(Currencies.Find("eur"), Euro);
    }

    private static readonly Gen<Currency> AnyCurrency = Gen.Int[0, Currencies.All.Count - 1].Select(i => Currencies.All[i]);
    private static readonly Gen<decimal> Cost = Gen.Int[0, 10_000_000].Select(cents => cents / 100m);
    private static readonly Gen<TimeSpan> CleanTime = Gen.Long[0, TimeSpan.FromDays(365 * 130).Ticks].Select(TimeSpan.FromTicks);

    [Fact]
    public void Money_is_never_negative_and_has_no_more_digits_than_the_currency() =>
        Gen.Select(Cost, CleanTime, AnyCurrency).Sample((cost, clean, currency) =>
        {
            var money = Savings.Money(cost, clean, currency);
            Assert.True(money >= 0);
            Assert.Equal(money, Math.Round(money, currency.MinorDigits));
        });

    [Fact]
    public void More_clean_time_never_means_less_money_or_time() =>
        Gen.Select(Cost, CleanTime, CleanTime, Gen.Int[0, 1440]).Sample((cost, a, b, minutes) =>
        {
            var (shorter, longer) = a <= b ? (a, b) : (b, a);
            Assert.True(Savings.Money(cost, shorter, Euro) <= Savings.Money(cost, longer, Euro));
            Assert.True(Savings.Time(minutes, shorter) <= Savings.Time(minutes, longer));
        });

    [Fact]
    public void Whole_days_give_exactly_cost_times_days_and_minutes_times_days() =>
        Gen.Select(Cost, Gen.Int[0, 50_000], Gen.Int[0, 1440]).Sample((cost, days, minutes) =>
        {
            Assert.Equal(cost * days, Savings.Money(cost, TimeSpan.FromDays(days), Euro));
            Assert.Equal(TimeSpan.FromMinutes((long)minutes * days), Savings.Time(minutes, TimeSpan.FromDays(days)));
        });

    [Fact]
    public void Nothing_clean_is_nothing_saved()
    {
        Assert.Equal(0m, Savings.Money(25m, TimeSpan.Zero, Euro));
        Assert.Equal(TimeSpan.Zero, Savings.Time(90, TimeSpan.Zero));
    }

    private static readonly DateTime Now = new(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>A track made up to 3 years ago, perhaps with a clean-since day, with up to 40 relapses between then and now.</summary>
    private static readonly Gen<(RecoveryTrack Track, List<DateTime> Relapses)> Histories =
        from createdDaysAgo in Gen.Int[0, 1100]
        from cleanSinceDaysAgo in Gen.Int[-1, 1100]
        from offsets in Gen.Long[0, TimeSpan.FromDays(1100).Ticks].Array[0, 40]
        from cost in Cost
        from minutes in Gen.Int[0, 1440]
        select (new RecoveryTrack
            {
                Name = "x", CreatedAt = Now.AddDays(-createdDaysAgo), CostPerDay = cost, Currency = "EUR", MinutesPerDay = minutes,
                CleanSince = cleanSinceDaysAgo < 0 ? null : DateOnly.FromDateTime(Now.AddDays(-cleanSinceDaysAgo)),
            },
            offsets.Select(o => Now.AddTicks(-o)).Order().ToList());

    [Fact]
    public void A_relapse_now_sets_this_runs_money_and_time_to_zero_and_leaves_the_totals_as_they_were() => Histories.Sample(h =>
    {
        var clock = new UserClock("Europe/Berlin", 0);
        var before = TrackService.Summarize(h.Track, h.Relapses, clock, Now);
        var after = TrackService.Summarize(h.Track, [.. h.Relapses, Now], clock, Now);
        Assert.Equal((0m, TimeSpan.Zero), (after.Money!.SinceRelapse, after.Time!.SinceRelapse));
        Assert.Equal(before.Money!.InAll, after.Money.InAll);
        Assert.Equal(before.Time!.InAll, after.Time.InAll);
    });

    [Fact]
    public void This_runs_savings_never_exceed_the_total() => Histories.Sample(h =>
    {
        var summary = TrackService.Summarize(h.Track, h.Relapses, new UserClock("Pacific/Kiritimati", 3), Now);
        Assert.True(summary.Money!.SinceRelapse <= summary.Money.InAll);
        Assert.True(summary.Time!.SinceRelapse <= summary.Time.InAll);
        Assert.True(summary.Money.InAll >= 0);
    });

    [Theory]
    [InlineData(0, "0 minutes")]
    [InlineData(1, "1 minute")]
    [InlineData(90, "1 hour")]
    [InlineData(1440, "1 day")]
    [InlineData(1440 * 3 + 240, "3 days 4 hours")]
    public void Time_reads_as_days_and_hours(int minutes, string expected) => Assert.Equal(expected, Savings.Describe(TimeSpan.FromMinutes(minutes)));
}

using CsCheck;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.CheckIn;

namespace Sovereign.Tests.Pages.CheckIn;

public class CheckInTests
{
    private static readonly DateOnly Today = new(2026, 6, 15);

    [Theory]
    [InlineData(new int[0], 0, 0)]
    [InlineData(new[] { -1 }, 1, 1)]                 // yesterday: today is still open, the streak holds
    [InlineData(new[] { -3, -2, -1 }, 3, 3)]
    [InlineData(new[] { -3, -2, -1, 0 }, 4, 4)]
    [InlineData(new[] { -5, -4, -2 }, 0, 2)]         // a day missed before yesterday ends the run
    [InlineData(new[] { -9, -8, -7, -6, -1, 0 }, 2, 4)]
    public void The_check_in_streak_counts_days_in_a_row_and_today_never_breaks_it(int[] offsets, int current, int longest) =>
        Assert.Equal((current, longest), CheckInService.Streak(offsets.Select(o => Today.AddDays(o)).ToList(), Today));

    [Fact]
    public void The_check_in_streak_is_the_run_ending_today_or_yesterday_and_the_longest_run() =>
        Gen.Int[-60, 0].HashSet[0, 40].Sample(offsets =>
        {
            var days = offsets.Order().Select(o => Today.AddDays(o)).ToList();
            var set = days.ToHashSet();
            var end = set.Contains(Today) ? Today : Today.AddDays(-1);
            var current = 0;
            while (set.Contains(end.AddDays(-current))) current++;
            var longest = days.Select(d => { var n = 0; while (set.Contains(d.AddDays(n))) n++; return n; }).DefaultIfEmpty(0).Max();
            Assert.Equal((current, longest), CheckInService.Streak(days, Today));
        });

    private static CheckInPoint Evening(int offset, int craving) => new(Today.AddDays(offset), 3, craving);

    [Fact]
    public void Evening_craving_is_related_to_the_next_days_urges_and_relapses_only_with_enough_evenings()
    {
        // 16 evenings over days -20 … -5: 4 with craving 8 (days -20, -16, -12, -8), 12 calmer ones (craving 2).
        var evenings = Enumerable.Range(-20, 16).Select(o => Evening(o, (o + 20) % 4 == 0 ? 8 : 2)).ToList();
        // Hard days: after three of the four high evenings (-19, -15, -11), after two of the twelve calmer ones (-17, -13).
        var hard = new[] { -19, -15, -11, -17, -13 }.Select(o => Today.AddDays(o)).ToHashSet();
        var report = CheckInInsights.Compute(evenings, hard, Today);
        var relation = report.Relation!;
        Assert.Equal((4, 3, 12, 2), (relation.HighEvenings, relation.HighFollowed, relation.OtherEvenings, relation.OtherFollowed));
        // 3/4 against 2/12: 4.5 times as often.
        Assert.Equal("After evenings with craving 7 or more, you logged an urge or relapse the next day 4.5 times as often as after calmer evenings (3 of 4 days, against 2 of 12).",
            relation.Sentence());

        Assert.Null(CheckInInsights.Compute(evenings.Take(13).ToList(), hard, Today).Relation); // 13 evenings: too few
        Assert.Null(CheckInInsights.Compute(evenings.Select(e => e with { Craving = 2 }).ToList(), hard, Today).Relation); // no high evenings
    }

    [Fact]
    public void An_evening_whose_next_day_is_not_over_is_not_judged_yet()
    {
        var evenings = Enumerable.Range(-16, 17).Select(o => Evening(o, o % 2 == 0 ? 9 : 1)).ToList(); // days -16 … 0
        var report = CheckInInsights.Compute(evenings, new HashSet<DateOnly>(), Today);
        Assert.Equal(15, report.Relation!.HighEvenings + report.Relation.OtherEvenings); // yesterday's and today's evenings wait
        Assert.Equal(17, report.Recent.Count);
    }

    [Theory]
    [InlineData("+44 20 7946 0000", true, "tel:+442079460000")]
    [InlineData("(555) 010-0199", true, "tel:5550100199")]
    [InlineData("112", true, "tel:112")]
    [InlineData("12", false, null)]
    [InlineData("call me", false, null)]
    [InlineData("44+20", false, null)]
    [InlineData("javascript:alert(1)", false, null)]
    public void A_phone_number_is_digits_with_the_usual_separators_and_its_link_keeps_only_digits(string phone, bool valid, string? href)
    {
        Assert.Equal(valid, SupportPerson.IsPhone(phone));
        if (href is not null) Assert.Equal(href, new SupportPerson { Name = "Sam", Phone = phone }.TelHref);
    }
}

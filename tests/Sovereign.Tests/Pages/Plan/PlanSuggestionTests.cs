using Sovereign.Web.Models;
using Sovereign.Web.Pages.Plan;

namespace Sovereign.Tests.Pages.Plan;

public class PlanSuggestionTests
{
    [Fact]
    public void Suggestions_start_with_the_most_frequent_trigger_and_what_helped_with_it()
    {
        TriggerType[] relapses = [TriggerType.Stress, TriggerType.Stress, TriggerType.SocialSituation, TriggerType.EmotionalDistress];
        (TriggerType, IReadOnlyList<Coping>)[] urges =
        [
            (TriggerType.Stress, [Coping.WentForAWalk, Coping.CalledSomeone]),
            (TriggerType.Stress, [Coping.WentForAWalk]),
            (TriggerType.SocialSituation, []),
            (TriggerType.Other, [Coping.Breathing]),
            (TriggerType.PeerPressure, []),
        ];
        var suggestions = PlanService.Suggest(relapses, urges);

        // Stress 2 + 2, social 1 + 1, then the ones met once: a relapse before an urge, then the list's order.
        Assert.Equal([TriggerType.Stress, TriggerType.SocialSituation, TriggerType.EmotionalDistress, TriggerType.PeerPressure, TriggerType.Other],
            suggestions.Select(s => s.Trigger));
        Assert.Equal([(2, 2), (1, 1), (1, 0), (0, 1), (0, 1)], suggestions.Select(s => (s.Relapses, s.Urges)));
        // Stress: a walk twice, a call once.
        Assert.Equal([Coping.WentForAWalk, Coping.CalledSomeone], suggestions[0].Helped);
        Assert.Equal("If I'm stressed, then I will go for a walk and call someone.", suggestions[0].Draft);
        // Nothing picked for social situations: what helped with any urge (a walk twice; a call and breathing once, in the list's order).
        Assert.Equal([Coping.WentForAWalk, Coping.CalledSomeone, Coping.Breathing], suggestions[1].Helped);
        Assert.Equal("If I'm somewhere people are using, then I will go for a walk and call someone.", suggestions[1].Draft);
        Assert.Equal("If the urge comes, then I will breathe slowly for five minutes.", suggestions[4].Draft);
    }

    [Fact]
    public void Without_any_pick_the_draft_leaves_the_then_for_the_user()
    {
        var only = Assert.Single(PlanService.Suggest([TriggerType.Stress], []));
        Assert.Empty(only.Helped);
        Assert.Equal("If I'm stressed, then I will", only.Draft);
        Assert.Empty(PlanService.Suggest([], []));
    }
}

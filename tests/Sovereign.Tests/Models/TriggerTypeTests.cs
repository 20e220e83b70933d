using Sovereign.Web.Data;
using Sovereign.Web.Models;

namespace Sovereign.Tests.Models;

public class TriggerTypeTests
{
    [Fact]
    public void Every_trigger_has_a_label_and_a_stored_name_of_its_own()
    {
        var triggers = Enum.GetValues<TriggerType>();
        Assert.Equal(triggers.Length, triggers.Select(TriggerTypes.Label).Distinct().Count());
        Assert.Equal(triggers.Length, triggers.Select(SnakeCaseEnum<TriggerType>.Name).Distinct().Count());
        // Only "other" may fall to the catch-all label.
        Assert.Single(triggers, t => TriggerTypes.Label(t) == TriggerTypes.Label(TriggerType.Other));
    }
}

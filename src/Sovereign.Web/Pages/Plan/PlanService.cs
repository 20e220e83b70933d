using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Models;

namespace Sovereign.Web.Pages.Plan;

/// <summary>Where a plan could start: a trigger of the user's recent relapses and urges, what helped with it, and a draft to accept or edit.</summary>
public sealed record PlanSuggestion(TriggerType Trigger, int Relapses, int Urges, IReadOnlyList<Coping> Helped, string Draft);

/// <summary>The user's plan for risky moments: if–then steps per trigger, and people to call.</summary>
public sealed record RiskPlan(IReadOnlyList<PlanStep> Steps, IReadOnlyList<SupportPerson> People)
{
    public IEnumerable<PlanStep> For(TriggerType trigger) => Steps.Where(s => s.TriggerType == trigger);
}

public sealed class PlanService(AppDb db, TimeProvider clock)
{
    /// <summary>How far back suggestions look: recent enough to be today's risks.</summary>
    public const int SuggestionDays = 90;

    public async Task<RiskPlan> GetAsync(Guid userId) => new(
        await db.PlanSteps.AsNoTracking().Where(p => p.UserId == userId).OrderBy(p => p.TriggerType).ThenBy(p => p.CreatedAt).ThenBy(p => p.Id).ToListAsync(),
        await db.SupportPeople.AsNoTracking().Where(p => p.UserId == userId).OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).ToListAsync());

    /// <summary>Suggestions from the last <see cref="SuggestionDays"/> days of the user's relapses and urges.</summary>
    public async Task<IReadOnlyList<PlanSuggestion>> SuggestionsAsync(Guid userId)
    {
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-SuggestionDays);
        var relapses = await db.RelapseEvents.Where(r => r.UserId == userId && r.OccurredAt >= since).Select(r => r.TriggerType).ToListAsync();
        var urges = await db.UrgeEvents.Where(u => u.UserId == userId && u.OccurredAt >= since).Select(u => new { u.TriggerType, u.HelpedWith }).ToListAsync();
        return Suggest(relapses, urges.Select(u => (u.TriggerType, Copings.Parse(u.HelpedWith))).ToList());
    }

    /// <summary>
    /// Pure: each trigger that appears, most frequent first (relapses and urges together; a tie goes to more relapses, then to
    /// the triggers' usual order, as the forms list them). What helped is counted from urges that passed with the same trigger, most picked first, and
    /// from all urges when none with it had a pick. The draft joins the two most helpful into an if–then sentence.
    /// </summary>
    public static IReadOnlyList<PlanSuggestion> Suggest(IReadOnlyList<TriggerType> relapses, IReadOnlyList<(TriggerType Trigger, IReadOnlyList<Coping> Helped)> urges)
    {
        static IReadOnlyList<Coping> Ranked(IEnumerable<Coping> picks) =>
            picks.GroupBy(c => c).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => g.Key).ToList();
        var helpedAnywhere = Ranked(urges.SelectMany(u => u.Helped));
        return relapses.Concat(urges.Select(u => u.Trigger)).Distinct()
            .Select(trigger =>
            {
                var helped = Ranked(urges.Where(u => u.Trigger == trigger).SelectMany(u => u.Helped));
                if (helped.Count == 0) helped = helpedAnywhere;
                return new PlanSuggestion(trigger, relapses.Count(r => r == trigger), urges.Count(u => u.Trigger == trigger), helped, Draft(trigger, helped));
            })
            .OrderByDescending(s => s.Relapses + s.Urges).ThenByDescending(s => s.Relapses).ThenBy(s => s.Trigger).ToList();
    }

    public static string Draft(TriggerType trigger, IReadOnlyList<Coping> helped)
    {
        var actions = helped.Take(2).Select(Action).ToList();
        return $"{When(trigger)}, then I will {(actions.Count == 0 ? "" : string.Join(" and ", actions) + ".")}".TrimEnd();
    }

    /// <summary>How a plan for the trigger begins, in the first person.</summary>
    public static string When(TriggerType trigger) => trigger switch
    {
        TriggerType.EmotionalDistress => "If my feelings overwhelm me",
        TriggerType.SocialSituation => "If I'm somewhere people are using",
        TriggerType.EnvironmentalCue => "If a place or thing pulls me back",
        TriggerType.Stress => "If I'm stressed",
        TriggerType.PeerPressure => "If someone pressures me",
        _ => "If the urge comes",
    };

    public static string Action(Coping coping) => coping switch
    {
        Coping.CalledSomeone => "call someone",
        Coping.WentForAWalk => "go for a walk",
        Coping.UrgeSurfing => "surf the urge until it passes",
        Coping.WentToAMeeting => "go to a meeting",
        Coping.Breathing => "breathe slowly for five minutes",
        Coping.AteOrRested => "eat something or rest",
        _ => "do something that absorbs me",
    };

    public Task<bool> AddStepAsync(Guid userId, TriggerType trigger, string text) => db.UnderCapAsync(userId, async () =>
    {
        if (await db.PlanSteps.CountAsync(p => p.UserId == userId) >= PlanStep.MaxPerUser) return false;
        db.PlanSteps.Add(new PlanStep { UserId = userId, TriggerType = trigger, Text = text });
        await db.SaveChangesAsync();
        return true;
    });

    public async Task<bool> DeleteStepAsync(Guid userId, Guid id) =>
        await db.PlanSteps.Where(p => p.Id == id && p.UserId == userId).ExecuteDeleteAsync() > 0;

    public Task<bool> AddPersonAsync(Guid userId, string name, string phone, string? note) => db.UnderCapAsync(userId, async () =>
    {
        if (await db.SupportPeople.CountAsync(p => p.UserId == userId) >= SupportPerson.MaxPerUser) return false;
        db.SupportPeople.Add(new SupportPerson { UserId = userId, Name = name, Phone = phone, Note = note });
        await db.SaveChangesAsync();
        return true;
    });

    public async Task<bool> DeletePersonAsync(Guid userId, Guid id) =>
        await db.SupportPeople.Where(p => p.Id == id && p.UserId == userId).ExecuteDeleteAsync() > 0;
}

public static class PlanFeature
{
    /// <summary>This folder's services: the plan for risky moments and people to call.</summary>
    public static IServiceCollection AddPlan(this IServiceCollection services) => services.AddScoped<PlanService>();
}

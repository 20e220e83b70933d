using Sovereign.Web.Data;
using Sovereign.Web.Infrastructure;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Shared;
using Sovereign.Web.Pages.Tracks;
using Sovereign.Web.Time;

namespace Sovereign.Web.Pages.Urges;

/// <summary>GET/POST /urges/{id}/edit, POST /urges/{id}/edit/delete.</summary>
public class EditModel(AppDb db, TrackService tracks, CurrentUser me, TimeProvider time) : EventEditModel<UrgeEvent, UrgeInput>(db, tracks, me, time)
{
    protected override string ListPage => "/Urges/Index";
    protected override string DeletedMessage => "Deleted.";
    protected override UrgeInput FormOf(UrgeEvent urge, UserClock clock) => UrgeInput.From(urge, clock);
    protected override void CheckMore(UrgeInput input, Action<string, string> error) => input.ValidHelped(error);

    protected override void Apply(UrgeInput input, UrgeEvent urge, Guid trackId, DateTime occurredAt)
    {
        urge.TrackId = trackId;
        input.ApplyTo(urge, occurredAt);
    }
}

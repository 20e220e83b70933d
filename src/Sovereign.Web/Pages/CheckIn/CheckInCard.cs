using Sovereign.Web.Models;
using Sovereign.Web.Pages.Tracks;

namespace Sovereign.Web.Pages.CheckIn;

/// <summary>The dashboard's check-in card: today's state and the active tracks to commit to.</summary>
public sealed record CheckInCard(CheckInStatus Status, IReadOnlyList<TrackSummary> Tracks, bool Oob = false)
{
    /// <summary>The morning commitment, for each kind of track.</summary>
    public static string Pledge(RecoveryTrack track) => track.Kind switch
    {
        TrackKind.Other or TrackKind.OtherSubstance => $"Today I stay on track with {track.Name}.",
        TrackKind.SocialMedia => "Today I keep social media out of my day.",
        TrackKind.Gaming => "Today I don't game.",
        TrackKind.Gambling => "Today I don't gamble.",
        _ => $"Today I stay away from {TrackKinds.Label(track.Kind).ToLowerInvariant()}.",
    };
}

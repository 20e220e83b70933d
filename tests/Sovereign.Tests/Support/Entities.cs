using Sovereign.Web.Models;

namespace Sovereign.Tests.Support;

/// <summary>Valid rows to start from; tests change the one field they are about.</summary>
public static class Entities
{
    public static User User(string? email = null, string? username = null)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        return new User { Email = email ?? $"user-{tag}@example.org", Username = username ?? $"user-{tag}", PasswordHash = "$2a$12$notarealhash" };
    }

    public static Habit Habit(User owner, string name = "Evening walk") => new() { UserId = owner.Id, Name = name };

    public static HabitLog Log(Habit habit, DateTime completedAt) =>
        new() { HabitId = habit.Id, UserId = habit.UserId, CompletedAt = completedAt, LocalDate = DateOnly.FromDateTime(completedAt) };

    /// <summary>The triggers in turn: the n-th one, counting round.</summary>
    public static TriggerType Trigger(int n) => Enum.GetValues<TriggerType>()[n % Enum.GetValues<TriggerType>().Length];

    /// <summary>The user's first track, with the user's id as its own (as the migration made them): events seeded with <c>TrackId = userId</c> go on it.</summary>
    public static RecoveryTrack Track(Guid userId, string name = RecoveryTrack.FirstTrackName, TrackKind kind = TrackKind.Other) =>
        new() { Id = userId, UserId = userId, Name = name, Kind = kind };

    /// <summary>A relapse on the owner's first track (<see cref="Track"/>).</summary>
    public static RelapseEvent Relapse(User owner, DateTime occurredAt, int severity = 5, TriggerType trigger = TriggerType.Stress) =>
        new() { UserId = owner.Id, TrackId = owner.Id, OccurredAt = occurredAt, Severity = severity, TriggerType = trigger };
}

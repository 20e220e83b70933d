using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Models;

namespace Sovereign.Web.Data;

/// <summary>
/// The one model, shared by both databases. Each provider has its own subclass
/// (<see cref="SqliteAppDb"/>, <see cref="PgAppDb"/>) so each keeps its own migration set.
/// </summary>
public abstract class AppDb(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<User> Users => Set<User>();
    public DbSet<Habit> Habits => Set<Habit>();
    public DbSet<HabitLog> HabitLogs => Set<HabitLog>();
    public DbSet<HabitSkip> HabitSkips => Set<HabitSkip>();
    public DbSet<RecoveryTrack> RecoveryTracks => Set<RecoveryTrack>();
    public DbSet<RelapseEvent> RelapseEvents => Set<RelapseEvent>();
    public DbSet<UrgeEvent> UrgeEvents => Set<UrgeEvent>();
    public DbSet<CheckIn> CheckIns => Set<CheckIn>();
    public DbSet<CheckInCommitment> CheckInCommitments => Set<CheckInCommitment>();
    public DbSet<PlanStep> PlanSteps => Set<PlanStep>();
    public DbSet<SupportPerson> SupportPeople => Set<SupportPerson>();
    public DbSet<ShareLink> ShareLinks => Set<ShareLink>();
    public DbSet<ShareLinkTrack> ShareLinkTracks => Set<ShareLinkTrack>();
    public DbSet<ShareLinkHabit> ShareLinkHabits => Set<ShareLinkHabit>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<SignInFailure> SignInFailures => Set<SignInFailure>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<ScheduledJob> ScheduledJobs => Set<ScheduledJob>();
    public DbSet<ReplayedTap> ReplayedTaps => Set<ReplayedTap>();
    public DbSet<PushDevice> PushDevices => Set<PushDevice>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<VapidKeys> VapidKeys => Set<VapidKeys>();

    /// <summary>True while SaveChanges runs, so that <see cref="ReadRetryStrategy"/> never repeats a write.</summary>
    public bool IsSaving { get; private set; }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        IsSaving = true;
        try { return base.SaveChanges(acceptAllChangesOnSuccess); }
        finally { IsSaving = false; }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        IsSaving = true;
        try { return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken); }
        finally { IsSaving = false; }
    }

    /// <summary>The provider's collation that compares text ignoring case (track names).</summary>
    protected abstract string CaseInsensitiveCollation { get; }

    protected override void OnModelCreating(ModelBuilder model)
    {
        AccountTables.Configure(model);
        RecordTables.Configure(model, CaseInsensitiveCollation);
    }
}

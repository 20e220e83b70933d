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

    /// <summary>The provider's collation that compares text ignoring case (email and username).</summary>
    protected abstract string CaseInsensitiveCollation { get; }

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<User>(user =>
        {
            user.ToTable("users", t => t.HasCheckConstraint("ck_users_day_ends_at_hour",
                $"day_ends_at_hour BETWEEN 0 AND {User.MaxDayEndsAtHour}"));
            user.Property(u => u.Id).ValueGeneratedNever();
            user.Property(u => u.Email).HasMaxLength(255);
            user.Property(u => u.Username).HasMaxLength(80);
            // Accounts are told apart by the canonical keys, exactly and alike on both databases (see LoginNames).
            user.Property(u => u.EmailKey).HasMaxLength(64).IsFixedLength();
            user.Property(u => u.UsernameKey).HasMaxLength(64).IsFixedLength();
            user.Property(u => u.PasswordHash).HasMaxLength(255);
            user.Property(u => u.IsActive).HasDefaultValue(true).HasSentinel(true);
            user.Property(u => u.TimeZone).HasMaxLength(64).HasDefaultValue("UTC");
            user.Property(u => u.RecoveryCodeHash).HasMaxLength(64);
            user.Property(u => u.Helplines).HasMaxLength(User.MaxHelplinesLength);
            user.Property(u => u.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
            user.Property(u => u.UpdatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
            user.HasIndex(u => u.EmailKey).IsUnique();
            user.HasIndex(u => u.UsernameKey).IsUnique();
        });

        model.Entity<Habit>(habit =>
        {
            habit.ToTable("habits", t =>
            {
                t.HasCheckConstraint("ck_habits_frequency", SnakeCaseEnum<HabitFrequency>.CheckSql("frequency"));
                t.HasCheckConstraint("ck_habits_target_per_period",
                    "target_per_period >= 1 AND (frequency <> 'daily' OR target_per_period = 1) AND target_per_period <= 28");
            });
            habit.Property(h => h.Id).ValueGeneratedNever();
            habit.Property(h => h.Name).HasMaxLength(Habit.MaxNameLength);
            habit.Property(h => h.TargetPerPeriod).HasDefaultValue(1).HasSentinel(0);
            habit.Property(h => h.Version).IsConcurrencyToken().HasAnnotation(TimestampsInterceptor.Derived, true);
            foreach (var cached in new[] { nameof(Habit.LastDoneOn), nameof(Habit.StreakPeriodStart), nameof(Habit.StreakPeriodCount), nameof(Habit.StreakRun), nameof(Habit.LongestStreak) })
                habit.Property(cached).HasAnnotation(TimestampsInterceptor.Derived, true);
            habit.Ignore(h => h.Streak);
            habit.Property(h => h.Frequency).HasMaxLength(20).HasConversion(SnakeCaseEnum<HabitFrequency>.Converter)
                .HasDefaultValue(HabitFrequency.Daily).HasSentinel((HabitFrequency)(-1));
            habit.Property(h => h.IsActive).HasDefaultValue(true).HasSentinel(true);
            habit.Property(h => h.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
            habit.Property(h => h.UpdatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
            habit.HasOne<User>().WithMany().HasForeignKey(h => h.UserId).OnDelete(DeleteBehavior.Cascade);
            // The target of habit_logs' composite foreign key: a log's user must be its habit's owner.
            habit.HasAlternateKey(h => new { h.Id, h.UserId });
        });

        model.Entity<HabitLog>(log =>
        {
            log.ToTable("habit_logs");
            log.Property(l => l.Id).ValueGeneratedNever();
            log.Property(l => l.StreakCount).HasDefaultValue(0);
            log.Property(l => l.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
            log.HasOne<Habit>().WithMany(h => h.Logs)
                .HasForeignKey(l => new { l.HabitId, l.UserId }).HasPrincipalKey(h => new { h.Id, h.UserId })
                .OnDelete(DeleteBehavior.Cascade);
            log.HasOne<User>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);
            log.HasIndex(l => l.UserId);
            log.HasIndex(l => new { l.HabitId, l.CompletedAt }).HasDatabaseName("idx_habit_logs_completed_at");
            // At most one completion per habit and local day, even under concurrent requests.
            log.HasIndex(l => new { l.HabitId, l.LocalDate }).IsUnique().HasDatabaseName("ux_habit_logs_habit_id_local_date");
            // The longest streak is the highest streak_count: an index answers MAX without reading the history.
            log.HasIndex(l => new { l.HabitId, l.StreakCount });
        });

        model.Entity<HabitSkip>(skip =>
        {
            skip.ToTable("habit_skips");
            skip.Property(s => s.Id).ValueGeneratedNever();
            skip.Property(s => s.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
            skip.HasOne<Habit>().WithMany(h => h.Skips)
                .HasForeignKey(s => new { s.HabitId, s.UserId }).HasPrincipalKey(h => new { h.Id, h.UserId })
                .OnDelete(DeleteBehavior.Cascade);
            skip.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
            skip.HasIndex(s => new { s.HabitId, s.PeriodStart }).IsUnique().HasDatabaseName("ux_habit_skips_habit_id_period_start");
            skip.HasIndex(s => s.UserId);
        });

        model.Entity<RecoveryTrack>(track =>
        {
            track.ToTable("recovery_tracks", t =>
            {
                t.HasCheckConstraint("ck_recovery_tracks_kind", SnakeCaseEnum<TrackKind>.CheckSql("kind"));
                t.HasCheckConstraint("ck_recovery_tracks_cost_per_day",
                    // SQLite keeps a decimal as text, which compares above any number: the cast makes the bound hold on both.
                    $"cost_per_day IS NULL OR (CAST(cost_per_day AS REAL) BETWEEN 0 AND {RecoveryTrack.MaxCostPerDay} AND currency IS NOT NULL)");
                t.HasCheckConstraint("ck_recovery_tracks_minutes_per_day", $"minutes_per_day IS NULL OR minutes_per_day BETWEEN 0 AND {RecoveryTrack.MaxMinutesPerDay}");
            });
            track.Property(t => t.Id).ValueGeneratedNever();
            track.Property(t => t.Name).HasMaxLength(RecoveryTrack.MaxNameLength).UseCollation(CaseInsensitiveCollation);
            track.Property(t => t.Kind).HasMaxLength(30).HasConversion(SnakeCaseEnum<TrackKind>.Converter);
            track.Property(t => t.CostPerDay).HasPrecision(9, 3);
            track.Property(t => t.Currency).HasMaxLength(3).IsFixedLength();
            track.Property(t => t.Reasons).HasMaxLength(RecoveryTrack.MaxReasonsLength);
            track.Property(t => t.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
            track.Property(t => t.UpdatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
            track.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
            track.HasIndex(t => new { t.UserId, t.Name }).IsUnique();
            // The target of the events' composite foreign keys: an event's user must be its track's owner.
            track.HasAlternateKey(t => new { t.Id, t.UserId });
        });

        model.Entity<RelapseEvent>(relapse =>
        {
            relapse.ToTable("relapse_events", t =>
            {
                t.HasCheckConstraint("ck_relapse_events_severity",
                    $"severity BETWEEN {RelapseEvent.MinSeverity} AND {RelapseEvent.MaxSeverity}");
                t.HasCheckConstraint("ck_relapse_events_trigger_type", SnakeCaseEnum<TriggerType>.CheckSql("trigger_type"));
            });
            relapse.Property(r => r.Id).ValueGeneratedNever();
            relapse.Property(r => r.TriggerType).HasMaxLength(50).HasConversion(SnakeCaseEnum<TriggerType>.Converter);
            relapse.Property(r => r.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
            relapse.HasOne<User>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
            relapse.HasOne<RecoveryTrack>().WithMany().HasForeignKey(r => new { r.TrackId, r.UserId }).HasPrincipalKey(t => new { t.Id, t.UserId })
                .OnDelete(DeleteBehavior.Cascade);
            relapse.HasIndex(r => new { r.TrackId, r.OccurredAt });
            // Every timeline query is one user's, newest first, paged by (occurred_at, id): this index serves it and user_id alone.
            relapse.Property(r => r.Hungry).HasDefaultValue(false);
            relapse.Property(r => r.Angry).HasDefaultValue(false);
            relapse.Property(r => r.Lonely).HasDefaultValue(false);
            relapse.Property(r => r.Tired).HasDefaultValue(false);
            relapse.HasIndex(r => new { r.UserId, r.OccurredAt, r.Id }).HasDatabaseName("idx_relapse_occurred_at");
        });

        model.Entity<UrgeEvent>(urge =>
        {
            urge.ToTable("urge_events", t =>
            {
                t.HasCheckConstraint("ck_urge_events_intensity", $"intensity BETWEEN 0 AND {UrgeEvent.MaxIntensity}");
                t.HasCheckConstraint("ck_urge_events_intensity_after", $"intensity_after IS NULL OR intensity_after BETWEEN 0 AND {UrgeEvent.MaxIntensity}");
                t.HasCheckConstraint("ck_urge_events_trigger_type", SnakeCaseEnum<TriggerType>.CheckSql("trigger_type"));
            });
            urge.Property(u => u.Id).ValueGeneratedNever();
            urge.Property(u => u.TriggerType).HasMaxLength(50).HasConversion(SnakeCaseEnum<TriggerType>.Converter);
            urge.Property(u => u.HelpedWith).HasMaxLength(200);
            urge.Property(u => u.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
            urge.HasOne<User>().WithMany().HasForeignKey(u => u.UserId).OnDelete(DeleteBehavior.Cascade);
            urge.HasOne<RecoveryTrack>().WithMany().HasForeignKey(u => new { u.TrackId, u.UserId }).HasPrincipalKey(t => new { t.Id, t.UserId })
                .OnDelete(DeleteBehavior.Cascade);
            urge.HasIndex(u => new { u.TrackId, u.OccurredAt });
            urge.HasIndex(u => new { u.UserId, u.OccurredAt, u.Id }).HasDatabaseName("idx_urge_occurred_at");
        });

        model.Entity<CheckIn>(checkIn =>
        {
            checkIn.ToTable("check_ins", t =>
            {
                t.HasCheckConstraint("ck_check_ins_mood", $"mood IS NULL OR mood BETWEEN {CheckIn.MinMood} AND {CheckIn.MaxMood}");
                t.HasCheckConstraint("ck_check_ins_craving", $"craving IS NULL OR craving BETWEEN 0 AND {CheckIn.MaxCraving}");
                // SQLite keeps a decimal as text: the cast makes the bound hold on both.
                t.HasCheckConstraint("ck_check_ins_hours_slept", $"hours_slept IS NULL OR CAST(hours_slept AS REAL) BETWEEN 0 AND {CheckIn.MaxHoursSlept}");
            });
            checkIn.Property(c => c.Id).ValueGeneratedNever();
            checkIn.Property(c => c.HoursSlept).HasPrecision(3, 1);
            checkIn.Property(c => c.WentWell).HasMaxLength(CheckIn.MaxWentWellLength);
            checkIn.Property(c => c.Note).HasMaxLength(CheckIn.MaxNoteLength);
            checkIn.Property(c => c.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
            checkIn.Property(c => c.UpdatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
            checkIn.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
            // One check-in per local day, even under concurrent requests.
            checkIn.HasIndex(c => new { c.UserId, c.LocalDate }).IsUnique();
            checkIn.HasAlternateKey(c => new { c.Id, c.UserId });
        });

        model.Entity<CheckInCommitment>(commitment =>
        {
            commitment.ToTable("check_in_commitments");
            commitment.HasKey(c => new { c.CheckInId, c.TrackId });
            commitment.Property(c => c.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
            commitment.HasOne<CheckIn>().WithMany(c => c.Commitments)
                .HasForeignKey(c => new { c.CheckInId, c.UserId }).HasPrincipalKey(c => new { c.Id, c.UserId }).OnDelete(DeleteBehavior.Cascade);
            commitment.HasOne<RecoveryTrack>().WithMany()
                .HasForeignKey(c => new { c.TrackId, c.UserId }).HasPrincipalKey(t => new { t.Id, t.UserId }).OnDelete(DeleteBehavior.Cascade);
            commitment.HasIndex(c => new { c.TrackId, c.UserId });
            commitment.HasIndex(c => new { c.CheckInId, c.UserId });
        });

        model.Entity<PlanStep>(step =>
        {
            step.ToTable("plan_steps", t => t.HasCheckConstraint("ck_plan_steps_trigger_type", SnakeCaseEnum<TriggerType>.CheckSql("trigger_type")));
            step.Property(p => p.Id).ValueGeneratedNever();
            step.Property(p => p.TriggerType).HasMaxLength(50).HasConversion(SnakeCaseEnum<TriggerType>.Converter);
            step.Property(p => p.Text).HasMaxLength(PlanStep.MaxTextLength);
            step.Property(p => p.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
            step.Property(p => p.UpdatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
            step.HasOne<User>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
            step.HasIndex(p => new { p.UserId, p.TriggerType });
        });

        model.Entity<SupportPerson>(person =>
        {
            person.ToTable("support_people");
            person.Property(p => p.Id).ValueGeneratedNever();
            person.Property(p => p.Name).HasMaxLength(SupportPerson.MaxNameLength);
            person.Property(p => p.Phone).HasMaxLength(SupportPerson.MaxPhoneLength);
            person.Property(p => p.Note).HasMaxLength(SupportPerson.MaxNoteLength);
            person.Property(p => p.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
            person.Property(p => p.UpdatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
            person.HasOne<User>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
            person.HasIndex(p => p.UserId);
        });

        model.Entity<ShareLink>(link =>
        {
            link.ToTable("share_links", t => t.HasCheckConstraint("ck_share_links_times_opened", "times_opened >= 0"));
            link.Property(l => l.Id).ValueGeneratedNever();
            link.Property(l => l.Label).HasMaxLength(ShareLink.MaxLabelLength);
            link.Property(l => l.DisplayName).HasMaxLength(ShareLink.MaxDisplayNameLength);
            link.Property(l => l.ContactPhone).HasMaxLength(ShareLink.MaxContactPhoneLength);
            link.Property(l => l.TokenHash).HasMaxLength(64).IsFixedLength();
            link.Property(l => l.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
            link.Property(l => l.UpdatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
            link.HasOne<User>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);
            link.HasIndex(l => l.TokenHash).IsUnique();
            link.HasIndex(l => l.UserId);
            link.HasAlternateKey(l => new { l.Id, l.UserId });
        });

        model.Entity<ShareLinkTrack>(shown =>
        {
            shown.ToTable("share_link_tracks");
            shown.HasKey(s => new { s.ShareLinkId, s.TrackId });
            // Both keys carry the user: a link can only ever show its owner's tracks.
            shown.HasOne<ShareLink>().WithMany(l => l.Tracks)
                .HasForeignKey(s => new { s.ShareLinkId, s.UserId }).HasPrincipalKey(l => new { l.Id, l.UserId }).OnDelete(DeleteBehavior.Cascade);
            shown.HasOne<RecoveryTrack>().WithMany()
                .HasForeignKey(s => new { s.TrackId, s.UserId }).HasPrincipalKey(t => new { t.Id, t.UserId }).OnDelete(DeleteBehavior.Cascade);
            shown.HasIndex(s => new { s.TrackId, s.UserId });
            shown.HasIndex(s => new { s.ShareLinkId, s.UserId });
        });

        model.Entity<ShareLinkHabit>(shown =>
        {
            shown.ToTable("share_link_habits");
            shown.HasKey(s => new { s.ShareLinkId, s.HabitId });
            shown.HasOne<ShareLink>().WithMany(l => l.Habits)
                .HasForeignKey(s => new { s.ShareLinkId, s.UserId }).HasPrincipalKey(l => new { l.Id, l.UserId }).OnDelete(DeleteBehavior.Cascade);
            shown.HasOne<Habit>().WithMany()
                .HasForeignKey(s => new { s.HabitId, s.UserId }).HasPrincipalKey(h => new { h.Id, h.UserId }).OnDelete(DeleteBehavior.Cascade);
            shown.HasIndex(s => new { s.HabitId, s.UserId });
            shown.HasIndex(s => new { s.ShareLinkId, s.UserId });
        });

        model.Entity<UserSession>(session =>
        {
            session.ToTable("user_sessions");
            session.Property(s => s.Id).ValueGeneratedNever();
            session.Property(s => s.Device).HasMaxLength(UserSession.MaxDeviceLength);
            session.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
            session.HasIndex(s => s.UserId);
        });

        model.Entity<SignInFailure>(failure =>
        {
            failure.ToTable("sign_in_failures");
            failure.Property(f => f.Id).ValueGeneratedNever();
            failure.Property(f => f.AccountKey).HasMaxLength(64);
            failure.Property(f => f.ClientKey).HasMaxLength(64);
            failure.HasIndex(f => new { f.AccountKey, f.FailedAt });
            failure.HasIndex(f => f.FailedAt);
        });
        model.Entity<ScheduledJob>(job =>
        {
            job.ToTable("scheduled_jobs");
            job.Property(j => j.Id).ValueGeneratedNever();
            job.Property(j => j.Kind).HasMaxLength(ScheduledJob.MaxKindLength);
            job.Property(j => j.Key).HasMaxLength(ScheduledJob.MaxKeyLength);
            job.Property(j => j.ClaimedBy).HasMaxLength(200);
            job.HasIndex(j => j.Key).IsUnique();
            job.HasIndex(j => j.DueAt).HasFilter("completed_at IS NULL");
        });

        model.Entity<DataProtectionKey>().ToTable("data_protection_keys");
    }
}

using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Models;

namespace Sovereign.Web.Data;

/// <summary>The tables of a user's record: tracks, habits and their days, relapses, urges, check-ins, the plan. Plain text lengths are [MaxLength] on the entities.</summary>
public static class RecordTables
{
    public static void Configure(ModelBuilder model, string caseInsensitiveCollation)
    {
        model.Entity<Habit>(habit =>
        {
            habit.ToTable("habits", t =>
            {
                t.HasCheckConstraint("ck_habits_frequency", SnakeCaseEnum<HabitFrequency>.CheckSql("frequency"));
                t.HasCheckConstraint("ck_habits_target_per_period",
                    "target_per_period >= 1 AND (frequency <> 'daily' OR target_per_period = 1) AND target_per_period <= 28");
            });
            habit.Property(h => h.Id).ValueGeneratedNever();
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
            track.Property(t => t.Name).HasMaxLength(RecoveryTrack.MaxNameLength).UseCollation(caseInsensitiveCollation);
            track.Property(t => t.Kind).HasMaxLength(30).HasConversion(SnakeCaseEnum<TrackKind>.Converter);
            track.Property(t => t.CostPerDay).HasPrecision(9, 3);
            track.Property(t => t.Currency).HasMaxLength(3).IsFixedLength();
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
            step.Property(p => p.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
            step.Property(p => p.UpdatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
            step.HasOne<User>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
            step.HasIndex(p => new { p.UserId, p.TriggerType });
        });

        model.Entity<SupportPerson>(person =>
        {
            person.ToTable("support_people");
            person.Property(p => p.Id).ValueGeneratedNever();
            person.Property(p => p.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
            person.Property(p => p.UpdatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
            person.HasOne<User>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
            person.HasIndex(p => p.UserId);
        });
    }
}

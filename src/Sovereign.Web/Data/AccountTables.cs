using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Models;

namespace Sovereign.Web.Data;

/// <summary>The tables of accounts and their keeping: users, sessions, sign-in failures, share links, scheduled jobs, data protection keys. Plain text lengths are [MaxLength] on the entities.</summary>
public static class AccountTables
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<User>(user =>
        {
            user.ToTable("users", t =>
            {
                t.HasCheckConstraint("ck_users_day_ends_at_hour", $"day_ends_at_hour BETWEEN 0 AND {User.MaxDayEndsAtHour}");
                t.HasCheckConstraint("ck_users_color_mode", SnakeCaseEnum<ColorMode>.CheckSql("color_mode"));
                t.HasCheckConstraint("ck_users_lock_after_minutes", $"lock_after_minutes IN ({string.Join(", ", User.LockChoices)})");
            });
            user.Property(u => u.Id).ValueGeneratedNever();
            // Accounts are told apart by the canonical keys, exactly and alike on both databases (see LoginNames).
            user.Property(u => u.EmailKey).HasMaxLength(64).IsFixedLength();
            user.Property(u => u.UsernameKey).HasMaxLength(64).IsFixedLength();
            user.Property(u => u.IsActive).HasDefaultValue(true).HasSentinel(true);
            user.Property(u => u.TimeZone).HasMaxLength(64).HasDefaultValue("UTC");
            user.Property(u => u.ColorMode).HasMaxLength(10).HasConversion(SnakeCaseEnum<ColorMode>.Converter)
                .HasDefaultValue(ColorMode.Auto).HasSentinel((ColorMode)(-1));
            user.Property(u => u.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
            user.Property(u => u.UpdatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
            user.HasIndex(u => u.EmailKey).IsUnique();
            user.HasIndex(u => u.UsernameKey).IsUnique();
        });

        model.Entity<ReplayedTap>(tap =>
        {
            tap.ToTable("replayed_taps");
            tap.HasKey(t => new { t.UserId, t.Key });
            tap.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
            tap.HasIndex(t => t.CreatedAt);
        });

        model.Entity<ShareLink>(link =>
        {
            link.ToTable("share_links", t => t.HasCheckConstraint("ck_share_links_times_opened", "times_opened >= 0"));
            link.Property(l => l.Id).ValueGeneratedNever();
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
            session.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
            session.HasIndex(s => s.UserId);
        });

        model.Entity<SignInFailure>(failure =>
        {
            failure.ToTable("sign_in_failures");
            failure.Property(f => f.Id).ValueGeneratedNever();
            failure.HasIndex(f => new { f.AccountKey, f.FailedAt });
            failure.HasIndex(f => f.FailedAt);
        });

        model.Entity<ScheduledJob>(job =>
        {
            job.ToTable("scheduled_jobs");
            job.Property(j => j.Id).ValueGeneratedNever();
            job.HasIndex(j => j.Key).IsUnique();
            job.HasIndex(j => j.DueAt).HasFilter("completed_at IS NULL");
        });

        model.Entity<DataProtectionKey>().ToTable("data_protection_keys");

        model.Entity<PushDevice>(device =>
        {
            device.ToTable("push_devices", t => t.HasCheckConstraint("ck_push_devices_one_owner", "(user_id IS NULL) <> (share_link_id IS NULL)"));
            device.Property(d => d.Id).ValueGeneratedNever();
            device.Property(d => d.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
            device.HasOne<User>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.Cascade);
            device.HasOne<ShareLink>().WithMany().HasForeignKey(d => d.ShareLinkId).OnDelete(DeleteBehavior.Cascade);
            // One row per browser and owner: subscribing again refreshes it.
            device.HasIndex(d => new { d.UserId, d.Endpoint }).IsUnique();
            device.HasIndex(d => new { d.ShareLinkId, d.Endpoint }).IsUnique();
        });

        model.Entity<Notification>(notification =>
        {
            notification.ToTable("notifications");
            notification.Property(n => n.Id).ValueGeneratedNever();
            notification.HasOne<PushDevice>().WithMany().HasForeignKey(n => n.DeviceId).OnDelete(DeleteBehavior.Cascade);
            notification.HasIndex(n => new { n.DeviceId, n.Key }).IsUnique();
            notification.HasIndex(n => n.DueAt).HasFilter("sent_at IS NULL AND given_up_at IS NULL");
        });

        model.Entity<VapidKeys>(keys =>
        {
            keys.ToTable("vapid_keys", t => t.HasCheckConstraint("ck_vapid_keys_one_row", "id = 1"));
            keys.Property(k => k.Id).ValueGeneratedNever();
        });
    }
}

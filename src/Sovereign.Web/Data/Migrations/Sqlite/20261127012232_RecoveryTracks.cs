using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sovereign.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RecoveryTracks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

            migrationBuilder.AddColumn<Guid>(
                name: "track_id",
                table: "urge_events",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<Guid>(
                name: "track_id",
                table: "relapse_events",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.CreateTable(
                name: "recovery_tracks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false, collation: "NOCASE"),
                    kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    clean_since = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    clean_since_time = table.Column<TimeOnly>(type: "TEXT", nullable: true),
                    cost_per_day = table.Column<decimal>(type: "TEXT", precision: 9, scale: 3, nullable: true),
                    currency = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 3, nullable: true),
                    minutes_per_day = table.Column<int>(type: "INTEGER", nullable: true),
                    reasons = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    position = table.Column<int>(type: "INTEGER", nullable: false),
                    archived_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false, defaultValueSql: "CURRENT_TIMESTAMP"),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false, defaultValueSql: "CURRENT_TIMESTAMP")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recovery_tracks", x => x.id);
                    table.UniqueConstraint("ak_recovery_tracks_id_user_id", x => new { x.id, x.user_id });
                    table.CheckConstraint("ck_recovery_tracks_cost_per_day", "cost_per_day IS NULL OR (CAST(cost_per_day AS REAL) BETWEEN 0 AND 100000 AND currency IS NOT NULL)");
                    table.CheckConstraint("ck_recovery_tracks_kind", "kind IN ('alcohol', 'nicotine', 'cannabis', 'opioids', 'stimulants', 'other_substance', 'gambling', 'pornography', 'gaming', 'social_media', 'other')");
                    table.CheckConstraint("ck_recovery_tracks_minutes_per_day", "minutes_per_day IS NULL OR minutes_per_day BETWEEN 0 AND 1440");
                    table.ForeignKey(
                        name: "fk_recovery_tracks_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Every existing account keeps its one clock as its first track (the track's id is the user's: unique, and
            // already a UUIDv7), and every relapse and urge goes on it.
            migrationBuilder.Sql(
                "INSERT INTO recovery_tracks (id, user_id, name, kind, clean_since, position, created_at, updated_at) " +
                "SELECT id, id, 'My recovery', 'other', clean_since, 0, created_at, created_at FROM users;");
            migrationBuilder.Sql("UPDATE relapse_events SET track_id = user_id;");
            migrationBuilder.Sql("UPDATE urge_events SET track_id = user_id;");

            migrationBuilder.DropColumn(
                name: "clean_since",
                table: "users");

            migrationBuilder.CreateIndex(
                name: "ix_urge_events_track_id_occurred_at",
                table: "urge_events",
                columns: new[] { "track_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_urge_events_track_id_user_id",
                table: "urge_events",
                columns: new[] { "track_id", "user_id" });

            migrationBuilder.CreateIndex(
                name: "ix_relapse_events_track_id_occurred_at",
                table: "relapse_events",
                columns: new[] { "track_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_relapse_events_track_id_user_id",
                table: "relapse_events",
                columns: new[] { "track_id", "user_id" });

            migrationBuilder.CreateIndex(
                name: "ix_recovery_tracks_user_id_name",
                table: "recovery_tracks",
                columns: new[] { "user_id", "name" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "fk_relapse_events_recovery_tracks_track_id_user_id",
                table: "relapse_events",
                columns: new[] { "track_id", "user_id" },
                principalTable: "recovery_tracks",
                principalColumns: new[] { "id", "user_id" },
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_urge_events_recovery_tracks_track_id_user_id",
                table: "urge_events",
                columns: new[] { "track_id", "user_id" },
                principalTable: "recovery_tracks",
                principalColumns: new[] { "id", "user_id" },
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_relapse_events_recovery_tracks_track_id_user_id",
                table: "relapse_events");

            migrationBuilder.DropForeignKey(
                name: "fk_urge_events_recovery_tracks_track_id_user_id",
                table: "urge_events");

            migrationBuilder.DropTable(
                name: "recovery_tracks");

            migrationBuilder.DropIndex(
                name: "ix_urge_events_track_id_occurred_at",
                table: "urge_events");

            migrationBuilder.DropIndex(
                name: "ix_urge_events_track_id_user_id",
                table: "urge_events");

            migrationBuilder.DropIndex(
                name: "ix_relapse_events_track_id_occurred_at",
                table: "relapse_events");

            migrationBuilder.DropIndex(
                name: "ix_relapse_events_track_id_user_id",
                table: "relapse_events");

            migrationBuilder.DropColumn(
                name: "track_id",
                table: "urge_events");

            migrationBuilder.DropColumn(
                name: "track_id",
                table: "relapse_events");

            migrationBuilder.AddColumn<DateOnly>(
                name: "clean_since",
                table: "users",
                type: "TEXT",
                nullable: true);
        }
    }
}

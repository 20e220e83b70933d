using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sovereign.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Urges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "urge_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    occurred_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    intensity = table.Column<int>(type: "INTEGER", nullable: false),
                    intensity_after = table.Column<int>(type: "INTEGER", nullable: true),
                    trigger_type = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    hungry = table.Column<bool>(type: "INTEGER", nullable: false),
                    angry = table.Column<bool>(type: "INTEGER", nullable: false),
                    lonely = table.Column<bool>(type: "INTEGER", nullable: false),
                    tired = table.Column<bool>(type: "INTEGER", nullable: false),
                    helped_with = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    notes = table.Column<string>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false, defaultValueSql: "CURRENT_TIMESTAMP")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_urge_events", x => x.id);
                    table.CheckConstraint("ck_urge_events_intensity", "intensity BETWEEN 0 AND 10");
                    table.CheckConstraint("ck_urge_events_intensity_after", "intensity_after IS NULL OR intensity_after BETWEEN 0 AND 10");
                    table.CheckConstraint("ck_urge_events_trigger_type", "trigger_type IN ('emotional_distress', 'social_situation', 'environmental_cue', 'stress', 'peer_pressure', 'other')");
                    table.ForeignKey(
                        name: "fk_urge_events_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "idx_urge_occurred_at",
                table: "urge_events",
                columns: new[] { "user_id", "occurred_at", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "urge_events");
        }
    }
}

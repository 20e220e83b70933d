using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sovereign.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CheckInsAndPlan : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "check_ins",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    local_date = table.Column<DateOnly>(type: "date", nullable: false),
                    evening_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    mood = table.Column<int>(type: "integer", nullable: true),
                    craving = table.Column<int>(type: "integer", nullable: true),
                    hungry = table.Column<bool>(type: "boolean", nullable: false),
                    angry = table.Column<bool>(type: "boolean", nullable: false),
                    lonely = table.Column<bool>(type: "boolean", nullable: false),
                    tired = table.Column<bool>(type: "boolean", nullable: false),
                    hours_slept = table.Column<decimal>(type: "numeric(3,1)", precision: 3, scale: 1, nullable: true),
                    went_well = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    backfilled = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "CURRENT_TIMESTAMP"),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "CURRENT_TIMESTAMP")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_check_ins", x => x.id);
                    table.UniqueConstraint("ak_check_ins_id_user_id", x => new { x.id, x.user_id });
                    table.CheckConstraint("ck_check_ins_craving", "craving IS NULL OR craving BETWEEN 0 AND 10");
                    table.CheckConstraint("ck_check_ins_hours_slept", "hours_slept IS NULL OR CAST(hours_slept AS REAL) BETWEEN 0 AND 24");
                    table.CheckConstraint("ck_check_ins_mood", "mood IS NULL OR mood BETWEEN 1 AND 5");
                    table.ForeignKey(
                        name: "fk_check_ins_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "plan_steps",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    trigger_type = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    text = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "CURRENT_TIMESTAMP"),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "CURRENT_TIMESTAMP")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_plan_steps", x => x.id);
                    table.CheckConstraint("ck_plan_steps_trigger_type", "trigger_type IN ('emotional_distress', 'social_situation', 'environmental_cue', 'stress', 'peer_pressure', 'other')");
                    table.ForeignKey(
                        name: "fk_plan_steps_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "support_people",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    phone = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "CURRENT_TIMESTAMP"),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "CURRENT_TIMESTAMP")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_support_people", x => x.id);
                    table.ForeignKey(
                        name: "fk_support_people_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "check_in_commitments",
                columns: table => new
                {
                    check_in_id = table.Column<Guid>(type: "uuid", nullable: false),
                    track_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "CURRENT_TIMESTAMP")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_check_in_commitments", x => new { x.check_in_id, x.track_id });
                    table.ForeignKey(
                        name: "fk_check_in_commitments_check_ins_check_in_id_user_id",
                        columns: x => new { x.check_in_id, x.user_id },
                        principalTable: "check_ins",
                        principalColumns: new[] { "id", "user_id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_check_in_commitments_recovery_tracks_track_id_user_id",
                        columns: x => new { x.track_id, x.user_id },
                        principalTable: "recovery_tracks",
                        principalColumns: new[] { "id", "user_id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_check_in_commitments_check_in_id_user_id",
                table: "check_in_commitments",
                columns: new[] { "check_in_id", "user_id" });

            migrationBuilder.CreateIndex(
                name: "ix_check_in_commitments_track_id_user_id",
                table: "check_in_commitments",
                columns: new[] { "track_id", "user_id" });

            migrationBuilder.CreateIndex(
                name: "ix_check_ins_user_id_local_date",
                table: "check_ins",
                columns: new[] { "user_id", "local_date" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_plan_steps_user_id_trigger_type",
                table: "plan_steps",
                columns: new[] { "user_id", "trigger_type" });

            migrationBuilder.CreateIndex(
                name: "ix_support_people_user_id",
                table: "support_people",
                column: "user_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "check_in_commitments");

            migrationBuilder.DropTable(
                name: "plan_steps");

            migrationBuilder.DropTable(
                name: "support_people");

            migrationBuilder.DropTable(
                name: "check_ins");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sovereign.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Habits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "last_done_on",
                table: "habits",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "longest_streak",
                table: "habits",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "streak_period_count",
                table: "habits",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateOnly>(
                name: "streak_period_start",
                table: "habits",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "streak_run",
                table: "habits",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "target_per_period",
                table: "habits",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "version",
                table: "habits",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateOnly>(
                name: "local_date",
                table: "habit_logs",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.CreateTable(
                name: "habit_skips",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    habit_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    period_start = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false, defaultValueSql: "CURRENT_TIMESTAMP")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_habit_skips", x => x.id);
                    table.ForeignKey(
                        name: "fk_habit_skips_habits_habit_id_user_id",
                        columns: x => new { x.habit_id, x.user_id },
                        principalTable: "habits",
                        principalColumns: new[] { "id", "user_id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_habit_skips_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_habits_target_per_period",
                table: "habits",
                sql: "target_per_period >= 1 AND (frequency <> 'daily' OR target_per_period = 1) AND target_per_period <= 28");

            // Logs written before local dates existed count for their UTC day (the users' zones defaulted to UTC).
            migrationBuilder.Sql("UPDATE habit_logs SET local_date = substr(completed_at, 1, 10)");

            migrationBuilder.CreateIndex(
                name: "ix_habit_logs_habit_id_streak_count",
                table: "habit_logs",
                columns: new[] { "habit_id", "streak_count" });

            migrationBuilder.CreateIndex(
                name: "ux_habit_logs_habit_id_local_date",
                table: "habit_logs",
                columns: new[] { "habit_id", "local_date" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_habit_skips_habit_id_user_id",
                table: "habit_skips",
                columns: new[] { "habit_id", "user_id" });

            migrationBuilder.CreateIndex(
                name: "ix_habit_skips_user_id",
                table: "habit_skips",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ux_habit_skips_habit_id_period_start",
                table: "habit_skips",
                columns: new[] { "habit_id", "period_start" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "habit_skips");

            migrationBuilder.DropCheckConstraint(
                name: "ck_habits_target_per_period",
                table: "habits");

            migrationBuilder.DropIndex(
                name: "ix_habit_logs_habit_id_streak_count",
                table: "habit_logs");

            migrationBuilder.DropIndex(
                name: "ux_habit_logs_habit_id_local_date",
                table: "habit_logs");

            migrationBuilder.DropColumn(
                name: "last_done_on",
                table: "habits");

            migrationBuilder.DropColumn(
                name: "longest_streak",
                table: "habits");

            migrationBuilder.DropColumn(
                name: "streak_period_count",
                table: "habits");

            migrationBuilder.DropColumn(
                name: "streak_period_start",
                table: "habits");

            migrationBuilder.DropColumn(
                name: "streak_run",
                table: "habits");

            migrationBuilder.DropColumn(
                name: "target_per_period",
                table: "habits");

            migrationBuilder.DropColumn(
                name: "version",
                table: "habits");

            migrationBuilder.DropColumn(
                name: "local_date",
                table: "habit_logs");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sovereign.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SessionLock : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "lock_after_minutes",
                table: "users",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "pin_hash",
                table: "users",
                type: "TEXT",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "failed_unlocks",
                table: "user_sessions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddCheckConstraint(
                name: "ck_users_lock_after_minutes",
                table: "users",
                sql: "lock_after_minutes IN (5, 15, 60)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_users_lock_after_minutes",
                table: "users");

            migrationBuilder.DropColumn(
                name: "lock_after_minutes",
                table: "users");

            migrationBuilder.DropColumn(
                name: "pin_hash",
                table: "users");

            migrationBuilder.DropColumn(
                name: "failed_unlocks",
                table: "user_sessions");
        }
    }
}

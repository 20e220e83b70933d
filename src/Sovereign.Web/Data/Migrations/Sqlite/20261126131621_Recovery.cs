using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sovereign.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Recovery : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "idx_relapse_occurred_at",
                table: "relapse_events");

            migrationBuilder.AddColumn<string>(
                name: "helplines",
                table: "users",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "angry",
                table: "relapse_events",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "hungry",
                table: "relapse_events",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "lonely",
                table: "relapse_events",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "tired",
                table: "relapse_events",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "idx_relapse_occurred_at",
                table: "relapse_events",
                columns: new[] { "user_id", "occurred_at", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "idx_relapse_occurred_at",
                table: "relapse_events");

            migrationBuilder.DropColumn(
                name: "helplines",
                table: "users");

            migrationBuilder.DropColumn(
                name: "angry",
                table: "relapse_events");

            migrationBuilder.DropColumn(
                name: "hungry",
                table: "relapse_events");

            migrationBuilder.DropColumn(
                name: "lonely",
                table: "relapse_events");

            migrationBuilder.DropColumn(
                name: "tired",
                table: "relapse_events");

            migrationBuilder.CreateIndex(
                name: "idx_relapse_occurred_at",
                table: "relapse_events",
                columns: new[] { "user_id", "occurred_at" });
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sovereign.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ShareLinkHabits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "share_link_habits",
                columns: table => new
                {
                    share_link_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    habit_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_share_link_habits", x => new { x.share_link_id, x.habit_id });
                    table.ForeignKey(
                        name: "fk_share_link_habits_habits_habit_id_user_id",
                        columns: x => new { x.habit_id, x.user_id },
                        principalTable: "habits",
                        principalColumns: new[] { "id", "user_id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_share_link_habits_share_links_share_link_id_user_id",
                        columns: x => new { x.share_link_id, x.user_id },
                        principalTable: "share_links",
                        principalColumns: new[] { "id", "user_id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_share_link_habits_habit_id_user_id",
                table: "share_link_habits",
                columns: new[] { "habit_id", "user_id" });

            migrationBuilder.CreateIndex(
                name: "ix_share_link_habits_share_link_id_user_id",
                table: "share_link_habits",
                columns: new[] { "share_link_id", "user_id" });

            // A link that showed "habit streaks" showed every active habit: it goes on showing those, and no habit added later.
            migrationBuilder.Sql(
                "INSERT INTO share_link_habits (share_link_id, habit_id, user_id) " +
                "SELECT l.id, h.id, l.user_id FROM share_links l JOIN habits h ON h.user_id = l.user_id AND h.is_active WHERE l.show_habits");

            migrationBuilder.DropColumn(
                name: "show_habits",
                table: "share_links");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "share_link_habits");

            migrationBuilder.AddColumn<bool>(
                name: "show_habits",
                table: "share_links",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }
    }
}

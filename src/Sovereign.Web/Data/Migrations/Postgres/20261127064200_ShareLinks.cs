using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sovereign.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ShareLinks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "support_requested_at",
                table: "users",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "share_links",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    label = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    display_name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    token_hash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    show_habits = table.Column<bool>(type: "boolean", nullable: false),
                    show_check_in = table.Column<bool>(type: "boolean", nullable: false),
                    show_relapse_dates = table.Column<bool>(type: "boolean", nullable: false),
                    expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    last_opened_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    times_opened = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "CURRENT_TIMESTAMP"),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "CURRENT_TIMESTAMP")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_share_links", x => x.id);
                    table.UniqueConstraint("ak_share_links_id_user_id", x => new { x.id, x.user_id });
                    table.CheckConstraint("ck_share_links_times_opened", "times_opened >= 0");
                    table.ForeignKey(
                        name: "fk_share_links_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "share_link_tracks",
                columns: table => new
                {
                    share_link_id = table.Column<Guid>(type: "uuid", nullable: false),
                    track_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_share_link_tracks", x => new { x.share_link_id, x.track_id });
                    table.ForeignKey(
                        name: "fk_share_link_tracks_recovery_tracks_track_id_user_id",
                        columns: x => new { x.track_id, x.user_id },
                        principalTable: "recovery_tracks",
                        principalColumns: new[] { "id", "user_id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_share_link_tracks_share_links_share_link_id_user_id",
                        columns: x => new { x.share_link_id, x.user_id },
                        principalTable: "share_links",
                        principalColumns: new[] { "id", "user_id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_share_link_tracks_share_link_id_user_id",
                table: "share_link_tracks",
                columns: new[] { "share_link_id", "user_id" });

            migrationBuilder.CreateIndex(
                name: "ix_share_link_tracks_track_id_user_id",
                table: "share_link_tracks",
                columns: new[] { "track_id", "user_id" });

            migrationBuilder.CreateIndex(
                name: "ix_share_links_token_hash",
                table: "share_links",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_share_links_user_id",
                table: "share_links",
                column: "user_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "share_link_tracks");

            migrationBuilder.DropTable(
                name: "share_links");

            migrationBuilder.DropColumn(
                name: "support_requested_at",
                table: "users");
        }
    }
}

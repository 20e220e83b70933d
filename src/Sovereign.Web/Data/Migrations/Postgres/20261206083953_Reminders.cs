using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sovereign.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Reminders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "detailed_notifications",
                table: "users",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<TimeOnly>(
                name: "quiet_from",
                table: "users",
                type: "time without time zone",
                nullable: true);

            migrationBuilder.AddColumn<TimeOnly>(
                name: "quiet_until",
                table: "users",
                type: "time without time zone",
                nullable: true);

            migrationBuilder.AddColumn<TimeOnly>(
                name: "remind_check_in_at",
                table: "users",
                type: "time without time zone",
                nullable: true);

            migrationBuilder.AddColumn<TimeOnly>(
                name: "remind_commitment_at",
                table: "users",
                type: "time without time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "remind_milestones",
                table: "users",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<TimeOnly>(
                name: "remind_at",
                table: "habits",
                type: "time without time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "push_devices",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    share_link_id = table.Column<Guid>(type: "uuid", nullable: true),
                    endpoint = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    p256dh = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    auth = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "CURRENT_TIMESTAMP"),
                    last_delivered_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_push_devices", x => x.id);
                    table.CheckConstraint("ck_push_devices_one_owner", "(user_id IS NULL) <> (share_link_id IS NULL)");
                    table.ForeignKey(
                        name: "fk_push_devices_share_links_share_link_id",
                        column: x => x.share_link_id,
                        principalTable: "share_links",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_push_devices_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "vapid_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    public_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    protected_private_key = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_vapid_keys", x => x.id);
                    table.CheckConstraint("ck_vapid_keys_one_row", "id = 1");
                });

            migrationBuilder.CreateTable(
                name: "notifications",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    device_id = table.Column<Guid>(type: "uuid", nullable: false),
                    key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    body = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    url = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    habit_id = table.Column<Guid>(type: "uuid", nullable: true),
                    due_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    claimed_until = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    sent_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    given_up_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notifications", x => x.id);
                    table.ForeignKey(
                        name: "fk_notifications_push_devices_device_id",
                        column: x => x.device_id,
                        principalTable: "push_devices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_notifications_device_id_key",
                table: "notifications",
                columns: new[] { "device_id", "key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_notifications_due_at",
                table: "notifications",
                column: "due_at",
                filter: "sent_at IS NULL AND given_up_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_push_devices_share_link_id_endpoint",
                table: "push_devices",
                columns: new[] { "share_link_id", "endpoint" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_push_devices_user_id_endpoint",
                table: "push_devices",
                columns: new[] { "user_id", "endpoint" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "notifications");

            migrationBuilder.DropTable(
                name: "vapid_keys");

            migrationBuilder.DropTable(
                name: "push_devices");

            migrationBuilder.DropColumn(
                name: "detailed_notifications",
                table: "users");

            migrationBuilder.DropColumn(
                name: "quiet_from",
                table: "users");

            migrationBuilder.DropColumn(
                name: "quiet_until",
                table: "users");

            migrationBuilder.DropColumn(
                name: "remind_check_in_at",
                table: "users");

            migrationBuilder.DropColumn(
                name: "remind_commitment_at",
                table: "users");

            migrationBuilder.DropColumn(
                name: "remind_milestones",
                table: "users");

            migrationBuilder.DropColumn(
                name: "remind_at",
                table: "habits");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Isoc.Cms.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AuditLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "cms_audit",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    User = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    NodeKey = table.Column<Guid>(type: "TEXT", nullable: true),
                    NodeName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cms_audit", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_cms_audit_At",
                table: "cms_audit",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_cms_audit_NodeKey_At",
                table: "cms_audit",
                columns: new[] { "NodeKey", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_cms_audit_User_At",
                table: "cms_audit",
                columns: new[] { "User", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cms_audit");
        }
    }
}

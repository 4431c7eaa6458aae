using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Isoc.Plugins.Consent.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ConsentRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "consent_records",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ConsentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Granted = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Denied = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    PolicyVersion = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UserAgentFamily = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Culture = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_consent_records", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_consent_records_ConsentId",
                table: "consent_records",
                column: "ConsentId");

            migrationBuilder.CreateIndex(
                name: "IX_consent_records_RecordedAt",
                table: "consent_records",
                column: "RecordedAt");

            // Append-only in the database too: proof of consent that can be edited proves nothing.
            migrationBuilder.Sql("CREATE TRIGGER consent_records_no_update BEFORE UPDATE ON consent_records BEGIN SELECT RAISE(ABORT, 'consent records are append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER consent_records_no_delete BEFORE DELETE ON consent_records BEGIN SELECT RAISE(ABORT, 'consent records are append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS consent_records_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS consent_records_no_delete;");
            migrationBuilder.DropTable(
                name: "consent_records");
        }
    }
}

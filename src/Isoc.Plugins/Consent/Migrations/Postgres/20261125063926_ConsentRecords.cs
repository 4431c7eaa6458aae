using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Isoc.Plugins.Consent.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ConsentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Granted = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Denied = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    PolicyVersion = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UserAgentFamily = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Culture = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true)
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
            migrationBuilder.Sql("""
                CREATE FUNCTION consent_records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'consent records are append-only';
                END;
                $$;
                """);
            migrationBuilder.Sql("CREATE TRIGGER consent_records_no_change BEFORE UPDATE OR DELETE ON consent_records FOR EACH ROW EXECUTE FUNCTION consent_records_append_only();");
            migrationBuilder.Sql("CREATE TRIGGER consent_records_no_truncate BEFORE TRUNCATE ON consent_records FOR EACH STATEMENT EXECUTE FUNCTION consent_records_append_only();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS consent_records_no_change ON consent_records;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS consent_records_no_truncate ON consent_records;");
            migrationBuilder.DropTable(
                name: "consent_records");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS consent_records_append_only();");
        }
    }
}

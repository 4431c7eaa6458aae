using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Isoc.Plugins.Forms.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FormsInitial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "form_entries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FormKey = table.Column<Guid>(type: "TEXT", nullable: false),
                    FormAlias = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Culture = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ValuesJson = table.Column<string>(type: "TEXT", nullable: false),
                    SearchText = table.Column<string>(type: "TEXT", nullable: false),
                    PolicyVersion = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    PageUrl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_form_entries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "forms",
                columns: table => new
                {
                    Key = table.Column<Guid>(type: "TEXT", nullable: false),
                    Alias = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DefinitionXml = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forms", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "form_entry_files",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EntryId = table.Column<long>(type: "INTEGER", nullable: false),
                    FieldAlias = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Length = table.Column<long>(type: "INTEGER", nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_form_entry_files", x => x.Id);
                    table.ForeignKey(
                        name: "FK_form_entry_files_form_entries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "form_entries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "form_workflow_jobs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EntryId = table.Column<long>(type: "INTEGER", nullable: false),
                    FormAlias = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    WorkflowAlias = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LeaseUntil = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_form_workflow_jobs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_form_workflow_jobs_form_entries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "form_entries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_form_entries_CreatedAt",
                table: "form_entries",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_form_entries_FormKey_CreatedAt",
                table: "form_entries",
                columns: new[] { "FormKey", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_form_entry_files_EntryId",
                table: "form_entry_files",
                column: "EntryId");

            migrationBuilder.CreateIndex(
                name: "IX_form_workflow_jobs_EntryId",
                table: "form_workflow_jobs",
                column: "EntryId");

            migrationBuilder.CreateIndex(
                name: "IX_form_workflow_jobs_Status_NextAttemptAt",
                table: "form_workflow_jobs",
                columns: new[] { "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_forms_Alias",
                table: "forms",
                column: "Alias",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "form_entry_files");

            migrationBuilder.DropTable(
                name: "form_workflow_jobs");

            migrationBuilder.DropTable(
                name: "forms");

            migrationBuilder.DropTable(
                name: "form_entries");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Isoc.Cms.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "backoffice_roles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_backoffice_roles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "backoffice_users",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedUserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    EmailConfirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    PasswordHash = table.Column<string>(type: "TEXT", nullable: true),
                    SecurityStamp = table.Column<string>(type: "TEXT", nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "TEXT", nullable: true),
                    PhoneNumber = table.Column<string>(type: "TEXT", nullable: true),
                    PhoneNumberConfirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    LockoutEnd = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_backoffice_users", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "cms_content_nodes",
                columns: table => new
                {
                    Key = table.Column<Guid>(type: "TEXT", nullable: false),
                    ParentKey = table.Column<Guid>(type: "TEXT", nullable: true),
                    ContentTypeAlias = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    Trashed = table.Column<bool>(type: "INTEGER", nullable: false),
                    TrashedFromParentKey = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreateDate = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdateDate = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    CurrentVersionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cms_content_nodes", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "cms_content_versions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    NodeKey = table.Column<Guid>(type: "TEXT", nullable: false),
                    VersionNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Names = table.Column<string>(type: "TEXT", nullable: false),
                    Values = table.Column<string>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    RolledBackFromVersionId = table.Column<long>(type: "INTEGER", nullable: true),
                    PublishedCultures = table.Column<string>(type: "TEXT", nullable: false),
                    LastPublishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastPublishedBy = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cms_content_versions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "cms_data_types",
                columns: table => new
                {
                    Key = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    EditorAlias = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    DatabaseType = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Folder = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    ConfigJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cms_data_types", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "cms_document_types",
                columns: table => new
                {
                    Key = table.Column<Guid>(type: "TEXT", nullable: false),
                    Alias = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Icon = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: true),
                    AllowedAtRoot = table.Column<bool>(type: "INTEGER", nullable: false),
                    VariesByCulture = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsElement = table.Column<bool>(type: "INTEGER", nullable: false),
                    Folder = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    AllowedChildAliases = table.Column<string>(type: "TEXT", nullable: false),
                    CompositionAliases = table.Column<string>(type: "TEXT", nullable: false),
                    Properties = table.Column<string>(type: "TEXT", nullable: false),
                    Groups = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cms_document_types", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "cms_languages",
                columns: table => new
                {
                    Key = table.Column<Guid>(type: "TEXT", nullable: false),
                    IsoCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CultureName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    IsDefault = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsMandatory = table.Column<bool>(type: "INTEGER", nullable: false),
                    FallbackIsoCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cms_languages", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "cms_published_cultures",
                columns: table => new
                {
                    NodeKey = table.Column<Guid>(type: "TEXT", nullable: false),
                    Culture = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    VersionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    UrlSegment = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    PublishedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PublishedBy = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cms_published_cultures", x => new { x.NodeKey, x.Culture });
                });

            migrationBuilder.CreateTable(
                name: "cms_redirects",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Culture = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Path = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    NodeKey = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cms_redirects", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "cms_scheduled_changes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    NodeKey = table.Column<Guid>(type: "TEXT", nullable: false),
                    Culture = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Action = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DueAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    RequestedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cms_scheduled_changes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "backoffice_role_claims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RoleId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClaimType = table.Column<string>(type: "TEXT", nullable: true),
                    ClaimValue = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_backoffice_role_claims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_backoffice_role_claims_backoffice_roles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "backoffice_roles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "backoffice_user_claims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClaimType = table.Column<string>(type: "TEXT", nullable: true),
                    ClaimValue = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_backoffice_user_claims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_backoffice_user_claims_backoffice_users_UserId",
                        column: x => x.UserId,
                        principalTable: "backoffice_users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "backoffice_user_logins",
                columns: table => new
                {
                    LoginProvider = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderKey = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderDisplayName = table.Column<string>(type: "TEXT", nullable: true),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_backoffice_user_logins", x => new { x.LoginProvider, x.ProviderKey });
                    table.ForeignKey(
                        name: "FK_backoffice_user_logins_backoffice_users_UserId",
                        column: x => x.UserId,
                        principalTable: "backoffice_users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "backoffice_user_roles",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RoleId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_backoffice_user_roles", x => new { x.UserId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_backoffice_user_roles_backoffice_roles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "backoffice_roles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_backoffice_user_roles_backoffice_users_UserId",
                        column: x => x.UserId,
                        principalTable: "backoffice_users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "backoffice_user_tokens",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LoginProvider = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Value = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_backoffice_user_tokens", x => new { x.UserId, x.LoginProvider, x.Name });
                    table.ForeignKey(
                        name: "FK_backoffice_user_tokens_backoffice_users_UserId",
                        column: x => x.UserId,
                        principalTable: "backoffice_users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_backoffice_role_claims_RoleId",
                table: "backoffice_role_claims",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "backoffice_roles",
                column: "NormalizedName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_backoffice_user_claims_UserId",
                table: "backoffice_user_claims",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_backoffice_user_logins_UserId",
                table: "backoffice_user_logins",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_backoffice_user_roles_RoleId",
                table: "backoffice_user_roles",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "backoffice_users",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "backoffice_users",
                column: "NormalizedUserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cms_content_nodes_ParentKey_SortOrder",
                table: "cms_content_nodes",
                columns: new[] { "ParentKey", "SortOrder" });

            migrationBuilder.CreateIndex(
                name: "IX_cms_content_versions_NodeKey_VersionNumber",
                table: "cms_content_versions",
                columns: new[] { "NodeKey", "VersionNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cms_document_types_Alias",
                table: "cms_document_types",
                column: "Alias",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cms_languages_IsoCode",
                table: "cms_languages",
                column: "IsoCode",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cms_redirects_Culture_Path",
                table: "cms_redirects",
                columns: new[] { "Culture", "Path" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cms_scheduled_changes_DueAt",
                table: "cms_scheduled_changes",
                column: "DueAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "backoffice_role_claims");

            migrationBuilder.DropTable(
                name: "backoffice_user_claims");

            migrationBuilder.DropTable(
                name: "backoffice_user_logins");

            migrationBuilder.DropTable(
                name: "backoffice_user_roles");

            migrationBuilder.DropTable(
                name: "backoffice_user_tokens");

            migrationBuilder.DropTable(
                name: "cms_content_nodes");

            migrationBuilder.DropTable(
                name: "cms_content_versions");

            migrationBuilder.DropTable(
                name: "cms_data_types");

            migrationBuilder.DropTable(
                name: "cms_document_types");

            migrationBuilder.DropTable(
                name: "cms_languages");

            migrationBuilder.DropTable(
                name: "cms_published_cultures");

            migrationBuilder.DropTable(
                name: "cms_redirects");

            migrationBuilder.DropTable(
                name: "cms_scheduled_changes");

            migrationBuilder.DropTable(
                name: "backoffice_roles");

            migrationBuilder.DropTable(
                name: "backoffice_users");
        }
    }
}

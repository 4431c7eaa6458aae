using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Isoc.Cms.Data.Migrations.Postgres
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_backoffice_roles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "backoffice_users",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DisplayName = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedUserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedEmail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    EmailConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    PasswordHash = table.Column<string>(type: "text", nullable: true),
                    SecurityStamp = table.Column<string>(type: "text", nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true),
                    PhoneNumber = table.Column<string>(type: "text", nullable: true),
                    PhoneNumberConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    LockoutEnd = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_backoffice_users", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "cms_content_nodes",
                columns: table => new
                {
                    Key = table.Column<Guid>(type: "uuid", nullable: false),
                    ParentKey = table.Column<Guid>(type: "uuid", nullable: true),
                    ContentTypeAlias = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    SortOrder = table.Column<int>(type: "integer", nullable: false),
                    Trashed = table.Column<bool>(type: "boolean", nullable: false),
                    TrashedFromParentKey = table.Column<Guid>(type: "uuid", nullable: true),
                    CreateDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdateDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    CurrentVersionId = table.Column<long>(type: "bigint", nullable: false),
                    Revision = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cms_content_nodes", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "cms_content_versions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    NodeKey = table.Column<Guid>(type: "uuid", nullable: false),
                    VersionNumber = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Names = table.Column<string>(type: "text", nullable: false),
                    Values = table.Column<string>(type: "text", nullable: false),
                    Reason = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    RolledBackFromVersionId = table.Column<long>(type: "bigint", nullable: true),
                    PublishedCultures = table.Column<string>(type: "text", nullable: false),
                    LastPublishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastPublishedBy = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cms_content_versions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "cms_data_types",
                columns: table => new
                {
                    Key = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    EditorAlias = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    DatabaseType = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Folder = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    ConfigJson = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cms_data_types", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "cms_document_types",
                columns: table => new
                {
                    Key = table.Column<Guid>(type: "uuid", nullable: false),
                    Alias = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Icon = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Description = table.Column<string>(type: "text", nullable: true),
                    AllowedAtRoot = table.Column<bool>(type: "boolean", nullable: false),
                    VariesByCulture = table.Column<bool>(type: "boolean", nullable: false),
                    IsElement = table.Column<bool>(type: "boolean", nullable: false),
                    Folder = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    AllowedChildAliases = table.Column<string>(type: "text", nullable: false),
                    CompositionAliases = table.Column<string>(type: "text", nullable: false),
                    Properties = table.Column<string>(type: "text", nullable: false),
                    Groups = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cms_document_types", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "cms_languages",
                columns: table => new
                {
                    Key = table.Column<Guid>(type: "uuid", nullable: false),
                    IsoCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CultureName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    IsDefault = table.Column<bool>(type: "boolean", nullable: false),
                    IsMandatory = table.Column<bool>(type: "boolean", nullable: false),
                    FallbackIsoCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cms_languages", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "cms_published_cultures",
                columns: table => new
                {
                    NodeKey = table.Column<Guid>(type: "uuid", nullable: false),
                    Culture = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    VersionId = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    UrlSegment = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    PublishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    PublishedBy = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cms_published_cultures", x => new { x.NodeKey, x.Culture });
                });

            migrationBuilder.CreateTable(
                name: "cms_redirects",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Culture = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Path = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    NodeKey = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cms_redirects", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "cms_scheduled_changes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    NodeKey = table.Column<Guid>(type: "uuid", nullable: false),
                    Culture = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Action = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    DueAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RequestedBy = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    RequestedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastError = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cms_scheduled_changes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "backoffice_role_claims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RoleId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true),
                    ClaimValue = table.Column<string>(type: "text", nullable: true)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true),
                    ClaimValue = table.Column<string>(type: "text", nullable: true)
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
                    LoginProvider = table.Column<string>(type: "text", nullable: false),
                    ProviderKey = table.Column<string>(type: "text", nullable: false),
                    ProviderDisplayName = table.Column<string>(type: "text", nullable: true),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false)
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
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    RoleId = table.Column<Guid>(type: "uuid", nullable: false)
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
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    LoginProvider = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Value = table.Column<string>(type: "text", nullable: true)
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

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Isoc.Plugins.Analytics.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AnalyticsCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "analytics_days",
                columns: table => new
                {
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    views = table.Column<long>(type: "bigint", nullable: false),
                    visitors = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_analytics_days", x => x.day);
                });

            migrationBuilder.CreateTable(
                name: "analytics_page_views",
                columns: table => new
                {
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    path = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    culture = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    views = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_analytics_page_views", x => new { x.day, x.path, x.culture });
                });

            migrationBuilder.CreateTable(
                name: "analytics_referrers",
                columns: table => new
                {
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    host = table.Column<string>(type: "character varying(253)", maxLength: 253, nullable: false),
                    views = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_analytics_referrers", x => new { x.day, x.host });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "analytics_days");

            migrationBuilder.DropTable(
                name: "analytics_page_views");

            migrationBuilder.DropTable(
                name: "analytics_referrers");
        }
    }
}

using Isoc.Cms;
using Isoc.Cms.Data;
using Isoc.Cms.Security;
using Isoc.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Isoc.Tests.Infrastructure.TestContent;

namespace Isoc.Tests.Integration;

/// <summary>The first start of an empty database, and every start after it. The fixture's host is itself a first start.</summary>
public abstract class FirstStartTests(CmsFactory f)
{
    [Fact]
    public async Task The_host_runs_on_the_configured_provider()
    {
        var provider = await f.DbAsync(db => Task.FromResult(db.Database.ProviderName));

        Assert.Contains(f.Provider == DatabaseProvider.Postgres ? "Npgsql" : "Sqlite", provider, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_model_has_no_changes_missing_from_the_migrations()
    {
        var (pendingModelChanges, pendingMigrations) = await f.DbAsync(async db =>
            (db.Database.HasPendingModelChanges(), (await db.Database.GetPendingMigrationsAsync()).ToList()));

        Assert.False(pendingModelChanges, $"The {f.Provider} model differs from its migrations: add a migration to both providers.");
        Assert.Empty(pendingMigrations);
    }

    [Fact]
    public async Task First_start_imports_the_languages_and_document_types_of_the_seed()
    {
        var languages = f.ContentTypes.Languages;
        Assert.Contains(languages, l => l.IsoCode == En && l.IsDefault);
        Assert.Contains(languages, l => l.IsoCode == Et && !l.IsDefault);
        Assert.Equal(En, f.ContentTypes.DefaultLanguage.IsoCode);

        foreach (var alias in new[] { "home", "contentPage", "privacyPolicy", "folder" })
        {
            Assert.True(f.ContentTypes.Get(alias) is not null, $"The seed has no document type '{alias}'.");
        }

        var bodyText = f.ContentTypes.Get("contentPage")!.GetProperty("bodyText");
        Assert.NotNull(bodyText);
        Assert.True(bodyText.Mandatory);
        Assert.True(bodyText.VariesByCulture);
        Assert.Equal("Umbraco.RichText", bodyText.EditorAlias);
        Assert.True(await f.DbAsync(db => db.ContentNodes.AnyAsync()));
    }

    [Fact]
    public void First_start_publishes_the_home_page_at_the_root_of_both_cultures()
    {
        var home = f.Snapshot.Roots[0];

        Assert.Equal("home", home.ContentTypeAlias);
        Assert.Equal("/", f.Snapshot.GetPath(home.Key, En));
        Assert.Equal("/", f.Snapshot.GetPath(home.Key, Et));
    }

    [Fact]
    public async Task First_start_creates_one_administrator_with_the_configured_password()
    {
        await using var scope = f.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BackofficeUser>>();

        var all = await users.Users.ToListAsync();
        var admin = Assert.Single(all);
        Assert.Equal(CmsFactory.AdminEmail, admin.Email);
        Assert.Equal([admin.Id], (await users.GetUsersInRoleAsync(BackofficeRoles.Administrator)).Select(u => u.Id));
        Assert.True(await users.CheckPasswordAsync(admin, CmsFactory.AdminPassword));
    }

    [Fact]
    public async Task A_second_start_on_the_same_database_changes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync(f.Provider);
        DatabaseState before;
        await using (var first = new CmsFactory(database))
        {
            _ = first.Server;
            before = await DatabaseState.ReadAsync(first);
        }

        await using var second = new CmsFactory(database);
        _ = second.Server;
        var after = await DatabaseState.ReadAsync(second);

        Assert.True(before.Nodes > 0, "The first start imported nothing.");
        Assert.Equal(before, after);
        Assert.Equal(before.Paths, after.Paths);
        Assert.Equal(before.VersionIds, after.VersionIds);
    }

    private sealed record DatabaseState(
        int Languages,
        int DocumentTypes,
        int DataTypes,
        int Nodes,
        int Versions,
        int PublishedCultures,
        int Redirects,
        int Users,
        int Roles,
        int UserRoles,
        string VersionIds,
        string Paths)
    {
        public static async Task<DatabaseState> ReadAsync(CmsFactory factory)
        {
            var snapshot = factory.Snapshot;
            var paths = string.Join(" ", snapshot.Nodes.Keys.Order().SelectMany(k => snapshot.Cultures.Select(c => $"{c}:{snapshot.GetPath(k, c)}")));
            return await factory.DbAsync(async db => new DatabaseState(
                await db.Languages.CountAsync(),
                await db.DocumentTypes.CountAsync(),
                await db.DataTypes.CountAsync(),
                await db.ContentNodes.CountAsync(),
                await db.ContentVersions.CountAsync(),
                await db.PublishedCultures.CountAsync(),
                await db.Redirects.CountAsync(),
                await db.Users.CountAsync(),
                await db.Roles.CountAsync(),
                await db.UserRoles.CountAsync(),
                string.Join(",", await db.ContentVersions.OrderBy(v => v.Id).Select(v => v.Id).ToListAsync()),
                paths));
        }
    }
}

public sealed class SqliteFirstStartTests(SqliteCmsFactory f) : FirstStartTests(f), IClassFixture<SqliteCmsFactory>;

public sealed class PostgresFirstStartTests(PostgresCmsFactory f) : FirstStartTests(f), IClassFixture<PostgresCmsFactory>;

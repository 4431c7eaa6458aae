using Isoc.Cms;
using Isoc.Plugins.Policies;
using Isoc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Isoc.Tests.Policies;

/// <summary>The versions' tables on both providers: migrations under their own history table, the seed recorded, a publish and a correction.</summary>
public sealed class PolicyStorageTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Versions_are_recorded_and_corrected_in_the_plugins_own_tables(DatabaseProvider provider)
    {
        await using var host = await PolicyHost.StartAsync(provider);
        await using (var db = await host.Cms.Services.GetRequiredService<IPoliciesDbContextFactory>().CreateAsync(CancellationToken.None))
        {
            Assert.False(db.Database.HasPendingModelChanges());
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        }

        Assert.Equal(["2011-12-15"], host.Versions.All(PolicyHost.PolicyKey).Select(v => v.Label));

        await host.PublishAsync("en-US", "2026-11-20", host.SeedBody() + "\n\nA new paragraph.", "Added a paragraph.", material: true);
        await host.PublishAsync("en-US", "2026-11-20", host.SeedBody() + "\n\nA corrected paragraph.", "Added a paragraph.", material: true);

        var versions = host.Versions.All(PolicyHost.PolicyKey);
        Assert.Equal(["2011-12-15", "2026-11-20"], versions.Select(v => v.Label));
        Assert.True(versions[1].Material);
        Assert.Equal(1, versions[1].Corrections);
        Assert.EndsWith("A corrected paragraph.", versions[1].Texts["en-US"].Body.TrimEnd(), StringComparison.Ordinal);
        Assert.Equal([PolicyVersionChange.Created, PolicyVersionChange.Corrected], host.Published.All.Select(n => n.Change));
        var page = await host.PageAsync("/privacy-policy/versions/2026-11-20/");
        Assert.Contains("A corrected paragraph.", page.QuerySelector(".body-text")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restart_keeps_the_versions_and_records_nothing_twice()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using (var first = new CmsFactory(database))
        {
            _ = first.Server;
            Assert.Single(first.Services.GetRequiredService<IPolicyVersions>().All(PolicyHost.PolicyKey));
        }

        await using var second = new CmsFactory(database);
        _ = second.Server;
        var version = Assert.Single(second.Services.GetRequiredService<IPolicyVersions>().All(PolicyHost.PolicyKey));
        Assert.Equal("2011-12-15", version.Label);
        Assert.Equal(0, version.Corrections);
    }
}

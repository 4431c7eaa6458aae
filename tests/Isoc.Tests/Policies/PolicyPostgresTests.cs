using Isoc.Cms;
using Isoc.Plugins.Policies;
using Isoc.Tests.Infrastructure;

namespace Isoc.Tests.Policies;

/// <summary>The versions' tables on PostgreSQL: migrations under their own history table, the seed recorded, a publish and a correction.</summary>
public sealed class PolicyPostgresTests
{
    [Fact]
    public async Task Versions_are_recorded_and_corrected_on_postgresql()
    {
        await using var host = await PolicyHost.StartAsync(DatabaseProvider.Postgres);
        Assert.Equal(["2011-12-15"], host.Versions.All(PolicyHost.PolicyKey).Select(v => v.Label));

        await host.PublishAsync("en-US", "2026-11-20", host.SeedBody() + "\n\nA new paragraph.", "Added a paragraph.", material: true);
        await host.PublishAsync("en-US", "2026-11-20", host.SeedBody() + "\n\nA corrected paragraph.", "Added a paragraph.", material: true);

        var versions = host.Versions.All(PolicyHost.PolicyKey);
        Assert.Equal(["2011-12-15", "2026-11-20"], versions.Select(v => v.Label));
        Assert.True(versions[1].Material);
        Assert.Equal(1, versions[1].Corrections);
        Assert.EndsWith("A corrected paragraph.", versions[1].Texts["en-US"].Body, StringComparison.Ordinal);
        Assert.Equal([PolicyVersionChange.Created, PolicyVersionChange.Corrected], host.Published.All.Select(n => n.Change));
        var page = await host.PageAsync("/privacy-policy/versions/2026-11-20/");
        Assert.Contains("A corrected paragraph.", page.QuerySelector(".body-text")!.TextContent, StringComparison.Ordinal);
    }
}

using Isoc.Cms.Publishing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;

namespace Isoc.Plugins.Policies;

/// <summary>
/// At start: applies the plugin's migrations, records what is published of every privacy policy node that no version
/// holds yet (on the first start, the seeded 2011-12-15 policy becomes the first version; a publish made while the
/// plugin was switched off is caught up), and loads the versions into memory. Runs after the engine has built its snapshot.
/// </summary>
internal sealed class PoliciesInitializer(IPoliciesDbContextFactory contexts, PolicyVersionStore store, IPublishedSnapshotAccessor snapshots) : IHostedService
{
    public const string SystemUser = "system";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var db = await contexts.CreateAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var pending = await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false);
            if (pending.Any())
            {
                await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var node in snapshots.Current.Nodes.Values.Where(n => n.ContentTypeAlias == PolicyVersionStore.PolicyTypeAlias))
        {
            var publishedAt = node.Cultures.Values.Select(c => c.PublishDate).DefaultIfEmpty(node.CreateDate).Min();
            await store.RecordAsync(node, node.Cultures.Keys.ToList(), SystemUser, DateTime.SpecifyKind(publishedAt, DateTimeKind.Utc), cancellationToken).ConfigureAwait(false);
        }

        await store.ReloadAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

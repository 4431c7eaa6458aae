using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;

namespace Isoc.Plugins.Consent;

/// <summary>
/// Applies the plugin's migrations at start (its own history table, so the engine's migrations are not
/// touched), before the site takes requests; the append-only triggers come with them.
/// </summary>
internal sealed class ConsentDatabaseInitializer(IConsentDbContextFactory contexts) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var db = await contexts.CreateAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            // Migrate() diffs the model first, which costs a good part of a second; most starts have nothing to apply.
            var pending = await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false);
            if (pending.Any())
            {
                await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using Isoc.Cms;
using Isoc.Cms.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Isoc.Plugins.Forms;

/// <summary>
/// At start, before requests: applies the plugin's migrations, imports uSync/v17/Forms into a database that has
/// no forms yet (like the rest of uSync, only at first start), and loads the catalog.
/// </summary>
internal sealed partial class FormsInitializer(
    IFormsDbContextFactory contexts,
    IFormsSync sync,
    IFormCatalog catalog,
    USyncFolder usyncFolder,
    IOptions<InstallOptions> install,
    ILogger<FormsInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        bool empty;
        var db = await contexts.CreateAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var pending = await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false);
            if (pending.Any())
            {
                await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            }

            empty = !await db.Forms.AnyAsync(cancellationToken).ConfigureAwait(false);
        }

        if (empty && install.Value.ImportUSync && usyncFolder.Resolve() is { } folder)
        {
            var count = await sync.ImportAsync(folder, cancellationToken).ConfigureAwait(false);
            LogImported(logger, count, FormsSync.FolderOf(folder));
        }
        else
        {
            await catalog.ReloadAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported {Count} forms from {Folder}")]
    private static partial void LogImported(ILogger logger, int count, string folder);
}

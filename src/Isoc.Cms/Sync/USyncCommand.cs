using Isoc.Cms.Install;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Isoc.Cms.Sync;

public static class USyncCommand
{
    /// <summary>Runs "usync export &lt;folder&gt;" or "usync import &lt;folder&gt;" against the configured database, then exits.</summary>
    public static async Task<int> RunUSyncCommandAsync(this IHost host, string[] args)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(args);
        if (args is not [("export" or "import") and var verb, var folder])
        {
            await Console.Error.WriteLineAsync("usage: usync export <folder> | usync import <folder>").ConfigureAwait(false);
            return 2;
        }

        using var cts = new CancellationTokenSource();
        var initializer = host.Services.GetServices<IHostedService>().OfType<CmsInitializer>().Single();
        await initializer.StartAsync(cts.Token).ConfigureAwait(false);
        await using var scope = host.Services.CreateAsyncScope();
        var full = Path.GetFullPath(folder);
        try
        {
            if (verb == "export")
            {
                var count = await scope.ServiceProvider.GetRequiredService<IUSyncExporter>().ExportAsync(full, cts.Token).ConfigureAwait(false);
                Console.WriteLine($"Exported {count} files to {Path.Combine(full, "v17")}");
            }
            else
            {
                var result = await scope.ServiceProvider.GetRequiredService<IUSyncImporter>().ImportAsync(full, cts.Token).ConfigureAwait(false);
                Console.WriteLine($"Imported {result.Languages} languages, {result.DataTypes} data types, {result.ContentTypes} document types, {result.Content} content items");
            }
        }
        catch (USyncImportException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 1;
        }

        return 0;
    }
}

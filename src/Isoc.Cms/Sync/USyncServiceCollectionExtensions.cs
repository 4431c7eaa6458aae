using Microsoft.Extensions.DependencyInjection;

namespace Isoc.Cms.Sync;

internal static class USyncServiceCollectionExtensions
{
    public static IServiceCollection AddUSync(this IServiceCollection services)
    {
        // The importer and exporter are registered here.
        return services;
    }
}

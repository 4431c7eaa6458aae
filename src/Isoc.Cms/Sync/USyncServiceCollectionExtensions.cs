using Microsoft.Extensions.DependencyInjection;

namespace Isoc.Cms.Sync;

internal static class USyncServiceCollectionExtensions
{
    public static IServiceCollection AddUSync(this IServiceCollection services)
    {
        services.AddScoped<IUSyncImporter, USyncImporter>();
        services.AddScoped<IUSyncExporter, USyncExporter>();
        return services;
    }
}

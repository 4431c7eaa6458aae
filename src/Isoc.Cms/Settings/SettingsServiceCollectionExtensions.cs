using Microsoft.Extensions.DependencyInjection;

namespace Isoc.Cms.Settings;

public static class SettingsServiceCollectionExtensions
{
    /// <summary>The writers behind the backoffice's settings section: document types and data types.</summary>
    public static IServiceCollection AddIsocSettings(this IServiceCollection services)
    {
        services.AddScoped<DocumentTypeService>();
        services.AddScoped<DataTypeService>();
        return services;
    }
}

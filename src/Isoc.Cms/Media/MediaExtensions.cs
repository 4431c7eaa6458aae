using Isoc.Cms.Media;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

// In the engine's root namespace, like AddIsocCms, so Program.cs needs no using for it.
namespace Isoc.Cms;

public static class MediaExtensions
{
    /// <summary>The media library: items in the engine's database, files under the data folder, limits under Isoc:Media.</summary>
    public static IHostApplicationBuilder AddIsocMedia(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<MediaOptions>, MediaOptionsValidator>();
        services.AddSingleton<MediaFileStore>();
        services.AddSingleton<MediaLibrary>();
        services.AddScoped<MediaService>();
        services.AddHostedService<MediaLibraryLoader>();
        return builder;
    }

    /// <summary>Serves media files at /media/{key}/{file-name}.</summary>
    public static IEndpointRouteBuilder MapIsocMedia(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        MediaEndpoints.Map(endpoints);
        return endpoints;
    }
}

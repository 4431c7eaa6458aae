using Isoc.Cms.Delivery;
using Isoc.Cms.Publishing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

// In the engine's root namespace, like AddIsocCms, so Program.cs needs no using for it.
namespace Isoc.Cms;

public static class DeliveryApiExtensions
{
    /// <summary>Where the API answers, as in Umbraco.</summary>
    public const string BasePath = "/umbraco/delivery/api/v2";

    /// <summary>The OpenAPI document's name; it answers at <c>/umbraco/delivery/api/v2/openapi.json</c>.</summary>
    public const string OpenApiDocumentName = "v2";

    public const string OpenApiPath = BasePath + "/openapi.json";

    /// <summary>The headers an answer depends on, sent as "Vary" on every answer so no cache mixes them up.</summary>
    public const string VaryHeaders = "Accept-Language, Preview, Start-Item";

    /// <summary>The headless Content Delivery API v2 (settings under Isoc:DeliveryApi).</summary>
    public static IHostApplicationBuilder AddIsocDeliveryApi(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<DeliveryApiOptions>().BindConfiguration(DeliveryApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<DeliveryApiOptions>, DeliveryApiOptionsValidator>();
        services.TryAddSingleton<IDeliveryContentAccess, PublicDeliveryContentAccess>();
        services.AddSingleton<DeliveryApiService>();
        services.AddSingleton<DeliveryQueryCache>();
        services.AddSingleton<DeliveryOutputCacheEvictor>();
        services.AddOutputCache(o =>
        {
            o.AddPolicy(DeliveryOutputCachePolicy.ContentPolicy, new DeliveryOutputCachePolicy(media: false));
            o.AddPolicy(DeliveryOutputCachePolicy.MediaPolicy, new DeliveryOutputCachePolicy(media: true));
        });
        services.AddOpenApi(OpenApiDocumentName, o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith(BasePath[1..] + "/", StringComparison.OrdinalIgnoreCase) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Isoc Content Delivery API";
                document.Info.Version = "2.0";
                document.Info.Description = "Compatible with Umbraco's Content Delivery API v2: content by id, by route and by query; media (folders, images, files) by id, by path and by query.";
                return Task.CompletedTask;
            });
        });
        return builder;
    }

    /// <summary>Maps the API's endpoints and its OpenAPI document, with the request guard in front; nothing when the API is disabled.</summary>
    public static WebApplication MapIsocDeliveryApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<DeliveryApiOptions>>().Value;
        if (!options.Enabled)
        {
            return app;
        }

        app.UseWhen(
            http => http.Request.Path.StartsWithSegments(BasePath, StringComparison.OrdinalIgnoreCase),
            branch => branch.Use(DeliveryRequestGuard.InvokeAsync).UseOutputCache());
        app.Services.GetRequiredService<DeliveryOutputCacheEvictor>().Attach(app.Services.GetRequiredService<PublishedSnapshotService>());
        DeliveryApiEndpoints.Map(app.MapGroup(BasePath));
        app.MapOpenApi("/umbraco/delivery/api/{documentName}/openapi.json");
        return app;
    }
}

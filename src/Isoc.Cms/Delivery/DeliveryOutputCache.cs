using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Isoc.Cms.Publishing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Isoc.Cms.Delivery;

/// <summary>
/// The output cache policy of the API. The key varies by the whole query string, Accept-Language, Start-Item, Preview,
/// a hash of Api-Key (so a closed API never serves a cached answer to a request without the key: Umbraco's
/// CVE-2025-54425 was a cache that did not vary by it) and the snapshot generation (so nothing published before the
/// current snapshot is ever served). Preview reads drafts, and requests with credentials may see more than others:
/// neither is cached. Only 200 answers are stored.
/// </summary>
internal sealed class DeliveryOutputCachePolicy(bool media) : IOutputCachePolicy
{
    public const string Tag = "isoc-delivery-api";
    public const string ContentPolicy = "IsocDeliveryContent";
    public const string MediaPolicy = "IsocDeliveryMedia";

    private static readonly StringValues VaryHeaders = new(["Accept-Language", "Start-Item", "Preview"]);

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var options = http.RequestServices.GetRequiredService<IOptions<DeliveryApiOptions>>().Value.OutputCache;
        var headers = http.Request.Headers;
        var preview = bool.TryParse(headers["Preview"].ToString().Trim(), out var p) && p;
        var method = http.Request.Method;
        context.EnableOutputCaching = options.Enabled && !preview && StringValues.IsNullOrEmpty(headers.Authorization)
            && (HttpMethods.IsGet(method) || HttpMethods.IsHead(method));
        context.AllowCacheLookup = context.EnableOutputCaching;
        context.AllowCacheStorage = context.EnableOutputCaching;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = media ? options.MediaDuration : options.ContentDuration;
        context.Tags.Add(Tag);
        var generation = http.RequestServices.GetRequiredService<IPublishedSnapshotAccessor>().Current.Generation;
        // The raw query string, not QueryKeys = "*": that sorts repeated values (sort=…&sort=…) in the request itself,
        // and the order of sorts and ids is meaningful.
        context.CacheVaryByRules.VaryByValues["query"] = http.Request.QueryString.Value ?? "";
        context.CacheVaryByRules.HeaderNames = VaryHeaders;
        context.CacheVaryByRules.VaryByValues["generation"] = generation.ToString(CultureInfo.InvariantCulture);
        // Media answers, and content picking media, change when the media library does.
        context.CacheVaryByRules.VaryByValues["media"] = http.RequestServices.GetRequiredService<Isoc.Cms.Media.MediaLibrary>().Current.Generation.ToString(CultureInfo.InvariantCulture);
        context.CacheVaryByRules.VaryByValues["apiKey"] = HashKey(headers["Api-Key"].ToString());
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK || !StringValues.IsNullOrEmpty(response.Headers.SetCookie))
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }

    private static string HashKey(string key) =>
        key.Length == 0 ? "" : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}

/// <summary>Frees the cached answers of older snapshots when a new one is swapped in (the generation in the key already hides them).</summary>
internal sealed partial class DeliveryOutputCacheEvictor(IOutputCacheStore store, ILogger<DeliveryOutputCacheEvictor> logger)
{
    public void Attach(PublishedSnapshotService snapshots) => snapshots.SnapshotChanged += snapshot => _ = EvictAsync();

    private async Task EvictAsync()
    {
        try
        {
            await store.EvictByTagAsync(DeliveryOutputCachePolicy.Tag, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogEvictionFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Evicting the Delivery API's cached answers failed; they expire on their own")]
    private static partial void LogEvictionFailed(ILogger logger, Exception exception);
}

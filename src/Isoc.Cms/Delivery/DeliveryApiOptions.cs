using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Isoc.Cms.Delivery;

/// <summary>Settings under "Isoc:DeliveryApi", named as Umbraco names its "Umbraco:CMS:DeliveryApi" settings.</summary>
public sealed class DeliveryApiOptions
{
    public const string Section = "Isoc:DeliveryApi";

    /// <summary>The API is opt-in, as in Umbraco: when false no endpoint is mapped and every path under it is a 404.</summary>
    public bool Enabled { get; set; }

    /// <summary>When false every request needs the <see cref="ApiKey"/> in an "Api-Key" header.</summary>
    public bool PublicAccess { get; set; } = true;

    /// <summary>The key for preview ("Preview: true") and, when <see cref="PublicAccess"/> is false, for every request. Empty: no preview.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Content types never exposed through the API (their items answer 404 and are left out of queries).</summary>
    public IList<string> DisallowedContentTypeAliases { get; } = new List<string>();

    /// <summary>When not empty, only these content types are exposed; it wins over <see cref="DisallowedContentTypeAliases"/>.</summary>
    public IList<string> AllowedContentTypeAliases { get; } = new List<string>();

    /// <summary>The largest "take" honoured; a larger one is capped to this, not refused.</summary>
    [Range(1, 10_000)]
    public int MaxTake { get; set; } = 100;

    /// <summary>A longer query string is refused with a 400 before any parsing.</summary>
    [Range(64, 65_536)]
    public int MaxQueryStringLength { get; set; } = 4096;

    /// <summary>At most this many ids in one "content/items?id=…" request.</summary>
    [Range(1, 10_000)]
    public int MaxItemsPerRequest { get; set; } = 100;

    /// <summary>Caching of answers in memory, as Umbraco's "DeliveryApi:OutputCache" settings.</summary>
    public DeliveryOutputCacheOptions OutputCache { get; } = new();

    internal bool IsAllowed(string contentTypeAlias)
    {
        if (AllowedContentTypeAliases.Count > 0)
        {
            return AllowedContentTypeAliases.Contains(contentTypeAlias, StringComparer.OrdinalIgnoreCase);
        }

        return !DisallowedContentTypeAliases.Contains(contentTypeAlias, StringComparer.OrdinalIgnoreCase);
    }
}

/// <summary>
/// Settings under "Isoc:DeliveryApi:OutputCache". Answers are cached per snapshot generation, so a publish makes every
/// older answer unreachable at once (and frees it); preview answers and requests with credentials are never cached.
/// </summary>
public sealed class DeliveryOutputCacheOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>How long a content answer may be served from the cache when nothing is published meanwhile.</summary>
    public TimeSpan ContentDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a media answer may be served from the cache.</summary>
    public TimeSpan MediaDuration { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Rules across fields: a closed API needs a key to be opened with.</summary>
internal sealed class DeliveryApiOptionsValidator : IValidateOptions<DeliveryApiOptions>
{
    public ValidateOptionsResult Validate(string? name, DeliveryApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Enabled && !options.PublicAccess && string.IsNullOrWhiteSpace(options.ApiKey))
        {
            return ValidateOptionsResult.Fail("Isoc:DeliveryApi:PublicAccess is false but Isoc:DeliveryApi:ApiKey is empty: nobody could read the API.");
        }

        if (options.ApiKey is { Length: > 0 and < 16 })
        {
            return ValidateOptionsResult.Fail("Isoc:DeliveryApi:ApiKey must be at least 16 characters long.");
        }

        if (options.OutputCache.ContentDuration <= TimeSpan.Zero || options.OutputCache.MediaDuration <= TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail("Isoc:DeliveryApi:OutputCache:ContentDuration and MediaDuration must be positive (switch the cache off with OutputCache:Enabled instead).");
        }

        return ValidateOptionsResult.Success;
    }
}

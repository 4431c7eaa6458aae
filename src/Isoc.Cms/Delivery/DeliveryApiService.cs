using System.Security.Cryptography;
using System.Text;
using Isoc.Cms.Content;
using Isoc.Cms.Publishing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Isoc.Cms.Delivery;

/// <summary>The request headers every Delivery API endpoint reads (bound by name so the OpenAPI document lists them).</summary>
internal sealed class DeliveryHeaders
{
    [FromHeader(Name = "Accept-Language")]
    public string? AcceptLanguage { get; set; }

    [FromHeader(Name = "Api-Key")]
    public string? ApiKey { get; set; }

    [FromHeader(Name = "Preview")]
    public string? Preview { get; set; }

    [FromHeader(Name = "Start-Item")]
    public string? StartItem { get; set; }

    public bool WantsPreview => bool.TryParse(Preview?.Trim(), out var preview) && preview;
}

/// <summary>What every endpoint needs before it reads: access checks, the culture, the reader over the current snapshot.</summary>
internal sealed class DeliveryApiService(
    IPublishedSnapshotAccessor snapshots,
    ContentTypeRegistry contentTypes,
    IOptions<DeliveryApiOptions> options,
    IDeliveryContentAccess access,
    DeliveryQueryCache queryCache,
    IEnumerable<IDeliveryPropertyProvider> propertyProviders,
    Isoc.Cms.Media.MediaLibrary media)
{
    private readonly IDeliveryPropertyProvider[] _propertyProviders = propertyProviders.ToArray();

    public DeliveryApiOptions Options => options.Value;

    public ContentTypeRegistry ContentTypes => contentTypes;

    /// <summary>The media library as it is now: media endpoints and media pickers read it, never the database.</summary>
    public Isoc.Cms.Media.MediaSnapshot Media => media.Current;

    /// <summary>
    /// A 401 when the API is closed (PublicAccess false) and the key is missing or wrong, or when preview is asked for
    /// without the right key (Umbraco answers 401 there too); otherwise null, with whether this request previews.
    /// </summary>
    public IResult? Authorize(DeliveryHeaders headers, out bool preview)
    {
        preview = headers.WantsPreview;
        var keyMatches = KeyMatches(headers.ApiKey, Options.ApiKey);
        if (!Options.PublicAccess && !keyMatches)
        {
            preview = false;
            return DeliveryProblems.Unauthorized("This Delivery API needs an 'Api-Key' header with the configured key.");
        }

        if (preview && !keyMatches)
        {
            preview = false;
            return DeliveryProblems.Unauthorized("Preview needs an 'Api-Key' header with the configured key.");
        }

        return null;
    }

    public DeliveryContentReader CreateReader(HttpContext http, DeliveryHeaders headers)
    {
        var snapshot = snapshots.Current;
        return new DeliveryContentReader(snapshot, ResolveCulture(headers.AcceptLanguage, snapshot), headers.StartItem, Options, access, http.User, queryCache);
    }

    public DeliveryJsonWriter CreateWriter(DeliveryContentReader reader) => new(reader, contentTypes, _propertyProviders, media.Current);

    /// <summary>The draft of an item for preview, read through the content service (the one place the API reads the database).</summary>
    public async Task<DeliveryItem?> GetDraftAsync(IContentService content, DeliveryContentReader reader, Guid key, System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var draft = await content.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (draft is null || draft.Trashed || !Options.IsAllowed(draft.ContentTypeAlias))
        {
            return null;
        }

        if (reader.Snapshot.Get(key) is { } published && !access.CanRead(published, user))
        {
            return null;
        }

        return reader.ToItem(draft, contentTypes.Get(draft.ContentTypeAlias));
    }

    /// <summary>
    /// The first language of Accept-Language (by quality) the site has, matched on the full tag ("et-EE") or the language
    /// alone ("et"); the default language when the header is absent or names none of the site's languages.
    /// </summary>
    public static string ResolveCulture(string? acceptLanguage, PublishedSnapshot snapshot)
    {
        if (string.IsNullOrWhiteSpace(acceptLanguage))
        {
            return snapshot.DefaultCulture;
        }

        var candidates = acceptLanguage.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select((part, index) =>
            {
                var semicolon = part.IndexOf(';', StringComparison.Ordinal);
                var tag = (semicolon < 0 ? part : part[..semicolon]).Trim();
                var quality = 1.0;
                if (semicolon >= 0 && part[(semicolon + 1)..].Trim() is { } q && q.StartsWith("q=", StringComparison.OrdinalIgnoreCase)
                    && double.TryParse(q[2..], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
                {
                    quality = parsed;
                }

                return (Tag: tag, Quality: quality, Index: index);
            })
            .Where(c => c.Quality > 0 && c.Tag.Length > 0 && c.Tag != "*")
            .OrderByDescending(c => c.Quality).ThenBy(c => c.Index);
        foreach (var (tag, _, _) in candidates)
        {
            var exact = snapshot.Cultures.FirstOrDefault(c => string.Equals(c, tag, StringComparison.OrdinalIgnoreCase));
            if (exact is not null)
            {
                return exact;
            }

            var language = snapshot.Cultures.FirstOrDefault(c => c.StartsWith(tag + "-", StringComparison.OrdinalIgnoreCase));
            if (language is not null)
            {
                return language;
            }
        }

        return snapshot.DefaultCulture;
    }

    /// <summary>Compares in constant time (over hashes, so not even the length of the key leaks); an unset key never matches.</summary>
    public static bool KeyMatches(string? given, string? configured)
    {
        if (string.IsNullOrEmpty(configured) || string.IsNullOrEmpty(given))
        {
            return false;
        }

        Span<byte> a = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> b = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(given), a);
        SHA256.HashData(Encoding.UTF8.GetBytes(configured), b);
        return CryptographicOperations.FixedTimeEquals(a, b);
    }
}

/// <summary>The API's error answers: RFC 9457 problem details ("application/problem+json") naming what was wrong.</summary>
internal static class DeliveryProblems
{
    public static IResult BadRequest(string parameter, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: $"Invalid '{parameter}'",
            extensions: new Dictionary<string, object?> { ["parameter"] = parameter });

    public static IResult NotFound(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static IResult Unauthorized(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
}

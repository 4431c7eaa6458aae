using System.Text.Json;
using Isoc.Cms.Publishing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Isoc.Cms.Delivery;

/// <summary>The endpoints of the Content Delivery API v2, as minimal APIs; every answer comes from the published snapshot except in preview.</summary>
internal static class DeliveryApiEndpoints
{
    private const string Json = "application/json";

    public static void Map(RouteGroupBuilder group)
    {
        var content = group.MapGroup("content").WithTags("Content").CacheOutput(DeliveryOutputCachePolicy.ContentPolicy);
        Describe(content.MapGet("item/{id:guid}", GetContentByIdAsync), "GetContentItemById", "Gets a content item by id (its GUID key).", notFound: true);
        Describe(content.MapGet("item/{*path}", GetContentByPathAsync), "GetContentItemByPath", "Gets a content item by route path, relative to the start item (e.g. about/).", notFound: true);
        Describe(content.MapGet("items", GetContentItemsAsync), "GetContentItems", "Gets content items by id; unknown ids are left out.", notFound: false);
        Describe(content.MapGet("", QueryContentAsync), "QueryContent", "Gets a page of content items from a query: fetch, filter, sort, skip, take.", notFound: true);

        var media = group.MapGroup("media").WithTags("Media").CacheOutput(DeliveryOutputCachePolicy.MediaPolicy);
        Describe(media.MapGet("item/{id:guid}", GetMediaById), "GetMediaItemById", "Gets a media item (folder, image or file) by id (its GUID key).", notFound: true);
        Describe(media.MapGet("item/{*path}", GetMediaByPath), "GetMediaItemByPath", "Gets a media item by its path in the media tree (e.g. images/logo/).", notFound: true);
        Describe(media.MapGet("items", GetMediaItems), "GetMediaItems", "Gets media items by id; unknown ids are left out.", notFound: false);
        Describe(media.MapGet("", QueryMedia), "QueryMedia", "Gets a page of media items: fetch=children:{id|path} ('children:/' for the roots), filter by mediaType and name, sort by name, createDate, updateDate, sortOrder.", notFound: true);
    }

    private static void Describe(RouteHandlerBuilder endpoint, string name, string summary, bool notFound)
    {
        endpoint.WithName(name).WithSummary(summary)
            .Produces(StatusCodes.Status200OK, contentType: Json)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        if (notFound)
        {
            endpoint.ProducesProblem(StatusCodes.Status404NotFound);
        }
    }

    private static async Task<IResult> GetContentByIdAsync(
        Guid id,
        [FromQuery] string? expand,
        [FromQuery] string? fields,
        [AsParameters] DeliveryHeaders headers,
        HttpContext http,
        [FromServices] DeliveryApiService api,
        CancellationToken cancellationToken)
    {
        if (api.Authorize(headers, out var preview) is { } denied)
        {
            return denied;
        }

        if (ParseSelections(expand, fields, out var expandSelection, out var fieldsSelection) is { } invalid)
        {
            return invalid;
        }

        var reader = api.CreateReader(http, headers);
        var item = preview
            ? await api.GetDraftAsync(ContentService(http), reader, id, http.User, cancellationToken).ConfigureAwait(false)
            : reader.GetVisible(id) is { } node ? reader.ToItem(node) : null;
        return item is null
            ? DeliveryProblems.NotFound($"No content item with id {id}.")
            : Write(json => api.CreateWriter(reader).WriteItem(json, item, expandSelection, fieldsSelection));
    }

    private static async Task<IResult> GetContentByPathAsync(
        string? path,
        [FromQuery] string? expand,
        [FromQuery] string? fields,
        [AsParameters] DeliveryHeaders headers,
        HttpContext http,
        [FromServices] DeliveryApiService api,
        CancellationToken cancellationToken)
    {
        if (api.Authorize(headers, out var preview) is { } denied)
        {
            return denied;
        }

        path ??= "";
        if (DeliveryRequestGuard.InvalidPath(path) is { } pathError)
        {
            return DeliveryProblems.BadRequest("path", pathError);
        }

        if (ParseSelections(expand, fields, out var expandSelection, out var fieldsSelection) is { } invalid)
        {
            return invalid;
        }

        var reader = api.CreateReader(http, headers);
        DeliveryItem? item = null;
        var trimmed = path.Trim('/');
        if (trimmed.StartsWith("preview-", StringComparison.OrdinalIgnoreCase) && Guid.TryParse(trimmed["preview-".Length..], out var previewKey))
        {
            // A never-published item has no route yet; preview reaches it at "preview-{id}".
            if (preview)
            {
                item = await api.GetDraftAsync(ContentService(http), reader, previewKey, http.User, cancellationToken).ConfigureAwait(false);
            }
        }
        else if (reader.ResolvePath(path) is { } node)
        {
            item = preview
                ? await api.GetDraftAsync(ContentService(http), reader, node.Key, http.User, cancellationToken).ConfigureAwait(false)
                : reader.ToItem(node);
        }

        return item is null
            ? DeliveryProblems.NotFound($"No content item at '{path}'.")
            : Write(json => api.CreateWriter(reader).WriteItem(json, item, expandSelection, fieldsSelection));
    }

    private static async Task<IResult> GetContentItemsAsync(
        [FromQuery(Name = "id")] string[]? id,
        [FromQuery] string? expand,
        [FromQuery] string? fields,
        [AsParameters] DeliveryHeaders headers,
        HttpContext http,
        [FromServices] DeliveryApiService api,
        CancellationToken cancellationToken)
    {
        if (api.Authorize(headers, out var preview) is { } denied)
        {
            return denied;
        }

        if (ParseIds(id, api.Options.MaxItemsPerRequest, out var keys) is { } badIds)
        {
            return badIds;
        }

        if (ParseSelections(expand, fields, out var expandSelection, out var fieldsSelection) is { } invalid)
        {
            return invalid;
        }

        var reader = api.CreateReader(http, headers);
        var items = new List<DeliveryItem>(keys.Count);
        foreach (var key in keys)
        {
            var item = preview
                ? await api.GetDraftAsync(ContentService(http), reader, key, http.User, cancellationToken).ConfigureAwait(false)
                : reader.GetVisible(key) is { } node ? reader.ToItem(node) : null;
            if (item is not null)
            {
                items.Add(item);
            }
        }

        return Write(json => api.CreateWriter(reader).WriteArray(json, items, expandSelection, fieldsSelection));
    }

    private static async Task<IResult> QueryContentAsync(
        [FromQuery] string? fetch,
        [FromQuery] string[]? filter,
        [FromQuery] string[]? sort,
        [FromQuery] string? skip,
        [FromQuery] string? take,
        [FromQuery] string? expand,
        [FromQuery] string? fields,
        [AsParameters] DeliveryHeaders headers,
        HttpContext http,
        [FromServices] DeliveryApiService api,
        CancellationToken cancellationToken)
    {
        if (api.Authorize(headers, out var preview) is { } denied)
        {
            return denied;
        }

        var fetchResult = DeliveryQueryParser.ParseFetch(fetch);
        var filterResult = DeliveryQueryParser.ParseFilters(filter);
        var sortResult = DeliveryQueryParser.ParseSorts(sort);
        var paging = DeliveryQueryParser.ParsePaging(skip, take, api.Options.MaxTake);
        if (FirstError(fetchResult.Parameter, fetchResult.Error, filterResult.Parameter, filterResult.Error, sortResult.Parameter, sortResult.Error, paging.Parameter, paging.Error) is { } error)
        {
            return error;
        }

        if (fetchResult.Value is { } selector && DeliveryRequestGuard.InvalidPath(selector.Target) is { } pathError)
        {
            return DeliveryProblems.BadRequest("fetch", pathError);
        }

        if (ParseSelections(expand, fields, out var expandSelection, out var fieldsSelection) is { } invalid)
        {
            return invalid;
        }

        var reader = api.CreateReader(http, headers);
        var results = reader.Query(fetchResult.Value, filterResult.Value!, sortResult.Value!, out var targetFound);
        if (!targetFound)
        {
            return DeliveryProblems.NotFound($"The fetch target '{fetchResult.Value!.Target}' does not exist.");
        }

        var (skipCount, takeCount) = paging.Value;
        var items = new List<DeliveryItem>(Math.Min(takeCount, results.Count));
        foreach (var node in results.Skip(skipCount).Take(takeCount))
        {
            var item = preview
                ? await api.GetDraftAsync(ContentService(http), reader, node.Key, http.User, cancellationToken).ConfigureAwait(false) ?? reader.ToItem(node)
                : reader.ToItem(node);
            if (item is not null)
            {
                items.Add(item);
            }
        }

        return Write(json => api.CreateWriter(reader).WritePage(json, results.Count, items, expandSelection, fieldsSelection));
    }

    private static IResult GetMediaById(
        Guid id,
        [FromQuery] string? expand,
        [FromQuery] string? fields,
        [AsParameters] DeliveryHeaders headers,
        [FromServices] DeliveryApiService api)
    {
        if (api.Authorize(headers, out _) is { } denied)
        {
            return denied;
        }

        return ParseSelections(expand, fields, out _, out _)
            ?? (api.Media.Get(id) is { } item
                ? Write(json => DeliveryMedia.WriteItem(json, item))
                : DeliveryProblems.NotFound($"No media item with id {id}."));
    }

    private static IResult GetMediaByPath(
        string? path,
        [FromQuery] string? expand,
        [FromQuery] string? fields,
        [AsParameters] DeliveryHeaders headers,
        [FromServices] DeliveryApiService api)
    {
        if (api.Authorize(headers, out _) is { } denied)
        {
            return denied;
        }

        if (DeliveryRequestGuard.InvalidPath(path ?? "") is { } pathError)
        {
            return DeliveryProblems.BadRequest("path", pathError);
        }

        return ParseSelections(expand, fields, out _, out _)
            ?? (api.Media.GetByPath(path ?? "") is { } item && (path ?? "").Trim('/').Length > 0
                ? Write(json => DeliveryMedia.WriteItem(json, item))
                : DeliveryProblems.NotFound($"No media item at '{path}'."));
    }

    private static IResult GetMediaItems(
        [FromQuery(Name = "id")] string[]? id,
        [FromQuery] string? expand,
        [FromQuery] string? fields,
        [AsParameters] DeliveryHeaders headers,
        [FromServices] DeliveryApiService api)
    {
        if (api.Authorize(headers, out _) is { } denied)
        {
            return denied;
        }

        var media = api.Media;
        return ParseIds(id, api.Options.MaxItemsPerRequest, out var keys)
            ?? ParseSelections(expand, fields, out _, out _)
            ?? Write(json =>
            {
                json.WriteStartArray();
                foreach (var item in keys.Select(media.Get).OfType<Isoc.Cms.Media.MediaItem>())
                {
                    DeliveryMedia.WriteItem(json, item);
                }

                json.WriteEndArray();
            });
    }

    private static IResult QueryMedia(
        [FromQuery] string? fetch,
        [FromQuery] string[]? filter,
        [FromQuery] string[]? sort,
        [FromQuery] string? skip,
        [FromQuery] string? take,
        [FromQuery] string? expand,
        [FromQuery] string? fields,
        [AsParameters] DeliveryHeaders headers,
        [FromServices] DeliveryApiService api)
    {
        if (api.Authorize(headers, out _) is { } denied)
        {
            return denied;
        }

        if (string.IsNullOrEmpty(fetch))
        {
            return DeliveryProblems.BadRequest("fetch", "Media queries need 'fetch=children:{id|path}' ('children:/' for the media roots).");
        }

        var fetchResult = DeliveryQueryParser.ParseFetch(fetch, DeliveryQueryKind.Media);
        var filterResult = DeliveryQueryParser.ParseFilters(filter, DeliveryQueryKind.Media);
        var sortResult = DeliveryQueryParser.ParseSorts(sort, DeliveryQueryKind.Media);
        var paging = DeliveryQueryParser.ParsePaging(skip, take, api.Options.MaxTake);
        if (FirstError(fetchResult.Parameter, fetchResult.Error, filterResult.Parameter, filterResult.Error, sortResult.Parameter, sortResult.Error, paging.Parameter, paging.Error) is { } error)
        {
            return error;
        }

        if (DeliveryRequestGuard.InvalidPath(fetchResult.Value!.Target) is { } pathError)
        {
            return DeliveryProblems.BadRequest("fetch", pathError);
        }

        if (ParseSelections(expand, fields, out _, out _) is { } invalid)
        {
            return invalid;
        }

        var results = DeliveryMedia.Query(api.Media, fetchResult.Value, filterResult.Value!, sortResult.Value!);
        if (results is null)
        {
            return DeliveryProblems.NotFound($"The fetch target '{fetchResult.Value.Target}' does not exist.");
        }

        var (skipCount, takeCount) = paging.Value;
        return Write(json =>
        {
            json.WriteStartObject();
            json.WriteNumber("total", results.Count);
            json.WriteStartArray("items");
            foreach (var item in results.Skip(skipCount).Take(takeCount))
            {
                DeliveryMedia.WriteItem(json, item);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    private static Isoc.Cms.Publishing.IContentService ContentService(HttpContext http) =>
        http.RequestServices.GetRequiredService<IContentService>();

    private static FileContentHttpResult Write(Action<Utf8JsonWriter> write) =>
        TypedResults.Bytes(DeliveryJsonWriter.Write(write), Json + "; charset=utf-8");

    private static IResult? ParseSelections(string? expand, string? fields, out PropertySelection? expandSelection, out PropertySelection? fieldsSelection)
    {
        var expandResult = PropertySelection.Parse(expand, "expand");
        var fieldsResult = PropertySelection.Parse(fields, "fields");
        expandSelection = expandResult.Value;
        fieldsSelection = fieldsResult.Value;
        return FirstError(expandResult.Parameter, expandResult.Error, fieldsResult.Parameter, fieldsResult.Error);
    }

    private static IResult? ParseIds(string[]? values, int max, out List<Guid> keys)
    {
        keys = [];
        foreach (var value in values ?? [])
        {
            foreach (var part in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Guid.TryParse(part, out var key))
                {
                    return DeliveryProblems.BadRequest("id", $"'{part}' is not a GUID.");
                }

                if (!keys.Contains(key))
                {
                    keys.Add(key);
                }
            }
        }

        return keys.Count > max ? DeliveryProblems.BadRequest("id", $"At most {max} ids per request.") : null;
    }

    private static IResult? FirstError(params string?[] parametersAndErrors)
    {
        for (var i = 0; i + 1 < parametersAndErrors.Length; i += 2)
        {
            if (parametersAndErrors[i + 1] is { } error)
            {
                return DeliveryProblems.BadRequest(parametersAndErrors[i] ?? "query", error);
            }
        }

        return null;
    }
}

using System.Text.Json;
using Isoc.Cms.Media;

namespace Isoc.Cms.Delivery;

/// <summary>
/// Media in the Delivery API v2 shape: a media item
/// <c>{"path","createDate","updateDate","id","name","mediaType","url","extension","width","height","bytes","properties","crops","focalPoint"}</c>,
/// and, inside content, a MediaPicker3 value as an array of the same without path and dates. Images carry their alt text
/// as the property "altText" of the Image media type.
/// </summary>
internal static class DeliveryMedia
{
    public static void WriteItem(Utf8JsonWriter json, MediaItem item) => Write(json, item, full: true);

    public static void WritePicked(Utf8JsonWriter json, MediaSnapshot media, string? value)
    {
        json.WriteStartArray();
        foreach (var item in media.Picked(value))
        {
            Write(json, item, full: false);
        }

        json.WriteEndArray();
    }

    private static void Write(Utf8JsonWriter json, MediaItem item, bool full)
    {
        json.WriteStartObject();
        if (full)
        {
            json.WriteString("path", item.Path);
            json.WriteString("createDate", DeliveryJsonWriter.FormatDate(item.CreateDate));
            json.WriteString("updateDate", DeliveryJsonWriter.FormatDate(item.UpdateDate));
        }

        json.WriteString("id", item.Key);
        json.WriteString("name", item.Name);
        json.WriteString("mediaType", item.MediaType);
        json.WriteString("url", item.Url ?? "");
        WriteStringOrNull(json, "extension", item.Extension);
        WriteNumberOrNull(json, "width", item.Width);
        WriteNumberOrNull(json, "height", item.Height);
        if (item.IsFolder)
        {
            json.WriteNull("bytes");
        }
        else
        {
            json.WriteNumber("bytes", item.Bytes);
        }

        json.WriteStartObject("properties");
        if (item.IsImage)
        {
            WriteStringOrNull(json, "altText", item.AltText);
        }

        json.WriteEndObject();
        json.WriteStartArray("crops");
        json.WriteEndArray();
        json.WriteNull("focalPoint");
        json.WriteEndObject();
    }

    private static void WriteStringOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>The items of a media query: children of a folder (or the roots for "/"), filtered and sorted; null when the target does not exist.</summary>
    public static IReadOnlyList<MediaItem>? Query(MediaSnapshot media, FetchSelector fetch, IReadOnlyList<QueryFilter> filters, IReadOnlyList<SortOption> sorts)
    {
        Guid? parent;
        if (fetch.TargetId is { } id)
        {
            if (media.Get(id) is not { } folder)
            {
                return null;
            }

            parent = folder.Key;
        }
        else if (fetch.Target.Trim('/').Length == 0)
        {
            parent = null;
        }
        else if (media.GetByPath(fetch.Target) is { } folder)
        {
            parent = folder.Key;
        }
        else
        {
            return null;
        }

        IEnumerable<MediaItem> items = media.Children(parent).Where(i => filters.All(f => Matches(i, f)));
        IOrderedEnumerable<MediaItem>? ordered = null;
        foreach (var sort in sorts)
        {
            ordered = sort.Field switch
            {
                SortField.Name => Then(ordered, items, i => i.Name, sort.Descending, StringComparer.OrdinalIgnoreCase),
                SortField.CreateDate => Then(ordered, items, i => i.CreateDate, sort.Descending, Comparer<DateTime>.Default),
                SortField.UpdateDate => Then(ordered, items, i => i.UpdateDate, sort.Descending, Comparer<DateTime>.Default),
                _ => Then(ordered, items, i => i.SortOrder, sort.Descending, Comparer<int>.Default),
            };
        }

        return [.. ordered ?? items];
    }

    private static IOrderedEnumerable<MediaItem> Then<TKey>(IOrderedEnumerable<MediaItem>? ordered, IEnumerable<MediaItem> items, Func<MediaItem, TKey> key, bool descending, IComparer<TKey> comparer) =>
        ordered is null
            ? descending ? items.OrderByDescending(key, comparer) : items.OrderBy(key, comparer)
            : descending ? ordered.ThenByDescending(key, comparer) : ordered.ThenBy(key, comparer);

    private static bool Matches(MediaItem item, QueryFilter filter)
    {
        switch (filter.Field)
        {
            case FilterField.ContentType:
            {
                var match = filter.Values.Any(v => string.Equals(v, item.MediaType, StringComparison.OrdinalIgnoreCase));
                return filter.Operator == FilterOperator.IsNot ? !match : match;
            }

            case FilterField.Name:
            {
                var match = filter.Values.Any(v => item.Name.Contains(v, StringComparison.OrdinalIgnoreCase));
                return filter.Operator == FilterOperator.IsNot ? !match : match;
            }

            default:
            {
                var date = filter.Field == FilterField.CreateDate ? item.CreateDate : item.UpdateDate;
                return filter.Operator switch
                {
                    FilterOperator.GreaterThan => date > filter.Date,
                    FilterOperator.GreaterThanOrEqual => date >= filter.Date,
                    FilterOperator.LessThan => date < filter.Date,
                    FilterOperator.LessThanOrEqual => date <= filter.Date,
                    _ => date == filter.Date,
                };
            }
        }
    }
}

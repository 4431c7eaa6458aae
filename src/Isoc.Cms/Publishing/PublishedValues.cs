using Isoc.Cms.Content;

namespace Isoc.Cms.Publishing;

/// <summary>How a version's stored values (alias → culture → value) become one culture's values on the site.</summary>
public static class PublishedValues
{
    /// <summary>The values a culture shows: its own for culture-varying properties, the invariant ones for the rest.</summary>
    public static Dictionary<string, string?> ForCulture(Dictionary<string, Dictionary<string, string?>> values, string culture, ResolvedContentType? type)
    {
        var merged = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (alias, byCulture) in values)
        {
            var varies = type?.GetProperty(alias) is { VariesByCulture: true } && type.VariesByCulture;
            if (varies ? byCulture.TryGetValue(culture, out var value) : byCulture.TryGetValue("", out value))
            {
                merged[alias] = value;
            }
        }

        return merged;
    }

    /// <summary>
    /// The published snapshot as it would be if this draft were published in every culture it has a name in:
    /// what the backoffice's preview renders, with the site's own templates, navigation and URLs.
    /// </summary>
    public static PublishedSnapshot WithDraft(PublishedSnapshot current, ContentItem draft, ResolvedContentType? type, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(draft);
        var cultures = new Dictionary<string, PublishedCulture>(StringComparer.Ordinal);
        var stored = draft.Values.ToDictionary(kv => kv.Key, kv => kv.Value.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal), StringComparer.OrdinalIgnoreCase);
        foreach (var (culture, name) in draft.Names)
        {
            cultures[culture] = new PublishedCulture
            {
                Culture = culture,
                Name = name,
                UrlSegment = UrlSegments.FromName(name),
                PublishDate = now,
                UpdateDate = draft.UpdateDate,
                Values = ForCulture(stored, culture, type),
            };
        }

        var node = new PublishedContent
        {
            Key = draft.Key,
            ParentKey = draft.ParentKey,
            ContentTypeAlias = draft.ContentTypeAlias,
            VariesByCulture = type?.VariesByCulture ?? false,
            Level = draft.Level,
            SortOrder = draft.SortOrder,
            CreateDate = draft.CreateDate,
            Cultures = cultures,
        };
        var nodes = current.Nodes.Values.Where(n => n.Key != draft.Key).Append(node);
        return PublishedSnapshot.Build(current.Generation, current.DefaultCulture, current.Cultures, nodes, current.Redirects, now);
    }
}

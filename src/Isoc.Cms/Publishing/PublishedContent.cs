namespace Isoc.Cms.Publishing;

/// <summary>A published node as the site and the Delivery API see it. Immutable: it belongs to one snapshot.</summary>
public sealed class PublishedContent
{
    public required Guid Key { get; init; }
    public Guid? ParentKey { get; init; }
    public required string ContentTypeAlias { get; init; }
    public bool VariesByCulture { get; init; }
    public int Level { get; init; }
    public int SortOrder { get; init; }
    public DateTime CreateDate { get; init; }
    public required IReadOnlyDictionary<string, PublishedCulture> Cultures { get; init; }

    /// <summary>The published data of a culture. An invariant node answers for every culture with its one published state.</summary>
    public PublishedCulture? ForCulture(string culture)
    {
        if (Cultures.TryGetValue(culture, out var data))
        {
            return data;
        }

        return VariesByCulture ? null : Cultures.Values.FirstOrDefault();
    }
}

/// <summary>One culture of a published node: its name, URL segment and property values (culture-varying and invariant merged).</summary>
public sealed class PublishedCulture
{
    public required string Culture { get; init; }
    public required string Name { get; init; }
    public required string UrlSegment { get; init; }
    public DateTime PublishDate { get; init; }
    public DateTime UpdateDate { get; init; }
    public required IReadOnlyDictionary<string, string?> Values { get; init; }

    public string? Value(string alias) => Values.TryGetValue(alias, out var value) ? value : null;
}

namespace Isoc.Cms.Content;

/// <summary>The editable (draft) state of a node, with what is published of it per culture.</summary>
public sealed record ContentItem
{
    public required Guid Key { get; init; }
    public Guid? ParentKey { get; init; }
    public required string ContentTypeAlias { get; init; }
    public int Level { get; init; }
    public int SortOrder { get; init; }
    public bool Trashed { get; init; }
    public DateTime CreateDate { get; init; }
    public DateTime UpdateDate { get; init; }
    public required string CreatedBy { get; init; }
    /// <summary>Concurrency token: pass it back when saving to refuse a stale edit.</summary>
    public int Revision { get; init; }
    public long VersionId { get; init; }
    public int VersionNumber { get; init; }
    public IReadOnlyDictionary<string, string> Names { get; init; } = new Dictionary<string, string>();
    /// <summary>Property alias to culture ("" when invariant) to value.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string?>> Values { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string?>>();
    public IReadOnlyDictionary<string, PublishedCultureInfo> Published { get; init; } =
        new Dictionary<string, PublishedCultureInfo>();

    public string? GetName(string culture) => Names.TryGetValue(culture, out var name) ? name : null;

    public string? GetValue(string alias, string culture = "") =>
        Values.TryGetValue(alias, out var byCulture) && byCulture.TryGetValue(culture, out var value) ? value : null;

    public bool IsPublished(string culture) => Published.ContainsKey(culture);
}

public sealed record PublishedCultureInfo(string Culture, long VersionId, string Name, string UrlSegment, DateTime PublishedAt, string PublishedBy);

/// <summary>What an editor sends to create or save a node.</summary>
public sealed record ContentEdit
{
    public IDictionary<string, string> Names { get; init; } = new Dictionary<string, string>();
    /// <summary>Property alias to culture ("" when invariant) to value.</summary>
    public IDictionary<string, IDictionary<string, string?>> Values { get; init; } =
        new Dictionary<string, IDictionary<string, string?>>();
    /// <summary>The <see cref="ContentItem.Revision"/> the editor started from; a newer one means someone else saved.</summary>
    public int? ExpectedRevision { get; init; }

    public ContentEdit WithName(string culture, string name)
    {
        Names[culture] = name;
        return this;
    }

    public ContentEdit WithValue(string alias, string? value, string culture = "")
    {
        if (!Values.TryGetValue(alias, out var byCulture))
        {
            byCulture = new Dictionary<string, string?>();
            Values[alias] = byCulture;
        }

        byCulture[culture] = value;
        return this;
    }
}

public sealed record ContentVersionInfo(
    long Id,
    int VersionNumber,
    DateTime CreatedAt,
    string CreatedBy,
    string Reason,
    IReadOnlyList<string> PublishedCultures,
    bool IsCurrent);

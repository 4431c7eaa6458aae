namespace Isoc.Cms.Data;

/// <summary>A language the site is written in; the default one is served without a URL prefix.</summary>
public sealed class LanguageEntity
{
    public Guid Key { get; set; }
    public required string IsoCode { get; set; }
    public required string CultureName { get; set; }
    public bool IsDefault { get; set; }
    public bool IsMandatory { get; set; }
    public string? FallbackIsoCode { get; set; }
}

/// <summary>A configured property editor (Umbraco's "data type"): the editor alias plus its configuration.</summary>
public sealed class DataTypeEntity
{
    public Guid Key { get; set; }
    public required string Name { get; set; }
    public required string EditorAlias { get; set; }
    public string DatabaseType { get; set; } = "Ntext";
    public string? Folder { get; set; }
    /// <summary>Editor configuration as JSON, kept verbatim.</summary>
    public string ConfigJson { get; set; } = "{}";
}

public sealed class DocumentTypeEntity
{
    public Guid Key { get; set; }
    public required string Alias { get; set; }
    public required string Name { get; set; }
    public string Icon { get; set; } = "icon-document";
    public string? Description { get; set; }
    public bool AllowedAtRoot { get; set; }
    public bool VariesByCulture { get; set; }
    public bool IsElement { get; set; }
    public string? Folder { get; set; }
    public List<string> AllowedChildAliases { get; set; } = [];
    public List<string> CompositionAliases { get; set; } = [];
    public List<PropertyTypeDefinition> Properties { get; set; } = [];
    public List<PropertyGroupDefinition> Groups { get; set; } = [];
}

public sealed class PropertyTypeDefinition
{
    public Guid Key { get; set; }
    public required string Alias { get; set; }
    public required string Name { get; set; }
    public required string EditorAlias { get; set; }
    public Guid DataTypeKey { get; set; }
    public string? Description { get; set; }
    public bool Mandatory { get; set; }
    public string? MandatoryMessage { get; set; }
    public string? ValidationRegex { get; set; }
    public string? ValidationRegexMessage { get; set; }
    public bool VariesByCulture { get; set; }
    public string? GroupAlias { get; set; }
    public int SortOrder { get; set; }
}

public sealed class PropertyGroupDefinition
{
    public Guid Key { get; set; }
    public required string Alias { get; set; }
    public required string Name { get; set; }
    public string Type { get; set; } = "Group";
    public int SortOrder { get; set; }
}

/// <summary>A node of the content tree. Its text lives in versions; this row holds tree position and state.</summary>
public sealed class ContentNodeEntity
{
    public Guid Key { get; set; }
    public Guid? ParentKey { get; set; }
    public required string ContentTypeAlias { get; set; }
    public int Level { get; set; }
    public int SortOrder { get; set; }
    public bool Trashed { get; set; }
    /// <summary>Where the node lived before it was moved to the recycle bin, so restore puts it back.</summary>
    public Guid? TrashedFromParentKey { get; set; }
    public DateTime CreateDate { get; set; }
    public DateTime UpdateDate { get; set; }
    public required string CreatedBy { get; set; }
    /// <summary>The newest version; every save adds one.</summary>
    public long CurrentVersionId { get; set; }
    /// <summary>Bumped on every write to the node; optimistic concurrency token for editors.</summary>
    public int Revision { get; set; }
}

/// <summary>One saved state of a node: names per culture and property values per culture.</summary>
public sealed class ContentVersionEntity
{
    public long Id { get; set; }
    public Guid NodeKey { get; set; }
    public int VersionNumber { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    /// <summary>Culture (lower-invariant ISO code) to node name. Invariant documents use the default culture.</summary>
    public Dictionary<string, string> Names { get; set; } = [];
    /// <summary>Property alias to culture to value; invariant values use the empty culture "".</summary>
    public Dictionary<string, Dictionary<string, string?>> Values { get; set; } = [];
    /// <summary>Why this version exists: "save", "rollback", "import".</summary>
    public string Reason { get; set; } = "save";
    public long? RolledBackFromVersionId { get; set; }
    /// <summary>Cultures this version has been published in, so the history can say which versions went live.</summary>
    public List<string> PublishedCultures { get; set; } = [];
    public DateTime? LastPublishedAt { get; set; }
    public string? LastPublishedBy { get; set; }
}

/// <summary>The published state of one culture of a node: which version is live, under which name and URL segment.</summary>
public sealed class PublishedCultureEntity
{
    public Guid NodeKey { get; set; }
    public required string Culture { get; set; }
    public long VersionId { get; set; }
    public required string Name { get; set; }
    public required string UrlSegment { get; set; }
    public DateTime PublishedAt { get; set; }
    public required string PublishedBy { get; set; }
}

/// <summary>A URL that used to lead to a node, kept after a rename or move so links keep working (301).</summary>
/// <summary>One write to content: who did what to which node, when. Only ever appended.</summary>
public sealed class AuditEntryEntity
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public required string User { get; set; }
    public required string Action { get; set; }
    public Guid? NodeKey { get; set; }
    public string? NodeName { get; set; }
    public string? Detail { get; set; }
}

public sealed class RedirectEntity
{
    public long Id { get; set; }
    public required string Culture { get; set; }
    public required string Path { get; set; }
    public Guid NodeKey { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum ScheduledAction
{
    Publish = 1,
    Unpublish = 2,
}

/// <summary>A publish or unpublish waiting for its time; removed once carried out.</summary>
public sealed class ScheduledChangeEntity
{
    public long Id { get; set; }
    public Guid NodeKey { get; set; }
    /// <summary>The culture to act on; null means every culture.</summary>
    public string? Culture { get; set; }
    public ScheduledAction Action { get; set; }
    public DateTime DueAt { get; set; }
    public required string RequestedBy { get; set; }
    public DateTime RequestedAt { get; set; }
    public string? LastError { get; set; }
}

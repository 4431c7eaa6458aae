using Isoc.Cms.Data;

namespace Isoc.Cms.Backoffice.Settings;

/// <summary>
/// What the document type page posts. Groups and properties are rows; a row ticked "Remove" is dropped, and
/// the last, blank row of each list is where a new group or property is typed (ignored while left empty).
/// </summary>
public sealed class DocumentTypeForm
{
    public string Token { get; set; } = "";
    public string Alias { get; set; } = "";
    public string Name { get; set; } = "";
    public string Icon { get; set; } = "icon-document";
    public string? Description { get; set; }
    public bool AllowedAtRoot { get; set; }
    public bool VariesByCulture { get; set; }
    public bool IsElement { get; set; }
    public List<string> AllowedChildAliases { get; set; } = [];
    public List<string> CompositionAliases { get; set; } = [];
    public List<GroupRow> Groups { get; set; } = [];
    public List<PropertyRow> Properties { get; set; } = [];

    public sealed class GroupRow
    {
        public Guid Key { get; set; }
        public string Alias { get; set; } = "";
        public string Name { get; set; } = "";
        public string Type { get; set; } = "Group";
        public int SortOrder { get; set; }
        public bool Remove { get; set; }

        internal bool IsBlank => Key == Guid.Empty && string.IsNullOrWhiteSpace(Alias) && string.IsNullOrWhiteSpace(Name);
    }

    public sealed class PropertyRow
    {
        public Guid Key { get; set; }
        public string Alias { get; set; } = "";
        public string Name { get; set; } = "";
        public Guid DataTypeKey { get; set; }
        public string? GroupAlias { get; set; }
        public string? Description { get; set; }
        public bool Mandatory { get; set; }
        public string? MandatoryMessage { get; set; }
        public string? ValidationRegex { get; set; }
        public string? ValidationRegexMessage { get; set; }
        public bool VariesByCulture { get; set; }
        public int SortOrder { get; set; }
        public bool Remove { get; set; }

        internal bool IsBlank => Key == Guid.Empty && string.IsNullOrWhiteSpace(Alias) && string.IsNullOrWhiteSpace(Name);
    }

    /// <summary>Model binding turns empty fields into null; the page and the checks expect empty text.</summary>
    public DocumentTypeForm Normalise()
    {
        Token ??= "";
        Alias ??= "";
        Name ??= "";
        Icon ??= "";
        AllowedChildAliases ??= [];
        CompositionAliases ??= [];
        Groups ??= [];
        Properties ??= [];
        foreach (var group in Groups)
        {
            group.Alias ??= "";
            group.Name ??= "";
            group.Type ??= "Group";
        }

        foreach (var property in Properties)
        {
            property.Alias ??= "";
            property.Name ??= "";
        }

        return this;
    }

    public static DocumentTypeForm From(DocumentTypeEntity type, string token)
    {
        ArgumentNullException.ThrowIfNull(type);
        var form = new DocumentTypeForm
        {
            Token = token,
            Alias = type.Alias,
            Name = type.Name,
            Icon = type.Icon,
            Description = type.Description,
            AllowedAtRoot = type.AllowedAtRoot,
            VariesByCulture = type.VariesByCulture,
            IsElement = type.IsElement,
            AllowedChildAliases = [.. type.AllowedChildAliases],
            CompositionAliases = [.. type.CompositionAliases],
            Groups = [.. type.Groups.OrderBy(g => g.SortOrder).Select(g => new GroupRow { Key = g.Key, Alias = g.Alias, Name = g.Name, Type = g.Type, SortOrder = g.SortOrder })],
            Properties = [.. type.Properties.OrderBy(p => p.SortOrder).Select(p => new PropertyRow
            {
                Key = p.Key,
                Alias = p.Alias,
                Name = p.Name,
                DataTypeKey = p.DataTypeKey,
                GroupAlias = p.GroupAlias,
                Description = p.Description,
                Mandatory = p.Mandatory,
                MandatoryMessage = p.MandatoryMessage,
                ValidationRegex = p.ValidationRegex,
                ValidationRegexMessage = p.ValidationRegexMessage,
                VariesByCulture = p.VariesByCulture,
                SortOrder = p.SortOrder,
            })],
        };
        return form.WithBlankRows();
    }

    /// <summary>Makes sure the last group and property rows are blank ones, for adding.</summary>
    public DocumentTypeForm WithBlankRows()
    {
        if (Groups.Count == 0 || !Groups[^1].IsBlank)
        {
            Groups.Add(new GroupRow { SortOrder = Groups.Count == 0 ? 0 : Groups.Max(g => g.SortOrder) + 1 });
        }

        if (Properties.Count == 0 || !Properties[^1].IsBlank)
        {
            Properties.Add(new PropertyRow { SortOrder = Properties.Count == 0 ? 0 : Properties.Max(p => p.SortOrder) + 1, VariesByCulture = VariesByCulture });
        }

        return this;
    }

    /// <summary>
    /// The document type the form means, and for each of its groups and properties the form row it came from,
    /// so an error about the third kept property lands beside the row the person typed it in.
    /// </summary>
    public (DocumentTypeEntity Type, List<int> GroupRows, List<int> PropertyRows) ToEntity()
    {
        var type = new DocumentTypeEntity
        {
            Alias = Alias ?? "",
            Name = Name ?? "",
            Icon = Icon ?? "",
            Description = Description,
            AllowedAtRoot = AllowedAtRoot,
            VariesByCulture = VariesByCulture,
            IsElement = IsElement,
            AllowedChildAliases = [.. AllowedChildAliases],
            CompositionAliases = [.. CompositionAliases],
        };
        var groupRows = new List<int>();
        for (var i = 0; i < Groups.Count; i++)
        {
            var row = Groups[i];
            if (row.Remove || row.IsBlank)
            {
                continue;
            }

            groupRows.Add(i);
            type.Groups.Add(new PropertyGroupDefinition { Key = row.Key, Alias = row.Alias ?? "", Name = row.Name ?? "", Type = row.Type, SortOrder = row.SortOrder });
        }

        var propertyRows = new List<int>();
        for (var i = 0; i < Properties.Count; i++)
        {
            var row = Properties[i];
            if (row.Remove || row.IsBlank)
            {
                continue;
            }

            propertyRows.Add(i);
            type.Properties.Add(new PropertyTypeDefinition
            {
                Key = row.Key,
                Alias = row.Alias ?? "",
                Name = row.Name ?? "",
                EditorAlias = "",
                DataTypeKey = row.DataTypeKey,
                GroupAlias = row.GroupAlias,
                Description = row.Description,
                Mandatory = row.Mandatory,
                MandatoryMessage = row.MandatoryMessage,
                ValidationRegex = row.ValidationRegex,
                ValidationRegexMessage = row.ValidationRegexMessage,
                VariesByCulture = row.VariesByCulture,
                SortOrder = row.SortOrder,
            });
        }

        return (type, groupRows, propertyRows);
    }
}

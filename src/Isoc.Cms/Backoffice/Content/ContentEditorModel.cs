using Isoc.Cms.Content;
using Isoc.Cms.Data;

namespace Isoc.Cms.Backoffice.Content;

/// <summary>One property as the editor draws it: its definition, the value shown, and its validation message.</summary>
public sealed record EditorField(PropertyTypeDefinition Property, string? Value, string? Error)
{
    /// <summary>The form field name: "values[bodyText]".</summary>
    public string FieldName => $"values[{Property.Alias}]";

    public string FieldId => "field-" + Property.Alias;
}

/// <summary>A group or a tab of the document type; a group whose alias is "tab/group" sits inside that tab.</summary>
public sealed record EditorGroup(string Name, IReadOnlyList<EditorField> Fields, string Alias = "", bool IsTab = false)
{
    public string Id => "tab-" + Alias.Replace('/', '-');

    public bool IsInside(EditorGroup tab) => !IsTab && Alias.StartsWith(tab.Alias + "/", StringComparison.OrdinalIgnoreCase);
}

/// <summary>What one editor partial (Views/Content/Editors/_*.cshtml) needs: its field and the editor around it.</summary>
public sealed record EditorFieldContext(EditorField Field, ContentEditorModel Editor)
{
    public PropertyTypeDefinition Property => Field.Property;

    public string? Invalid => Field.Error is null ? null : "true";

    public string DescribedBy => $"{Field.FieldId}-error" + (Property.Description is null ? "" : $" {Field.FieldId}-help");

    public bool VariesByCulture => Property.VariesByCulture && Editor.Type.VariesByCulture;

    /// <summary>The partial that draws a property editor; editors without one of their own get the raw JSON textarea.</summary>
    public static string PartialFor(string editorAlias) => "~/Backoffice/Views/Content/Editors/" + editorAlias switch
    {
        PropertyEditors.TextBox => "_TextBox.cshtml",
        PropertyEditors.TextArea => "_TextArea.cshtml",
        PropertyEditors.RichText => "_RichText.cshtml",
        PropertyEditors.MarkdownEditor => "_Markdown.cshtml",
        PropertyEditors.DateTime => "_DateTime.cshtml",
        PropertyEditors.TrueFalse => "_TrueFalse.cshtml",
        PropertyEditors.ContentPicker => "_ContentPicker.cshtml",
        PropertyEditors.Tags => "_Tags.cshtml",
        PropertyEditors.MultiUrlPicker => "_MultiUrlPicker.cshtml",
        PropertyEditors.MediaPicker3 => "_MediaPicker.cshtml",
        _ => "_Json.cshtml",
    };
}

/// <summary>The editor of one node in one culture: invariant properties are shown once, whatever the culture.</summary>
public sealed class ContentEditorModel
{
    public required ContentItem Item { get; init; }

    public required ResolvedContentType Type { get; init; }

    public required string Culture { get; init; }

    public required IReadOnlyList<LanguageEntity> Languages { get; init; }

    public required string Name { get; init; }

    public string? NameError { get; init; }

    public required IReadOnlyList<EditorGroup> Groups { get; init; }

    /// <summary>A message for the whole form: saved, published, or why nothing happened.</summary>
    public string? Message { get; init; }

    public bool MessageIsError { get; init; }

    public bool CanPublish { get; init; }

    public int VersionCount { get; init; }

    /// <summary>The content tree for content pickers and page links; empty when the type has neither.</summary>
    public IReadOnlyList<PickableNode> PickableNodes { get; init; } = [];

    public bool NeedsPicker => Type.Properties.Any(p => p.EditorAlias is PropertyEditors.ContentPicker or PropertyEditors.MultiUrlPicker);

    /// <summary>Publishes and unpublishes waiting for their time.</summary>
    public IReadOnlyList<ScheduledChangeEntity> Schedule { get; init; } = [];

    /// <summary>Where this language stands in the approval flow: waiting, or sent back with a comment.</summary>
    public Approvals.ApprovalItem? Approval { get; init; }

    public bool IsPublishedInCulture => Item.IsPublished(Culture);

    /// <summary>Builds the editor from the stored item, or from what the editor just posted when it has to be shown again.</summary>
    public static ContentEditorModel Build(
        ContentItem item,
        ResolvedContentType type,
        string culture,
        IReadOnlyList<LanguageEntity> languages,
        IReadOnlyDictionary<string, string?>? posted = null,
        string? postedName = null,
        IReadOnlyList<PropertyError>? errors = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(type);
        errors ??= [];
        string? ErrorFor(string alias, string valueCulture) =>
            errors.FirstOrDefault(e => string.Equals(e.Alias, alias, StringComparison.OrdinalIgnoreCase) && (e.Culture == valueCulture || e.Culture.Length == 0))?.Message;

        EditorField Field(PropertyTypeDefinition property)
        {
            var valueCulture = CultureOf(property, type, culture);
            var value = posted is not null && posted.TryGetValue(property.Alias, out var sent) ? sent : item.GetValue(property.Alias, valueCulture);
            return new EditorField(property, value, ErrorFor(property.Alias, valueCulture));
        }

        var all = type.Groups.OrderBy(g => g.SortOrder)
            .Select(g => new EditorGroup(
                g.Name,
                type.Properties.Where(p => string.Equals(p.GroupAlias, g.Alias, StringComparison.OrdinalIgnoreCase)).OrderBy(p => p.SortOrder).Select(Field).ToList(),
                g.Alias,
                string.Equals(g.Type, "Tab", StringComparison.OrdinalIgnoreCase)))
            .ToList();

        // A tab without properties of its own is kept when a group inside it has some.
        var groups = all.Where(g => g.Fields.Count > 0 || (g.IsTab && all.Any(inner => inner.IsInside(g) && inner.Fields.Count > 0))).ToList();
        var ungrouped = type.Properties.Where(p => !type.Groups.Any(g => string.Equals(g.Alias, p.GroupAlias, StringComparison.OrdinalIgnoreCase))).OrderBy(p => p.SortOrder).Select(Field).ToList();
        if (ungrouped.Count > 0)
        {
            groups.Add(new EditorGroup("Properties", ungrouped));
        }

        return new ContentEditorModel
        {
            Item = item,
            Type = type,
            Culture = culture,
            Languages = languages,
            Name = postedName ?? item.GetName(culture) ?? "",
            NameError = ErrorFor("name", culture),
            Groups = groups,
        };
    }

    /// <summary>The culture a property's value is stored under: the editor's culture if it varies, else "" (invariant).</summary>
    public static string CultureOf(PropertyTypeDefinition property, ResolvedContentType type, string culture)
    {
        ArgumentNullException.ThrowIfNull(property);
        ArgumentNullException.ThrowIfNull(type);
        return property.VariesByCulture && type.VariesByCulture ? culture : "";
    }
}

namespace Isoc.Plugins.Forms;

/// <summary>The kinds of field a form can hold; the names are the ones uSync files use.</summary>
public enum FormFieldType
{
    ShortAnswer,
    LongAnswer,
    Email,
    Date,
    Checkbox,
    Dropdown,
    SingleChoice,
    MultipleChoice,
    FileUpload,
    Hidden,
    Consent,
    TitleAndDescription,
}

/// <summary>A text in each culture ("en-US", "et-EE"); a culture without its own falls back to the first one given.</summary>
public sealed class LocalizedText
{
    public static readonly LocalizedText Empty = new(new Dictionary<string, string>());

    public LocalizedText(IReadOnlyDictionary<string, string> byCulture)
    {
        ArgumentNullException.ThrowIfNull(byCulture);
        ByCulture = byCulture;
    }

    public IReadOnlyDictionary<string, string> ByCulture { get; }

    public bool IsEmpty => ByCulture.Count == 0;

    public string? this[string culture] =>
        ByCulture.TryGetValue(culture, out var text) ? text
        : ByCulture.TryGetValue(FormDefinition.DefaultCulture, out var fallback) ? fallback
        : ByCulture.Values.FirstOrDefault();

    public static LocalizedText Of(string english, string estonian) =>
        new(new Dictionary<string, string> { ["en-US"] = english, ["et-EE"] = estonian });
}

public sealed record FormOption(string Value, LocalizedText Label);

/// <summary>Shows a field only when another field (earlier in the form) has a value, or a given value.</summary>
public sealed record FormCondition(string Field, string? Value)
{
    public bool IsMetBy(IReadOnlyList<string> values) =>
        Value is null ? values.Any(v => !string.IsNullOrWhiteSpace(v)) : values.Contains(Value, StringComparer.Ordinal);
}

public sealed record FormField
{
    public required string Alias { get; init; }

    public required FormFieldType Type { get; init; }

    public LocalizedText Label { get; init; } = LocalizedText.Empty;

    /// <summary>Help under the label; for a title-and-description field, the description.</summary>
    public LocalizedText Help { get; init; } = LocalizedText.Empty;

    public bool Mandatory { get; init; }

    public LocalizedText MandatoryMessage { get; init; } = LocalizedText.Empty;

    /// <summary>A regular expression the whole answer must match (text fields only).</summary>
    public string? Pattern { get; init; }

    public LocalizedText PatternMessage { get; init; } = LocalizedText.Empty;

    /// <summary>Longest answer accepted, in characters; null takes the type's default.</summary>
    public int? MaxLength { get; init; }

    public IReadOnlyList<FormOption> Options { get; init; } = [];

    public FormCondition? Condition { get; init; }

    /// <summary>The value of a hidden field (the browser's copy is ignored).</summary>
    public string? DefaultValue { get; init; }

    /// <summary>File upload: accepted extensions (".pdf"); empty takes the site's list.</summary>
    public IReadOnlyList<string> AllowedExtensions { get; init; } = [];

    /// <summary>Whether the field takes an answer (a title and description does not).</summary>
    public bool TakesInput => Type != FormFieldType.TitleAndDescription;

    public bool HasOptions => Type is FormFieldType.Dropdown or FormFieldType.SingleChoice or FormFieldType.MultipleChoice;

    public int EffectiveMaxLength => MaxLength ?? Type switch
    {
        FormFieldType.LongAnswer => 5000,
        FormFieldType.Email => 254,
        _ => 500,
    };
}

public sealed record FormPage(LocalizedText Caption, IReadOnlyList<FormField> Fields);

/// <summary>A workflow the form runs after a valid submission, by alias, with its settings.</summary>
public sealed record FormWorkflowSetting(string Alias, IReadOnlyDictionary<string, string> Settings);

/// <summary>
/// A form as editors define it (uSync/v17/Forms/*.config, the database keeps the same XML): pages of fields,
/// what each field accepts, when it shows, the texts in each culture, what runs after a valid submission,
/// and how long entries are kept.
/// </summary>
public sealed record FormDefinition
{
    public const string DefaultCulture = "en-US";
    public const int DefaultRetentionDays = 365;

    public required Guid Key { get; init; }

    public required string Alias { get; init; }

    public LocalizedText Name { get; init; } = LocalizedText.Empty;

    public LocalizedText SubmitLabel { get; init; } = LocalizedText.Empty;

    public LocalizedText ThankYou { get; init; } = LocalizedText.Empty;

    public int RetentionDays { get; init; } = DefaultRetentionDays;

    public IReadOnlyList<FormPage> Pages { get; init; } = [];

    public IReadOnlyList<FormWorkflowSetting> Workflows { get; init; } = [];

    public IEnumerable<FormField> Fields => Pages.SelectMany(p => p.Fields);

    public FormField? Field(string alias) => Fields.FirstOrDefault(f => string.Equals(f.Alias, alias, StringComparison.Ordinal));

    public bool HasFileUpload => Fields.Any(f => f.Type == FormFieldType.FileUpload);
}

using System.Globalization;
using System.Text.Json;

namespace Isoc.Cms.Content;

/// <summary>The property editors the engine knows, by Umbraco's aliases, and the shape each one's stored value must have.</summary>
public static class PropertyEditors
{
    public const string TextBox = "Umbraco.TextBox";
    public const string TextArea = "Umbraco.TextArea";
    public const string RichText = "Umbraco.RichText";
    public const string MarkdownEditor = "Umbraco.MarkdownEditor";
    public const string DateTime = "Umbraco.DateTime";
    public const string TrueFalse = "Umbraco.TrueFalse";
    public const string ContentPicker = "Umbraco.ContentPicker";
    public const string MediaPicker3 = "Umbraco.MediaPicker3";
    public const string Tags = "Umbraco.Tags";
    public const string MultiUrlPicker = "Umbraco.MultiUrlPicker";
    public const string BlockList = "Umbraco.BlockList";

    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        TextBox, TextArea, RichText, MarkdownEditor, DateTime, TrueFalse, ContentPicker, MediaPicker3, Tags, MultiUrlPicker, BlockList,
    };

    /// <summary>Null when the value fits the editor, otherwise what is wrong with it.</summary>
    public static string? Validate(string editorAlias, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (editorAlias)
        {
            case TextBox when value.Length > 512:
                return "at most 512 characters.";
            case DateTime when !System.DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _):
                return "not a date and time (use ISO 8601, e.g. 2011-12-15 or 2011-12-15T00:00:00).";
            case TrueFalse when value is not ("0" or "1" or "true" or "false" or "True" or "False"):
                return "must be true or false.";
            case ContentPicker when !IsUdiOrGuid(value):
                return "must reference a content item (umb://document/… or a GUID).";
            case Tags or MediaPicker3 or MultiUrlPicker or BlockList when !IsJson(value) && editorAlias != Tags:
                return "must be JSON.";
            default:
                return null;
        }
    }

    public static bool ParseBoolean(string? value) => value is "1" or "true" or "True";

    private static bool IsUdiOrGuid(string value) =>
        Guid.TryParse(value, out _) || (value.StartsWith("umb://document/", StringComparison.Ordinal) && Guid.TryParse(value["umb://document/".Length..], out _));

    private static bool IsJson(string value)
    {
        try
        {
            using var _ = JsonDocument.Parse(value);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

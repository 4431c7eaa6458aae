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
            case MultiUrlPicker:
                return ValidateLinks(value);
            default:
                return null;
        }
    }

    public static bool ParseBoolean(string? value) => value is "1" or "true" or "True";

    private static bool IsUdiOrGuid(string value) =>
        Guid.TryParse(value, out _) || (value.StartsWith("umb://document/", StringComparison.Ordinal) && Guid.TryParse(value["umb://document/".Length..], out _));

    /// <summary>
    /// A multi URL picker holds an array of links, each with a URL or a picked page (udi). A script address is
    /// refused at the door rather than only stripped on the way out: it would sit in uSync files and API answers.
    /// </summary>
    private static string? ValidateLinks(string value)
    {
        using var document = JsonDocument.Parse(value);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            return "must be a list of links.";
        }

        var number = 0;
        foreach (var link in document.RootElement.EnumerateArray())
        {
            number++;
            if (link.ValueKind != JsonValueKind.Object)
            {
                return $"link {number} is not a link.";
            }

            var url = link.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
            var udi = link.TryGetProperty("udi", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            if (string.IsNullOrWhiteSpace(url) && string.IsNullOrWhiteSpace(udi))
            {
                return $"link {number} needs an address or a page.";
            }

            if (!string.IsNullOrWhiteSpace(udi) && !IsUdiOrGuid(udi))
            {
                return $"link {number} must reference a content item (umb://document/…).";
            }

            if (!string.IsNullOrWhiteSpace(url) && !IsSafeLinkUrl(url))
            {
                return $"link {number} has an address that is not allowed ({Scheme(url)}); use https://…, a path on this site (/…), mailto: or tel:.";
            }
        }

        return null;
    }

    /// <summary>http(s), mailto, tel, or a relative address; never javascript:, data:, vbscript: or anything else.</summary>
    public static bool IsSafeLinkUrl(string url)
    {
        ArgumentNullException.ThrowIfNull(url);

        // Browsers ignore whitespace and control characters inside a scheme ("java\tscript:").
        var compact = new string(url.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray());
        var colon = compact.IndexOf(':', StringComparison.Ordinal);
        var firstSeparator = compact.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (firstSeparator >= 0 && firstSeparator < colon))
        {
            return true; // relative: a path, a query or a fragment on this site
        }

        var scheme = compact[..colon].ToLowerInvariant();
        return scheme is "http" or "https" or "mailto" or "tel";
    }

    private static string Scheme(string url)
    {
        var compact = new string(url.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray());
        var colon = compact.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? compact[..(colon + 1)].ToLowerInvariant() : compact;
    }

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

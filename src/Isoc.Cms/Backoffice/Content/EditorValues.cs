using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Isoc.Cms.Content;
using Isoc.Cms.Data;
using Microsoft.AspNetCore.Http;

namespace Isoc.Cms.Backoffice.Content;

/// <summary>One row of a multi URL picker, as Umbraco stores it: a name, a URL or a picked page (UDI), and a target.</summary>
public sealed record LinkValue(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("udi")] string? Udi,
    [property: JsonPropertyName("target")] string? Target);

/// <summary>
/// Translates between what an editor's form fields hold and what the engine stores, per property editor:
/// a datetime-local field and an ISO date, a comma list and a JSON array of tags, rows of link fields and
/// the multi URL picker's JSON. The engine's validator (<see cref="PropertyEditors.Validate"/>) stays the judge:
/// a value that cannot be translated is passed on as typed, so the message comes from the one place.
/// </summary>
public static class EditorValues
{
    public const string DocumentUdiPrefix = "umb://document/";

    private static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Udi(Guid key) => DocumentUdiPrefix + key.ToString("N");

    /// <summary>The node a content picker value points at: a UDI or a bare GUID, as the validator accepts.</summary>
    public static Guid? PickedKey(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.StartsWith(DocumentUdiPrefix, StringComparison.Ordinal) ? value[DocumentUdiPrefix.Length..] : value;
        return Guid.TryParse(text, out var key) ? key : null;
    }

    /// <summary>The value of a datetime-local field (UTC) for a stored date, or "" when it is empty or unreadable.</summary>
    public static string DateTimeLocal(string? stored)
    {
        if (string.IsNullOrWhiteSpace(stored)
            || !DateTime.TryParse(stored, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date))
        {
            return "";
        }

        return date.ToString(date.Second == 0 ? "yyyy-MM-ddTHH:mm" : "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
    }

    /// <summary>Tags as the editor types them: "privacy, cookies".</summary>
    public static string TagsText(string? stored) => string.Join(", ", Tags(stored));

    public static IReadOnlyList<string> Tags(string? stored)
    {
        if (string.IsNullOrWhiteSpace(stored))
        {
            return [];
        }

        if (stored.TrimStart().StartsWith('['))
        {
            try
            {
                return JsonSerializer.Deserialize<List<string?>>(stored)?.OfType<string>().ToList() ?? [];
            }
            catch (JsonException)
            {
                // typed text that merely starts with a bracket: read it as a comma list
            }
        }

        return stored.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public static IReadOnlyList<LinkValue> Links(string? stored)
    {
        if (string.IsNullOrWhiteSpace(stored))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<LinkValue?>>(stored)?.OfType<LinkValue>().ToList() ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>
    /// Replaces what the form posted for each property with the value the engine stores. Properties whose fields
    /// were not posted at all are left out, so a form without them does not clear them.
    /// </summary>
    public static void Translate(ResolvedContentType type, IDictionary<string, string?> values, IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(form);
        foreach (var property in type.Properties)
        {
            if (property.EditorAlias == PropertyEditors.MultiUrlPicker)
            {
                if (LinksFromForm(property, form) is { } links)
                {
                    values[property.Alias] = links;
                }

                continue;
            }

            if (!values.TryGetValue(property.Alias, out var posted) || posted is null)
            {
                continue;
            }

            values[property.Alias] = property.EditorAlias switch
            {
                PropertyEditors.DateTime => DateFromForm(posted),
                PropertyEditors.Tags => TagsFromForm(posted),
                PropertyEditors.ContentPicker => PickedKey(posted) is { } key ? Udi(key) : posted.Trim(),
                PropertyEditors.TextBox => posted.Trim(),
                _ => posted,
            };
        }
    }

    /// <summary>
    /// The form field names of a multi URL picker's rows: link.{alias}.name, .url, .udi, .target, repeated once per
    /// row (outside "values[…]", which binds one string per property).
    /// </summary>
    public static string LinkField(PropertyTypeDefinition property, string part)
    {
        ArgumentNullException.ThrowIfNull(property);
        return $"link.{property.Alias}.{part}";
    }

    private static string DateFromForm(string posted)
    {
        var text = posted.Trim();
        if (text.Length == 0)
        {
            return "";
        }

        // The field is stated in UTC; a value with a zone (typed by hand or by another client) is converted to UTC.
        return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date)
            ? date.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)
            : text;
    }

    private static string TagsFromForm(string posted)
    {
        var tags = posted.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        return tags.Count == 0 ? "" : JsonSerializer.Serialize(tags, Json);
    }

    private static string? LinksFromForm(PropertyTypeDefinition property, IFormCollection form)
    {
        var names = form[LinkField(property, "name")];
        var urls = form[LinkField(property, "url")];
        var udis = form[LinkField(property, "udi")];
        var targets = form[LinkField(property, "target")];
        var rows = new[] { names.Count, urls.Count, udis.Count, targets.Count }.Max();
        if (rows == 0)
        {
            return null;
        }

        var links = new List<LinkValue>();
        for (var i = 0; i < rows; i++)
        {
            var name = At(names, i);
            var url = At(urls, i);
            var udi = PickedKey(At(udis, i)) is { } key ? Udi(key) : null;
            if (name is null && url is null && udi is null)
            {
                // An empty row is how an editor removes a link without a script.
                continue;
            }

            links.Add(new LinkValue(name, udi is null ? url : null, udi, At(targets, i) == "_blank" ? "_blank" : null));
        }

        return links.Count == 0 ? "" : JsonSerializer.Serialize(links, Json);

        static string? At(Microsoft.Extensions.Primitives.StringValues values, int index) =>
            index < values.Count && values[index] is { } value && value.Trim().Length > 0 ? value.Trim() : null;
    }
}

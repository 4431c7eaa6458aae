using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Isoc.Cms.Content;
using Isoc.Cms.Data;
using Markdig;

namespace Isoc.Cms.Delivery;

/// <summary>
/// Writes items in the Delivery API v2 shape with a <see cref="Utf8JsonWriter"/>. Strings are escaped for HTML contexts
/// too (&lt;, &gt;, &amp;, quotes), so a name or value holding markup can never break out of the JSON or a page embedding it.
/// </summary>
internal sealed class DeliveryJsonWriter(DeliveryContentReader reader, ContentTypeRegistry contentTypes, IReadOnlyList<IDeliveryPropertyProvider> propertyProviders, Isoc.Cms.Media.MediaSnapshot media)
{
    public static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Indented = false,
    };

    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    public static ReadOnlyMemory<byte> Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            write(json);
        }

        return buffer.WrittenMemory;
    }

    public void WriteItem(Utf8JsonWriter json, DeliveryItem item, PropertySelection? expand, PropertySelection? fields) =>
        WriteItem(json, item, expand, fields, nested: false, expanded: true);

    public void WritePage(Utf8JsonWriter json, int total, IEnumerable<DeliveryItem> items, PropertySelection? expand, PropertySelection? fields)
    {
        json.WriteStartObject();
        json.WriteNumber("total", total);
        json.WriteStartArray("items");
        foreach (var item in items)
        {
            WriteItem(json, item, expand, fields);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    public void WriteArray(Utf8JsonWriter json, IEnumerable<DeliveryItem> items, PropertySelection? expand, PropertySelection? fields)
    {
        json.WriteStartArray();
        foreach (var item in items)
        {
            WriteItem(json, item, expand, fields);
        }

        json.WriteEndArray();
    }

    public static string FormatDate(DateTime value) =>
        DateTime.SpecifyKind(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture);

    private void WriteItem(Utf8JsonWriter json, DeliveryItem item, PropertySelection? expand, PropertySelection? fields, bool nested, bool expanded)
    {
        json.WriteStartObject();
        json.WriteString("contentType", item.ContentTypeAlias);
        json.WriteString("name", item.Name);
        json.WriteString("createDate", FormatDate(item.CreateDate));
        json.WriteString("updateDate", FormatDate(item.UpdateDate));
        json.WritePropertyName("route");
        WriteRoute(json, item.Route);
        json.WriteString("id", item.Key);
        json.WriteStartObject("properties");
        if (expanded)
        {
            WriteProperties(json, item, expand, fields);
        }

        json.WriteEndObject();
        if (!nested)
        {
            json.WriteStartObject("cultures");
            foreach (var (culture, route) in item.Cultures)
            {
                json.WritePropertyName(culture);
                WriteRoute(json, route);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteRoute(Utf8JsonWriter json, ItemRoute route)
    {
        json.WriteStartObject();
        json.WriteString("path", route.Path);
        json.WriteStartObject("startItem");
        json.WriteString("id", route.StartItemId);
        json.WriteString("path", route.StartItemPath);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private void WriteProperties(Utf8JsonWriter json, DeliveryItem item, PropertySelection? expand, PropertySelection? fields)
    {
        var type = contentTypes.Get(item.ContentTypeAlias);
        if (type is null)
        {
            return;
        }

        foreach (var property in type.Properties)
        {
            if (fields is not null && !fields.Includes(property.Alias))
            {
                continue;
            }

            json.WritePropertyName(property.Alias);
            var value = item.Values.TryGetValue(property.Alias, out var v) ? v : null;
            WriteValue(json, property, value, expand, fields);
        }

        foreach (var provider in propertyProviders)
        {
            foreach (var alias in provider.AliasesFor(item.ContentTypeAlias).Where(a => fields is null || fields.Includes(a)))
            {
                json.WritePropertyName(alias);
                provider.WriteValue(json, item.Key, reader.Culture, alias);
            }
        }
    }

    private void WriteValue(Utf8JsonWriter json, PropertyTypeDefinition property, string? value, PropertySelection? expand, PropertySelection? fields)
    {
        var editor = property.EditorAlias;
        if (string.IsNullOrEmpty(value))
        {
            if (editor is PropertyEditors.MediaPicker3 or PropertyEditors.Tags or PropertyEditors.MultiUrlPicker)
            {
                json.WriteStartArray();
                json.WriteEndArray();
            }
            else if (editor == PropertyEditors.TrueFalse)
            {
                json.WriteBooleanValue(false);
            }
            else
            {
                json.WriteNullValue();
            }

            return;
        }

        switch (editor)
        {
            case PropertyEditors.RichText:
                json.WriteStartObject();
                json.WriteString("markup", value);
                json.WriteStartArray("blocks");
                json.WriteEndArray();
                json.WriteEndObject();
                break;
            case PropertyEditors.MarkdownEditor:
                json.WriteStringValue(Markdig.Markdown.ToHtml(value, Markdown));
                break;
            case PropertyEditors.DateTime:
                if (DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var date))
                {
                    json.WriteStringValue(FormatDate(date));
                }
                else
                {
                    json.WriteNullValue();
                }

                break;
            case PropertyEditors.TrueFalse:
                json.WriteBooleanValue(PropertyEditors.ParseBoolean(value));
                break;
            case PropertyEditors.ContentPicker:
                WritePicked(json, property.Alias, value, expand, fields);
                break;
            case PropertyEditors.MediaPicker3:
                // Picked media that no longer exist are left out, as Umbraco does.
                DeliveryMedia.WritePicked(json, media, value);
                break;
            case PropertyEditors.Tags:
                WriteTags(json, value);
                break;
            case PropertyEditors.MultiUrlPicker or PropertyEditors.BlockList:
                WriteRawJson(json, value);
                break;
            default:
                json.WriteStringValue(value);
                break;
        }
    }

    private void WritePicked(Utf8JsonWriter json, string alias, string value, PropertySelection? expand, PropertySelection? fields)
    {
        var text = value.StartsWith("umb://document/", StringComparison.Ordinal) ? value["umb://document/".Length..] : value;
        if (!Guid.TryParse(text, out var key) || reader.GetVisible(key) is not { } node || reader.ToItem(node) is not { } item)
        {
            json.WriteNullValue();
            return;
        }

        var expanded = expand is not null && expand.Includes(alias);
        WriteItem(json, item, expanded ? expand!.Nested(alias) : null, fields?.Nested(alias), nested: true, expanded: expanded);
    }

    private static void WriteTags(Utf8JsonWriter json, string value)
    {
        json.WriteStartArray();
        if (value.TrimStart().StartsWith('['))
        {
            try
            {
                using var document = JsonDocument.Parse(value);
                foreach (var element in document.RootElement.EnumerateArray())
                {
                    if (element.ValueKind == JsonValueKind.String)
                    {
                        json.WriteStringValue(element.GetString());
                    }
                }

                json.WriteEndArray();
                return;
            }
            catch (JsonException)
            {
                // not JSON after all: read it as a comma-separated list below
            }
        }

        foreach (var tag in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            json.WriteStringValue(tag);
        }

        json.WriteEndArray();
    }

    private static void WriteRawJson(Utf8JsonWriter json, string value)
    {
        try
        {
            using var document = JsonDocument.Parse(value);
            document.RootElement.WriteTo(json);
        }
        catch (JsonException)
        {
            json.WriteNullValue();
        }
    }
}

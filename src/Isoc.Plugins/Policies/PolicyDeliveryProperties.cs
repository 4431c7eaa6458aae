using System.Globalization;
using System.Text.Json;
using Isoc.Cms.Content;
using Isoc.Cms.Delivery;

namespace Isoc.Plugins.Policies;

/// <summary>
/// The Delivery API's privacy policy items carry "policyVersions": every version, oldest first, with its effective
/// date, summary, material flag and text in the requested language (or the language it was published in).
/// No "current" flag: answers are cached, and which version is current changes with the date, not with a publish.
/// </summary>
internal sealed class PolicyDeliveryProperties(PolicyVersionStore versions, MarkupRenderer markup) : IDeliveryPropertyProvider
{
    public const string Alias = "policyVersions";

    private static readonly string[] Aliases = [Alias];

    public IReadOnlyList<string> AliasesFor(string contentTypeAlias) =>
        contentTypeAlias == PolicyVersionStore.PolicyTypeAlias ? Aliases : [];

    public void WriteValue(Utf8JsonWriter json, Guid key, string culture, string propertyAlias)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartArray();
        foreach (var version in versions.All(key))
        {
            var text = version.Texts.TryGetValue(culture, out var t) ? t : version.Texts.Values.OrderBy(x => x.Culture, StringComparer.Ordinal).FirstOrDefault();
            json.WriteStartObject();
            json.WriteString("effectiveDate", version.Label);
            json.WriteBoolean("materialChange", version.Material);
            json.WriteString("publishDate", DeliveryJsonWriterDates.Format(version.PublishedAt));
            json.WriteString("updateDate", DeliveryJsonWriterDates.Format(version.UpdatedAt));
            json.WriteString("culture", text?.Culture);
            json.WriteString("name", text?.Name);
            json.WriteString("changeSummary", text?.Summary);
            json.WriteString("bodyText", text is null ? null : markup.Render(key, text.Culture, $"policyVersion:{version.Label}", text.Body, PropertyEditors.MarkdownEditor));
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}

internal static class DeliveryJsonWriterDates
{
    /// <summary>As the API writes every date: ISO 8601 in UTC.</summary>
    public static string Format(DateTime value) =>
        DateTime.SpecifyKind(value, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture);
}

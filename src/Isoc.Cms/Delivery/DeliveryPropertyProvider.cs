using System.Text.Json;

namespace Isoc.Cms.Delivery;

/// <summary>
/// Properties a plugin adds to items of a document type in the Delivery API, written after the type's own
/// (the privacy policy's "policyVersions"). Answers from memory: the API never waits on a database.
/// </summary>
public interface IDeliveryPropertyProvider
{
    /// <summary>The aliases this provider adds to items of the type; empty for other types.</summary>
    IReadOnlyList<string> AliasesFor(string contentTypeAlias);

    /// <summary>Writes one value (the property name is already written) for the item in the request's culture.</summary>
    void WriteValue(Utf8JsonWriter json, Guid key, string culture, string propertyAlias);
}

using Isoc.Cms.Publishing;

namespace Isoc.Web.Site;

/// <summary>
/// Maps between public URLs and (culture, culture-relative path): the default culture lives at "/",
/// every other culture under its two-letter language ("/et/…"), as the routing of the design says.
/// </summary>
public static class SiteUrls
{
    /// <summary>The URL prefix of a culture: empty for the default culture, "/et" for et-EE.</summary>
    public static string Prefix(PublishedSnapshot snapshot, string culture)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(culture);
        return string.Equals(culture, snapshot.DefaultCulture, StringComparison.OrdinalIgnoreCase)
            ? string.Empty
            : "/" + Language(culture);
    }

    /// <summary>The public URL of a node in a culture, or null when the node is not published there.</summary>
    public static string? Of(PublishedSnapshot snapshot, Guid key, string culture)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var path = snapshot.GetPath(key, culture);
        return path is null ? null : Prefix(snapshot, culture) + path;
    }

    /// <summary>The home URL of a culture: "/" or "/et/".</summary>
    public static string Home(PublishedSnapshot snapshot, string culture) => Prefix(snapshot, culture) + "/";

    /// <summary>Splits a request path into the culture it addresses and the path inside that culture.</summary>
    public static (string Culture, string Path) Resolve(PublishedSnapshot snapshot, string requestPath)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(requestPath);
        var trimmed = requestPath.AsSpan().TrimStart('/');
        var end = trimmed.IndexOf('/');
        var first = end < 0 ? trimmed : trimmed[..end];
        if (first.Length > 0)
        {
            foreach (var culture in snapshot.Cultures)
            {
                if (!string.Equals(culture, snapshot.DefaultCulture, StringComparison.OrdinalIgnoreCase)
                    && first.Equals(Language(culture), StringComparison.OrdinalIgnoreCase))
                {
                    return (culture, end < 0 ? "/" : trimmed[end..].ToString());
                }
            }
        }

        return (snapshot.DefaultCulture, requestPath);
    }

    /// <summary>"et" for "et-EE": the language part, lower case.</summary>
    public static string Language(string culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var dash = culture.IndexOf('-', StringComparison.Ordinal);
        return (dash < 0 ? culture : culture[..dash]).ToLowerInvariant();
    }
}

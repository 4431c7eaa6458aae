using System.Collections.Concurrent;
using Microsoft.AspNetCore.Mvc.Razor;

namespace Isoc.Web.Site;

/// <summary>
/// Which document types the site can draw: a type has a page when Views/Site/{alias}.cshtml exists,
/// as a document type has a template in Umbraco. Types without one (folders, compositions) are never
/// routed to and never shown in navigation.
/// </summary>
public sealed class SiteTemplates(IRazorViewEngine views)
{
    // Views are compiled into the assembly, so the answer for an alias never changes while the process runs.
    private readonly ConcurrentDictionary<string, bool> _known = new(StringComparer.OrdinalIgnoreCase);

    public static string PathOf(string contentTypeAlias) => $"~/Views/Site/{contentTypeAlias}.cshtml";

    public bool Has(string contentTypeAlias) =>
        _known.GetOrAdd(contentTypeAlias, alias => views.GetView(executingFilePath: null, PathOf(alias), isMainPage: true).Success);
}

using Isoc.Cms.Publishing;
using Microsoft.AspNetCore.Http;

namespace Isoc.Plugins;

/// <summary>Where on the site a plugin is asked for something: one page of one culture, from the request's snapshot.</summary>
/// <param name="Page">The published page drawn, or null on the 404 page.</param>
/// <param name="IsHome">The page is its culture's home page.</param>
/// <param name="UrlOf">The site's URL of a published node in a culture ("/et/privaatsuspoliitika/"), or null where it is not published.</param>
public sealed record SitePageContext(PublishedSnapshot Snapshot, string Culture, PublishedContent? Page, bool IsHome, Func<Guid, string, string?> UrlOf);

/// <summary>
/// A short message a plugin puts in the site's frame (the privacy policy's change notice on the home page, …).
/// Plain text, in the page's language; the layout draws every notice the same way.
/// </summary>
/// <param name="Kind">A stable name for styling and tests, e.g. "policy-updated".</param>
public sealed record SiteNotice(string Kind, string Text, string? LinkText = null, string? LinkUrl = null);

/// <summary>Adds notices to pages; asked by the layout on every page, so it must answer from memory.</summary>
public interface ISiteNoticeProvider
{
    IEnumerable<SiteNotice> NoticesFor(SitePageContext page);
}

/// <summary>
/// Pages a plugin draws below a published page of one document type, like Umbraco's virtual pages: the
/// privacy policy's "versions/2011-12-15/" below wherever the policy is published, in every language. The
/// site asks only when no published page has the address, and draws the answer with its own layout.
/// </summary>
public interface ISubPageProvider
{
    string ContentTypeAlias { get; }

    /// <param name="segments">The address below the page, split at '/', never empty ("versions", "2011-12-15").</param>
    SubPageResult Resolve(SitePageContext page, IReadOnlyList<string> segments, IQueryCollection query);
}

/// <summary>A sub-page, or why there is none (404, or 400 for an address that cannot name one).</summary>
public sealed record SubPageResult
{
    private SubPageResult(int status, string? template, object? model, string? title, string? detail, string query = "")
    {
        Query = query;
        Status = status;
        Template = template;
        Model = model;
        Title = title;
        Detail = detail;
    }

    public int Status { get; }

    /// <summary>The view under Views/Site/ that draws it, e.g. "privacyPolicy.version".</summary>
    public string? Template { get; }

    /// <summary>The plugin's model, handed to the template beside the site's page model.</summary>
    public object? Model { get; }

    /// <summary>The page's heading and title.</summary>
    public string? Title { get; }

    /// <summary>The part of the query string that belongs to the page's address ("?from=…&amp;to=…"), for its canonical URL.</summary>
    public string Query { get; }

    /// <summary>Why the address was refused (400).</summary>
    public string? Detail { get; }

    public static SubPageResult NotFound { get; } = new(StatusCodes.Status404NotFound, null, null, null, null);

    public static SubPageResult BadRequest(string detail) => new(StatusCodes.Status400BadRequest, null, null, null, detail);

    public static SubPageResult Page(string template, string title, object model, string query = "") => new(StatusCodes.Status200OK, template, model, title, null, query);
}

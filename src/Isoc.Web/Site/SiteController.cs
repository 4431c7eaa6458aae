using Isoc.Cms.Publishing;
using Isoc.Plugins;
using Isoc.Plugins.Forms;
using Microsoft.AspNetCore.Mvc;

namespace Isoc.Web.Site;

/// <summary>
/// The public site's one route: every GET that no other endpoint claims lands here, is split into a
/// culture and a path, and is answered from the published snapshot (never the database): the page,
/// a 301 from an old URL, or a 404 in the language the visitor asked for.
/// </summary>
public sealed class SiteController(IPublishedSnapshotAccessor snapshots, SitePageFactory pages, SiteTemplates templates, IEnumerable<ISubPageProvider> subPages) : Controller
{
    /// <summary>Longer request targets are refused: no page URL comes near it, and lookups stay cheap.</summary>
    public const int MaxUrlLength = 2000;

    [HttpGet]
    [HttpHead]
    public IActionResult Render()
    {
        var request = HttpContext.Request;
        var path = request.Path.Value ?? "/";
        if (Refusal(path, request.QueryString.Value) is { } refusal)
        {
            return Problem(title: "Bad request", detail: refusal, statusCode: StatusCodes.Status400BadRequest);
        }

        // One snapshot for the whole request: everything on the page comes from the same publish.
        var snapshot = snapshots.Current;
        var (culture, culturePath) = SiteUrls.Resolve(snapshot, path);

        var content = snapshot.GetByPath(culture, culturePath);
        if (content is not null && templates.Has(content.ContentTypeAlias))
        {
            var canonical = SiteUrls.Of(snapshot, content.Key, culture)!;
            if (!string.Equals(canonical, path, StringComparison.Ordinal))
            {
                // "/About" and "/about" are the same page; search engines and caches should see one URL.
                return RedirectPermanent(canonical + request.QueryString);
            }

            return View(SiteTemplates.PathOf(content.ContentTypeAlias), pages.Create(snapshot, culture, content));
        }

        if (snapshot.GetRedirect(culture, culturePath) is { } moved && SiteUrls.Of(snapshot, moved.Key, culture) is { } target)
        {
            return RedirectPermanent(target + request.QueryString);
        }

        if (SubPage(snapshot, culture, culturePath, path) is { } subPage)
        {
            return subPage;
        }

        Response.StatusCode = StatusCodes.Status404NotFound;
        return View("~/Views/Site/NotFound.cshtml", pages.Create(snapshot, culture, content: null));
    }

    /// <summary>
    /// A plugin's page below the nearest published page with a template ("/privacy-policy/versions/2011-12-15/"),
    /// or null when that page's type has no sub-pages (the caller answers 404).
    /// </summary>
    private IActionResult? SubPage(PublishedSnapshot snapshot, string culture, string culturePath, string path)
    {
        var segments = culturePath.Trim('/').Split('/');
        for (var depth = segments.Length - 1; depth >= 0; depth--)
        {
            var parent = snapshot.GetByPath(culture, depth == 0 ? "/" : "/" + string.Join('/', segments[..depth]) + "/");
            if (parent is null)
            {
                continue;
            }

            var provider = subPages.FirstOrDefault(p => string.Equals(p.ContentTypeAlias, parent.ContentTypeAlias, StringComparison.Ordinal));
            if (provider is null || !templates.Has(parent.ContentTypeAlias) || SiteUrls.Of(snapshot, parent.Key, culture) is not { } parentUrl)
            {
                return null;
            }

            var below = segments[depth..];
            var page = pages.Create(snapshot, culture, parent);
            var result = provider.Resolve(page.PluginContext, below, Request.Query);
            if (result.Status == StatusCodes.Status404NotFound)
            {
                return null;
            }

            var canonical = parentUrl + string.Join('/', below) + "/";
            if (!string.Equals(canonical, path, StringComparison.Ordinal))
            {
                return RedirectPermanent(canonical + Request.QueryString);
            }

            if (result is not { Status: StatusCodes.Status200OK, Template: { } template, Title: { } title, Model: { } model })
            {
                return Problem(title: "Bad request", detail: result.Detail, statusCode: StatusCodes.Status400BadRequest);
            }

            return View($"~/Views/Site/{template}.cshtml", pages.Create(snapshot, culture, parent, new SubPage(string.Join('/', below) + "/" + result.Query, title, model)));
        }

        return null;
    }

    /// <summary>
    /// A form sent from a page that shows one (its "form" property). Posted to the page's own URL, so a form with
    /// mistakes comes back as the same page with the messages beside the fields and the answers kept; a valid one
    /// is stored and the browser is sent on (303) to the page with the thank-you message.
    /// </summary>
    [HttpPost]
    [ActionName(nameof(Render))]
    public async Task<IActionResult> SubmitAsync(CancellationToken cancellationToken)
    {
        var request = HttpContext.Request;
        var path = request.Path.Value ?? "/";
        if (Refusal(path, request.QueryString.Value) is { } refusal)
        {
            return Problem(title: "Bad request", detail: refusal, statusCode: StatusCodes.Status400BadRequest);
        }

        var snapshot = snapshots.Current;
        var (culture, culturePath) = SiteUrls.Resolve(snapshot, path);
        var content = snapshot.GetByPath(culture, culturePath);
        var alias = content?.ForCulture(culture)?.Value(SiteForm.PropertyAlias)?.Trim();
        var handler = HttpContext.RequestServices.GetService<FormSubmitHandler>();
        var form = alias is { Length: > 0 } ? HttpContext.RequestServices.GetService<IFormCatalog>()?.Find(alias) : null;
        var canonical = content is null ? null : SiteUrls.Of(snapshot, content.Key, culture);
        if (content is null || form is null || handler is null || !templates.Has(content.ContentTypeAlias) || canonical != path)
        {
            Response.Headers.Allow = "GET, HEAD";
            return Problem(title: "Method not allowed", detail: "This page has no form to send.", statusCode: StatusCodes.Status405MethodNotAllowed);
        }

        var outcome = await handler.HandleAsync(HttpContext, form, culture, canonical, cancellationToken);
        if (outcome.Result == FormSubmitResult.Accepted)
        {
            Response.Headers.Location = $"{canonical}?{SiteForm.SentQueryKey}={Uri.EscapeDataString(form.Alias)}#form-{form.Alias}";
            return StatusCode(StatusCodes.Status303SeeOther);
        }

        Response.Headers.CacheControl = "no-store";
        if (outcome.Result == FormSubmitResult.TooMany)
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = ((int)Math.Ceiling(outcome.RetryAfter?.TotalSeconds ?? 60)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        SiteForm.Keep(ViewData, outcome.Post);
        return View(SiteTemplates.PathOf(content.ContentTypeAlias), pages.Create(snapshot, culture, content));
    }

    /// <summary>Why a request target cannot name a page, or null when it can.</summary>
    public static string? Refusal(string path, string? query)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length + (query?.Length ?? 0) > MaxUrlLength)
        {
            return $"The address is longer than {MaxUrlLength} characters.";
        }

        foreach (var c in path)
        {
            if (char.IsControl(c))
            {
                return "The address contains a control character.";
            }
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment is "." or "..")
            {
                return "The address contains a '.' or '..' segment.";
            }
        }

        return null;
    }
}

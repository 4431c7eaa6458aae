using Isoc.Cms.Backoffice;
using Isoc.Cms.Content;
using Isoc.Cms.Publishing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Isoc.Web.Site;

/// <summary>
/// The backoffice's preview: a draft drawn by the site's own template, in the site's frame, as it will look once
/// published. Only signed-in backoffice users see it, and it is never cached or indexed.
/// </summary>
[Route("/umbraco/preview")]
[Authorize(Policy = BackofficePolicies.Access)]
public sealed class PreviewController(
    IContentService content,
    ContentTypeRegistry types,
    IPublishedSnapshotAccessor snapshots,
    SitePageFactory pages,
    SiteTemplates templates,
    TimeProvider time) : Controller
{
    [HttpGet("{key:guid}")]
    public async Task<IActionResult> Show(Guid key, string? culture, CancellationToken cancellationToken)
    {
        var draft = await content.GetAsync(key, cancellationToken);
        if (draft is null || draft.Trashed || !templates.Has(draft.ContentTypeAlias))
        {
            return NotFound();
        }

        var selected = types.NormalizeCulture(culture) ?? types.DefaultLanguage.IsoCode;
        var snapshot = PublishedValues.WithDraft(snapshots.Current, draft, types.Get(draft.ContentTypeAlias), time.GetUtcNow().UtcDateTime);
        Response.Headers.CacheControl = "no-store";
        Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
        if (snapshot.Get(key) is not { } node || node.ForCulture(selected) is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return View("~/Views/Site/NotFound.cshtml", pages.Create(snapshot, selected, content: null));
        }

        var page = pages.Create(snapshot, selected, node);
        page.IsPreview = true;
        return View(SiteTemplates.PathOf(node.ContentTypeAlias), page);
    }
}

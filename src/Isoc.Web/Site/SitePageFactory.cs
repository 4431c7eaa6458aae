using Isoc.Cms.Content;
using Isoc.Cms.Publishing;

namespace Isoc.Web.Site;

/// <summary>Builds the model of a page from the snapshot of the request.</summary>
public sealed class SitePageFactory(ContentTypeRegistry types, MarkupRenderer markup, SiteTemplates templates)
{
    public SitePage Create(PublishedSnapshot snapshot, string culture, PublishedContent? content, SubPage? subPage = null) =>
        new(snapshot, culture, content, types, markup, templates, subPage);
}

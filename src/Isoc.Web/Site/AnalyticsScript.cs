using Isoc.Plugins.Analytics;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Isoc.Web.Site;

/// <summary>
/// The analytics script tag, written by the layout only inside its analytics-consent branch. Built here rather than
/// in a partial: it is on every page of a consenting visitor, and a partial's lookup costs more than the tag.
/// </summary>
public static class AnalyticsScript
{
    public static IHtmlContent Tag(HttpContext context, SitePage page, CspNonce nonce)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(nonce);

        // The plugin may be off (no AnalyticsTag); it answers null without analytics consent.
        // Previews and pages without a canonical URL (404s) are not counted.
        if (page.IsPreview || page.Url is not { } url || context.RequestServices.GetService<AnalyticsTag>()?.For(context) is not { } tag)
        {
            return HtmlString.Empty;
        }

        var src = context.RequestServices.GetRequiredService<IFileVersionProvider>().AddFileVersionToPath(context.Request.PathBase, "/js/analytics.js");
        var script = new TagBuilder("script");
        script.Attributes["src"] = src;
        script.Attributes["nonce"] = nonce.Value;
        script.Attributes["defer"] = "";
        if (tag.HitUrl is { } hit)
        {
            script.Attributes["data-hit"] = hit;
            script.Attributes["data-path"] = url;
            script.Attributes["data-culture"] = page.Culture;
        }

        if (tag.MeasurementId is { } id)
        {
            script.Attributes["data-ga"] = id;
        }

        return script;
    }
}

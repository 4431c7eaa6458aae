using Isoc.Plugins.Consent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Isoc.Plugins.Analytics;

/// <summary>What the layout's analytics script tag carries: where the beacon posts, the page it counts, and the GA id.</summary>
/// <param name="HitUrl">Null when first-party counting is off.</param>
/// <param name="MeasurementId">Null when Google Analytics is not configured.</param>
public sealed record AnalyticsTagData(string? HitUrl, string? MeasurementId);

/// <summary>
/// Server-side gating of the analytics script: the layout asks <see cref="For"/>, which answers only when the
/// request's consent allows analytics (never under GPC). The tag is the same for every visitor in that consent
/// state, so pages stay cacheable: counting happens in the beacon's own request, not while the page renders.
/// </summary>
public sealed class AnalyticsTag(IOptions<AnalyticsOptions> options)
{
    public AnalyticsTagData? For(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var value = options.Value;
        if (!value.FirstPartyEnabled && !value.GoogleAnalyticsEnabled)
        {
            return null;
        }

        var consent = context.RequestServices.GetService(typeof(IConsentState)) as IConsentState;
        if (consent?.IsAllowed(ConsentCategory.Analytics) != true)
        {
            return null;
        }

        return new AnalyticsTagData(value.FirstPartyEnabled ? AnalyticsOptions.HitPath : null, value.GoogleAnalyticsEnabled ? value.MeasurementId : null);
    }
}

/// <summary>Google's hosts for GA4 (as Google's CSP guide lists them), added only for a visitor who allows analytics.</summary>
internal sealed class GoogleAnalyticsCsp(IOptions<AnalyticsOptions> options) : IContentSecurityPolicyExtension
{
    private static readonly CspSources Sources = new(
        Script: ["https://*.googletagmanager.com"],
        Connect: ["https://*.google-analytics.com", "https://*.analytics.google.com", "https://*.googletagmanager.com"],
        Img: ["https://*.google-analytics.com", "https://*.googletagmanager.com"]);

    public CspSources? SourcesFor(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!options.Value.GoogleAnalyticsEnabled)
        {
            return null;
        }

        var consent = context.RequestServices.GetService(typeof(IConsentState)) as IConsentState;
        return consent?.IsAllowed(ConsentCategory.Analytics) == true ? Sources : null;
    }
}

using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using Isoc.Cms.Publishing;
using Isoc.Plugins.Consent;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Isoc.Web.Site;

/// <summary>What the consent banner partial draws: the request's consent, its words, and where the form returns to.</summary>
/// <param name="SettingsOpen">The categories are shown (the "Choose" layer, or the settings reopened from the footer).</param>
public sealed record ConsentBanner(IConsentState State, ConsentText Text, string Culture, string ReturnUrl, bool SettingsOpen, string? PolicyUrl)
{
    /// <summary>The banner of a page, or null when the plugin is off or the visitor has chosen and did not ask to change it.</summary>
    public static ConsentBanner? For(HttpContext context, SitePage page)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(page);
        if (context.RequestServices.GetService<IConsentState>() is not { } state)
        {
            return null;
        }

        var settingsOpen = context.Request.Query.ContainsKey(ConsentOptions.SettingsQueryKey);
        if (state.HasChosen && !settingsOpen)
        {
            return null;
        }

        var policyUrl = context.RequestServices.GetRequiredService<ConsentBannerRenderer>().PolicyUrl(page.Snapshot, page.Culture);
        return new ConsentBanner(state, ConsentText.For(page.Culture), page.Culture, page.Url ?? context.Request.Path.Value ?? "/", settingsOpen, policyUrl);
    }

    /// <summary>The footer's "Cookie settings" link: this page with the settings open; null when the plugin is off.</summary>
    public static string? SettingsLink(HttpContext context, SitePage page)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(page);
        return context.RequestServices.GetService<IConsentState>() is null
            ? null
            : ConsentDecision.SettingsUrl(page.Url ?? context.Request.Path.Value ?? "/");
    }

    /// <summary>Whether the request's visitor allows a category; with the plugin off nothing optional is allowed.</summary>
    public static bool Allows(HttpContext context, ConsentCategory category)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.RequestServices.GetService<IConsentState>()?.IsAllowed(category) == true;
    }

    public bool IsTicked(ConsentCategory category) => State.Choice?.IsGranted(category) == true && !(category == ConsentCategory.Analytics && State.Gpc);
}

/// <summary>
/// Draws the banner cheaply. Before a choice the banner is the same for every visitor of a language and consent
/// state except for the page it returns to, so it is rendered through its Razor partial once per (language,
/// outdated, GPC, policy link) with a marker where the return address goes, and later requests write the two
/// halves around the encoded address. The open settings (with the visitor's ticks) are rendered each time.
/// Also remembers the privacy policy's node per snapshot instead of looking through every node per request.
/// </summary>
public sealed class ConsentBannerRenderer
{
    /// <summary>Letters only, so encoding leaves it as is and it cannot occur in the banner's own text.</summary>
    private const string Marker = "ISOCRETURNURLMARKER";
    private const int MaxEntries = 64;

    private readonly ConcurrentDictionary<Key, (string Before, string After)> _fragments = new();
    private volatile PolicyNode? _policy;

    public async Task<IHtmlContent> RenderAsync(IHtmlHelper html, ConsentBanner banner)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(banner);
        if (banner.SettingsOpen)
        {
            return await html.PartialAsync("_ConsentBanner", banner);
        }

        var key = new Key(banner.Culture, banner.State.IsOutdated, banner.State.Gpc, banner.PolicyUrl);
        if (!_fragments.TryGetValue(key, out var fragments))
        {
            var template = await html.PartialAsync("_ConsentBanner", banner with { ReturnUrl = Marker });
            using var writer = new StringWriter();
            template.WriteTo(writer, html.ViewContext.HttpContext.RequestServices.GetRequiredService<HtmlEncoder>());
            var text = writer.ToString();
            var at = text.IndexOf(Marker, StringComparison.Ordinal);
            if (at < 0 || text.IndexOf(Marker, at + Marker.Length, StringComparison.Ordinal) >= 0)
            {
                // The partial no longer has exactly one return address: render it as it is, every time.
                return await html.PartialAsync("_ConsentBanner", banner);
            }

            fragments = (text[..at], text[(at + Marker.Length)..]);
            if (_fragments.Count >= MaxEntries)
            {
                _fragments.Clear(); // policy links of older snapshots
            }

            _fragments[key] = fragments;
        }

        return new HtmlContentBuilder(3).AppendHtml(fragments.Before).Append(banner.ReturnUrl).AppendHtml(fragments.After);
    }

    /// <summary>The privacy policy's URL in a culture (else in the default culture), or null when there is none.</summary>
    public string? PolicyUrl(PublishedSnapshot snapshot, string culture)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var policy = _policy;
        if (policy is null || policy.Generation != snapshot.Generation)
        {
            policy = new PolicyNode(snapshot.Generation, snapshot.Nodes.Values.FirstOrDefault(n => n.ContentTypeAlias == "privacyPolicy")?.Key);
            _policy = policy;
        }

        return policy.Key is not { } key ? null : SiteUrls.Of(snapshot, key, culture) ?? SiteUrls.Of(snapshot, key, snapshot.DefaultCulture);
    }

    private sealed record Key(string Culture, bool Outdated, bool Gpc, string? PolicyUrl);

    private sealed record PolicyNode(long Generation, Guid? Key);
}

using Isoc.Plugins.Consent;

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

        var policy = page.Snapshot.Nodes.Values.FirstOrDefault(n => n.ContentTypeAlias == "privacyPolicy");
        var policyUrl = policy is null ? null : SiteUrls.Of(page.Snapshot, policy.Key, page.Culture) ?? SiteUrls.Of(page.Snapshot, policy.Key, page.Snapshot.DefaultCulture);
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

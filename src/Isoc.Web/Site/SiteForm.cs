using Isoc.Plugins.Forms;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Isoc.Web.Site;

/// <summary>
/// A form as one page draws it: the definition, the post being shown again (or a blank one), whether it was just
/// sent, and the privacy policy its consent fields link to. A content page picks its form by alias in its "form" property.
/// </summary>
public sealed class SiteForm
{
    /// <summary>The content property that names the page's form.</summary>
    public const string PropertyAlias = "form";

    /// <summary>The query key of the page shown after a valid submission ("?sent=contact").</summary>
    public const string SentQueryKey = "sent";

    private const string PostKey = "Isoc.Forms.Post";

    private SiteForm(FormDefinition definition, FormPost post, bool sent, FormPolicyReference? policy, string? policyUrl, SitePage page)
    {
        Definition = definition;
        Post = post;
        Sent = sent;
        Policy = policy;
        PolicyUrl = policyUrl;
        Page = page;
        Text = FormText.For(page.Culture);
    }

    public FormDefinition Definition { get; }

    public FormPost Post { get; }

    public bool Sent { get; }

    public FormPolicyReference? Policy { get; }

    public string? PolicyUrl { get; }

    public SitePage Page { get; }

    public FormText Text { get; }

    public string Culture => Page.Culture;

    public string Id(FormField field) => $"f-{Definition.Alias}-{field.Alias}";

    public string? Error(FormField field) => Post.Errors.GetValueOrDefault(field.Alias);

    public IReadOnlyList<string> Typed(FormField field) => Post.Typed.GetValueOrDefault(field.Alias) ?? [];

    public string TypedText(FormField field) => Typed(field) is [var first, ..] ? first : "";

    public bool IsChosen(FormField field, string value) => Typed(field).Contains(value, StringComparer.Ordinal);

    /// <summary>The form of a page, or null when the page names none, or the Forms plugin is off, or the alias is unknown.</summary>
    public static SiteForm? For(HttpContext context, ViewDataDictionary viewData, SitePage page)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(viewData);
        ArgumentNullException.ThrowIfNull(page);
        if (page.Value(PropertyAlias) is not { Length: > 0 } alias
            || context.RequestServices.GetService<IFormCatalog>()?.Find(alias.Trim()) is not { } definition)
        {
            return null;
        }

        var post = viewData[PostKey] as FormPost ?? FormPost.Blank(definition, page.Culture);
        var sent = viewData[PostKey] is null && string.Equals(context.Request.Query[SentQueryKey], definition.Alias, StringComparison.Ordinal);
        var policy = definition.Fields.Any(f => f.Type == FormFieldType.Consent)
            ? context.RequestServices.GetService<IFormPolicyVersion>()?.Current(page.Culture)
            : null;
        var policyUrl = policy?.Url ?? (policy?.PageKey is { } key ? SiteUrls.Of(page.Snapshot, key, page.Culture) : null);
        return new SiteForm(definition, post, sent, policy, policyUrl, page);
    }

    /// <summary>Hands a post that is shown again to the page's view.</summary>
    public static void Keep(ViewDataDictionary viewData, FormPost post)
    {
        ArgumentNullException.ThrowIfNull(viewData);
        viewData[PostKey] = post;
    }
}

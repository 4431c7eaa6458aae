using System.Globalization;
using Isoc.Cms.Content;
using Isoc.Cms.Publishing;
using Isoc.Plugins;
using Microsoft.AspNetCore.Html;

namespace Isoc.Web.Site;

/// <summary>A link in the site's frame: navigation, breadcrumbs, the language switcher.</summary>
public sealed record SiteLink(string Text, string Url, bool IsCurrent, string? Culture = null);

/// <summary>A plugin's page below a published page (<see cref="ISubPageProvider"/>): its address below the page, title and model.</summary>
/// <param name="Path">Below the page's URL, e.g. "versions/2011-12-15/" or "compare/?from=…&amp;to=…".</param>
public sealed record SubPage(string Path, string Title, object Model);

/// <summary>
/// Everything a template needs to draw one page in one culture, taken from one snapshot so the page
/// is consistent with itself even while a publish swaps the next snapshot in.
/// </summary>
public sealed class SitePage
{
    private readonly ContentTypeRegistry _types;
    private readonly MarkupRenderer _markup;
    private readonly SiteTemplates _templates;

    internal SitePage(
        PublishedSnapshot snapshot,
        string culture,
        PublishedContent? content,
        ContentTypeRegistry types,
        MarkupRenderer markup,
        SiteTemplates templates,
        SubPage? subPage = null)
    {
        Snapshot = snapshot;
        Sub = subPage;
        Culture = culture;
        Content = content;
        Variant = content?.ForCulture(culture);
        Text = SiteText.For(culture);
        _types = types;
        _markup = markup;
        _templates = templates;
        HomeUrl = SiteUrls.Home(snapshot, culture);
        SiteName = snapshot.GetByPath(culture, "/")?.ForCulture(culture)?.Name ?? "Internet Society";
        Navigation = BuildNavigation();
        Breadcrumbs = content is null ? [] : BuildBreadcrumbs(content);
        Languages = BuildLanguages();
    }

    public PublishedSnapshot Snapshot { get; }

    /// <summary>Set when this is a plugin's page below <see cref="Content"/> (a policy version, a comparison).</summary>
    public SubPage? Sub { get; }

    /// <summary>The plugin's model of a sub-page, for its template.</summary>
    public T SubModel<T>() => Sub?.Model is T model ? model : throw new InvalidOperationException($"This page has no {typeof(T).Name}.");

    /// <summary>The page as plugins see it (notices, sub-pages).</summary>
    public SitePageContext PluginContext => new(Snapshot, Culture, Content, Sub is null && IsHome, (key, culture) => SiteUrls.Of(Snapshot, key, culture));

    /// <summary>A draft shown to a backoffice user before it is published: the layout says so.</summary>
    public bool IsPreview { get; set; }

    public string Culture { get; }

    /// <summary>"en", "et": for the lang attribute of short texts and for hreflang lists.</summary>
    public string Language => SiteUrls.Language(Culture);

    /// <summary>Null on the 404 page.</summary>
    public PublishedContent? Content { get; }

    public PublishedCulture? Variant { get; }

    public SiteText Text { get; }

    public string HomeUrl { get; }

    public string SiteName { get; }

    public IReadOnlyList<SiteLink> Navigation { get; }

    public IReadOnlyList<SiteLink> Breadcrumbs { get; }

    /// <summary>One link per culture: to this page in that culture where it is published, else to that culture's home.</summary>
    public IReadOnlyList<SiteLink> Languages { get; }

    public string? Url => UrlIn(Culture);

    public bool IsHome => Content is not null && Snapshot.GetPath(Content.Key, Culture) == "/";

    /// <summary>The page's heading: its "heading" property when set, else its name.</summary>
    public string Heading => Sub?.Title ?? NonEmpty(Value("heading")) ?? Variant?.Name ?? Text.NotFoundTitle;

    public string Title => Sub is not null ? $"{Sub.Title} | {Variant?.Name} | {SiteName}" : Content is null || IsHome ? (Content is null ? $"{Text.NotFoundTitle} | {SiteName}" : SiteName) : $"{Variant?.Name} | {SiteName}";

    public string? MetaDescription => NonEmpty(Value("metaDescription")) ?? NonEmpty(Value("introduction")) ?? NonEmpty(Value("summary"));

    /// <summary>The same page in the cultures it is published in, for hreflang alternates.</summary>
    public IEnumerable<(string Culture, string Url)> Alternates =>
        Content is null
            ? []
            : Snapshot.Cultures
                .Select(c => (Culture: c, Url: UrlIn(c)))
                .Where(a => a.Url is not null)
                .Select(a => (a.Culture, a.Url!));

    public string? Value(string alias) => Variant?.Value(alias);

    /// <summary>A property as safe HTML: rich text and Markdown rendered and sanitized, anything else encoded.</summary>
    public IHtmlContent Html(string alias)
    {
        if (Content is null)
        {
            return HtmlString.Empty;
        }

        var editor = _types.Get(Content.ContentTypeAlias)?.GetProperty(alias)?.EditorAlias ?? PropertyEditors.TextBox;
        return new HtmlString(_markup.Render(Content.Key, Culture, alias, Value(alias), editor));
    }

    /// <summary>A date property written as the culture writes dates, or null when it is empty or not a date.</summary>
    public string? Date(string alias) =>
        DateTime.TryParse(Value(alias), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date)
            ? SiteText.FormatDate(date, Culture)
            : null;

    /// <summary>The machine-readable form of a date property, for &lt;time datetime&gt;.</summary>
    public string? IsoDate(string alias) =>
        DateTime.TryParse(Value(alias), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date)
            ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : null;

    public string FormatDate(DateTime date) => SiteText.FormatDate(date, Culture);

    /// <summary>The published children of this page in this culture that have a template, in sort order.</summary>
    public IEnumerable<(PublishedContent Node, PublishedCulture Variant, string Url)> Children() =>
        Content is null
            ? []
            : Snapshot.GetChildren(Content.Key, Culture)
                .Where(c => _templates.Has(c.ContentTypeAlias))
                .Select(c => (c, c.ForCulture(Culture)!, SiteUrls.Of(Snapshot, c.Key, Culture)!));

    /// <summary>This page's URL in a culture (a sub-page keeps its address below the page), or null where it is not published.</summary>
    private string? UrlIn(string culture) =>
        Content is null ? null : SiteUrls.Of(Snapshot, Content.Key, culture) is { } url ? url + Sub?.Path : null;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private List<SiteLink> BuildNavigation()
    {
        var home = Snapshot.GetByPath(Culture, "/");
        if (home is null)
        {
            return [];
        }

        var trail = Content is null ? [] : Snapshot.GetAncestors(Content.Key).Select(a => a.Key).Append(Content.Key).ToHashSet();
        var links = new List<SiteLink> { new(home.ForCulture(Culture)!.Name, HomeUrl, Content?.Key == home.Key) };
        foreach (var child in Snapshot.GetChildren(home.Key, Culture))
        {
            if (_templates.Has(child.ContentTypeAlias))
            {
                links.Add(new SiteLink(child.ForCulture(Culture)!.Name, SiteUrls.Of(Snapshot, child.Key, Culture)!, trail.Contains(child.Key)));
            }
        }

        return links;
    }

    private List<SiteLink> BuildBreadcrumbs(PublishedContent content)
    {
        var crumbs = Snapshot.GetAncestors(content.Key)
            .Reverse()
            .Select(a => (Node: a, Url: SiteUrls.Of(Snapshot, a.Key, Culture)))
            .Where(a => a.Url is not null)
            .Select(a => new SiteLink(a.Node.ForCulture(Culture)?.Name ?? Text.Home, a.Url!, false))
            .ToList();
        if (crumbs.Count == 0)
        {
            return [];
        }

        if (Sub is not null)
        {
            crumbs.Add(new SiteLink(Variant?.Name ?? string.Empty, SiteUrls.Of(Snapshot, content.Key, Culture) ?? HomeUrl, false));
            crumbs.Add(new SiteLink(Sub.Title, Url ?? HomeUrl, true));
            return crumbs;
        }

        crumbs.Add(new SiteLink(Variant?.Name ?? string.Empty, Url ?? HomeUrl, true));
        return crumbs;
    }

    private List<SiteLink> BuildLanguages() =>
        Snapshot.Cultures
            .Select(c => new SiteLink(
                SiteText.For(c).LanguageName,
                UrlIn(c) ?? SiteUrls.Home(Snapshot, c),
                string.Equals(c, Culture, StringComparison.OrdinalIgnoreCase),
                c))
            .ToList();
}

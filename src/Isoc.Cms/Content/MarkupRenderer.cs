using System.Collections.Concurrent;
using Ganss.Xss;
using Markdig;
using Markdig.Syntax;

namespace Isoc.Cms.Content;

/// <summary>
/// Turns a rich text or Markdown property value into HTML that is safe to put on a page: Markdown is
/// rendered with Markdig, and every result goes through HtmlSanitizer, because editors paste from
/// anywhere and a stored script must never run in a visitor's browser.
/// Results are cached per node, culture and property while the source text stays the same, so a page
/// view renders nothing twice; a publish replaces the value and with it the cached entry.
/// </summary>
public sealed class MarkupRenderer
{
    private static readonly string[] FormTags =
        ["form", "input", "button", "select", "textarea", "option", "optgroup", "fieldset", "legend", "label", "datalist", "output", "keygen"];

    private readonly HtmlSanitizer _sanitizer;
    private readonly HtmlSanitizer _textOnly = new(new HtmlSanitizerOptions { AllowedTags = new HashSet<string>() }) { KeepChildNodes = true };
    private readonly MarkdownPipeline _markdown = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .DisableHtml()
        .Build();

    private readonly ConcurrentDictionary<(Guid Node, string Culture, string Alias), Rendered> _cache = new();

    public MarkupRenderer()
    {
        _sanitizer = new HtmlSanitizer();
        _sanitizer.AllowedSchemes.Add("mailto");
        _sanitizer.AllowedAttributes.Add("id");
        _sanitizer.AllowedAttributes.Remove("style");
        _sanitizer.AllowedCssProperties.Clear();

        // Content has no business posting anywhere: a form in a page could phish a visitor's data.
        foreach (var tag in FormTags)
        {
            _sanitizer.AllowedTags.Remove(tag);
        }

        _sanitizer.AllowedAttributes.Remove("action");
        _sanitizer.AllowedAttributes.Remove("formaction");
    }

    /// <summary>Safe HTML for a value of the given editor; plain text editors are HTML-encoded.</summary>
    public string Render(string? value, string editorAlias)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        return editorAlias switch
        {
            PropertyEditors.MarkdownEditor => _sanitizer.Sanitize(RenderMarkdown(value)),
            PropertyEditors.RichText => _sanitizer.Sanitize(value),
            _ => System.Net.WebUtility.HtmlEncode(value),
        };
    }

    /// <summary>HTML with everything that could run script removed, for rich text as it is saved.</summary>
    public string SanitizeHtml(string html) => _sanitizer.Sanitize(html);

    /// <summary>Like <see cref="Render(string?, string)"/>, remembered for this node, culture and property.</summary>
    public string Render(Guid node, string culture, string alias, string? value, string editorAlias)
    {
        var key = (node, culture, alias);
        if (_cache.TryGetValue(key, out var cached) && string.Equals(cached.Source, value, StringComparison.Ordinal))
        {
            return cached.Html;
        }

        var html = Render(value, editorAlias);
        _cache[key] = new Rendered(value, html);
        return html;
    }

    /// <summary>Strips every tag: for meta descriptions and summaries made from rich text.</summary>
    public string ToPlainText(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return string.Empty;
        }

        return System.Net.WebUtility.HtmlDecode(_textOnly.Sanitize(html)).Trim();
    }

    private string RenderMarkdown(string markdown)
    {
        var document = Markdown.Parse(markdown, _markdown);

        // The page template owns the one h1: the document's headings step down under it, without gaps
        // ("#", "###" become h2, h3), so assistive technology can walk the outline.
        var levels = document.Descendants<HeadingBlock>().Select(h => h.Level).Distinct().Order().ToList();
        foreach (var heading in document.Descendants<HeadingBlock>())
        {
            heading.Level = Math.Min(6, 2 + levels.IndexOf(heading.Level));
        }

        return document.ToHtml(_markdown);
    }

    private sealed record Rendered(string? Source, string Html);
}

using Isoc.Cms.Content;
using Isoc.Tests.Infrastructure;

namespace Isoc.Tests.Unit;

public class MarkupRendererTests
{
    private readonly MarkupRenderer _renderer = new();

    [Fact]
    public void The_482_public_injection_payloads_lose_everything_that_could_run_script_in_rich_text_and_markdown()
    {
        Assert.Equal(482, XssPayloads.All.Count);
        var failures = new List<string>();
        foreach (var (list, payload) in XssPayloads.All)
        {
            foreach (var editor in new[] { PropertyEditors.RichText, PropertyEditors.MarkdownEditor })
            {
                var html = _renderer.Render(payload, editor);
                var active = XssPayloads.ActiveContent(html);
                if (active.Count > 0)
                {
                    failures.Add($"{list} via {editor}: {string.Join(", ", active)} in {html}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(10)));
    }

    [Fact]
    public void Plain_text_properties_are_encoded_not_interpreted()
    {
        var html = _renderer.Render("<script>alert(1)</script> & friends", PropertyEditors.TextBox);

        Assert.Equal("&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends", html);
    }

    [Fact]
    public void Markdown_headings_step_down_under_the_page_heading_without_gaps()
    {
        var html = _renderer.Render("# Policy\n\n### Cookies\n\n#### Session cookies\n\n### Mail", PropertyEditors.MarkdownEditor);

        Assert.DoesNotContain("<h1", html, StringComparison.Ordinal);
        Assert.Contains(">Policy</h2>", html, StringComparison.Ordinal);
        Assert.Contains(">Cookies</h3>", html, StringComparison.Ordinal);
        Assert.Contains(">Session cookies</h4>", html, StringComparison.Ordinal);
        Assert.Contains(">Mail</h3>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_links_to_mail_and_the_web_survive_sanitizing()
    {
        var html = _renderer.Render("Write to [membership](mailto:membership@isoc.org) or see [ISOC](https://www.internetsociety.org/).", PropertyEditors.MarkdownEditor);

        Assert.Contains("href=\"mailto:membership@isoc.org\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://www.internetsociety.org/\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cached_rendering_follows_a_changed_source()
    {
        var node = Guid.NewGuid();

        var first = _renderer.Render(node, "en-US", "bodyText", "<p>One</p>", PropertyEditors.RichText);
        var second = _renderer.Render(node, "en-US", "bodyText", "<p>Two</p>", PropertyEditors.RichText);

        Assert.Equal("<p>One</p>", first);
        Assert.Equal("<p>Two</p>", second);
    }
}

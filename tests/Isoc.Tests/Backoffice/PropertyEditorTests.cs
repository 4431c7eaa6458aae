using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Isoc.Cms.Content;
using Isoc.Cms.Data;
using Isoc.Cms.Security;
using Isoc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Isoc.Tests.Infrastructure.TestContent;

namespace Isoc.Tests.Backoffice;

/// <summary>
/// Each property editor of the content editor over HTTP, as the browser posts it: what the field sends is stored
/// in the shape the engine and the Delivery API expect, a wrong value is refused with its message beside that
/// field (in the culture edited) and nothing is saved, tabs and groups follow the document type.
/// </summary>
public abstract class PropertyEditorTests(CmsFactory cms) : BackofficeTests(cms), IAsyncLifetime
{
    /// <summary>A test type with one property of every editor, in a tab with a group inside and a loose group.</summary>
    private const string EditorsPage = "editorsPage";

    private static readonly HtmlParser Parser = new();

    public async Task InitializeAsync()
    {
        await Cms.DbAsync(async db =>
        {
            if (await db.DocumentTypes.AnyAsync(t => t.Alias == EditorsPage))
            {
                return 0;
            }

            PropertyTypeDefinition Property(string alias, string name, string editor, bool varies, string group, int sort, bool mandatory = false) =>
                new() { Key = Guid.NewGuid(), Alias = alias, Name = name, EditorAlias = editor, VariesByCulture = varies, GroupAlias = group, SortOrder = sort, Mandatory = mandatory };

            db.DocumentTypes.Add(new DocumentTypeEntity
            {
                Key = Guid.NewGuid(),
                Alias = EditorsPage,
                Name = "Editors page",
                VariesByCulture = true,
                AllowedAtRoot = true,
                Groups =
                [
                    new PropertyGroupDefinition { Key = Guid.NewGuid(), Alias = "content", Name = "Content", Type = "Tab", SortOrder = 0 },
                    new PropertyGroupDefinition { Key = Guid.NewGuid(), Alias = "content/links", Name = "Further reading", Type = "Group", SortOrder = 1 },
                    new PropertyGroupDefinition { Key = Guid.NewGuid(), Alias = "settings", Name = "Settings", Type = "Tab", SortOrder = 2 },
                ],
                Properties =
                [
                    Property("title", "Title", PropertyEditors.TextBox, varies: true, "content", 0, mandatory: true),
                    Property("intro", "Introduction", PropertyEditors.TextArea, varies: true, "content", 1),
                    Property("body", "Body", PropertyEditors.RichText, varies: true, "content", 2),
                    Property("policy", "Policy text", PropertyEditors.MarkdownEditor, varies: true, "content", 3),
                    Property("links", "Links", PropertyEditors.MultiUrlPicker, varies: true, "content/links", 4),
                    Property("effective", "Effective from", PropertyEditors.DateTime, varies: false, "settings", 5),
                    Property("featured", "Featured", PropertyEditors.TrueFalse, varies: false, "settings", 6),
                    Property("related", "Related page", PropertyEditors.ContentPicker, varies: false, "settings", 7),
                    Property("keywords", "Keywords", PropertyEditors.Tags, varies: true, "settings", 8),
                ],
            });
            return await db.SaveChangesAsync();
        });
        await Cms.ContentTypes.ReloadAsync(CancellationToken.None);
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    private async Task<ContentItem> EditorsPageAsync() =>
        await Cms.CreateAsync(EditorsPage, null, new Dictionary<string, string> { [En] = Unique("Editors"), [Et] = Unique("Toimetajad") });

    /// <summary>Loads the editor (for its token and revision) and posts the fields as the browser would.</summary>
    private static async Task<HttpResponseMessage> PostAsync(FormSession session, ContentItem page, string culture, IEnumerable<KeyValuePair<string, string>> values, string action = "save")
    {
        var (_, html) = await session.GetAsync($"/umbraco/content/{page.Key}?culture={culture}");
        var form = Parser.ParseDocument(html);
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Culture", culture),
            new("Revision", form.QuerySelector("input[name=Revision]")!.GetAttribute("value")!),
            new("Name", form.QuerySelector("#field-name")!.GetAttribute("value")!),
            new("Action", action),
        };
        fields.AddRange(values);
        return await session.PostAsync($"/umbraco/content/{page.Key}", fields);
    }

    private static KeyValuePair<string, string> Value(string alias, string value) => new($"values[{alias}]", value);

    private static KeyValuePair<string, string> Link(string part, string value) => new($"link.links.{part}", value);

    private static async Task<IDocument> DocumentAsync(HttpResponseMessage response) => Parser.ParseDocument(await response.Content.ReadAsStringAsync());

    private static string ErrorBeside(IDocument page, string alias) => page.QuerySelector($"#field-{alias}-error")?.TextContent.Trim() ?? throw new InvalidOperationException($"No error slot beside {alias}.");

    private async Task<ContentItem> StoredAsync(Guid key) => (await Cms.ContentAsync(s => s.GetAsync(key, CancellationToken.None)))!;

    private async Task<int> VersionCountAsync(Guid key) => (await Cms.ContentAsync(s => s.GetVersionsAsync(key, CancellationToken.None))).Count;

    [Fact]
    public async Task Every_editor_stores_what_its_field_posts_in_the_shape_umbraco_uses_and_shows_it_again()
    {
        var page = await EditorsPageAsync();
        var target = await EditorsPageAsync();
        var session = await SignedInAsync(BackofficeRoles.Editor);
        var targetUdi = "umb://document/" + target.Key.ToString("N");

        using var saved = await PostAsync(session, page, En,
        [
            Value("title", "  A title  "),
            Value("intro", "Two\nlines"),
            Value("body", "<h2>Heading</h2><p><strong>Bold</strong> and <em>italic</em> <a href=\"https://www.internetsociety.org/\">link</a></p><ul><li>one</li></ul><blockquote><p>quoted</p></blockquote>"),
            Value("policy", "# Policy\n\nWe **keep** little."),
            Value("effective", "2026-03-01T09:30"),
            Value("featured", "1"),
            Value("related", targetUdi),
            Value("keywords", "privacy, cookies,, Privacy , consent"),
            Link("name", "Society"), Link("url", "https://www.internetsociety.org/"), Link("udi", ""), Link("target", "_blank"),
            Link("name", "Sibling"), Link("url", ""), Link("udi", targetUdi), Link("target", ""),
            Link("name", ""), Link("url", ""), Link("udi", ""), Link("target", ""),
        ]);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var stored = await StoredAsync(page.Key);
        Assert.Equal("A title", stored.GetValue("title", En));
        Assert.Equal("Two\nlines", stored.GetValue("intro", En));
        Assert.Contains("<strong>Bold</strong>", stored.GetValue("body", En), StringComparison.Ordinal);
        Assert.Contains("<blockquote>", stored.GetValue("body", En), StringComparison.Ordinal);
        Assert.Equal("# Policy\n\nWe **keep** little.", stored.GetValue("policy", En));
        Assert.Equal("2026-03-01T09:30:00", stored.GetValue("effective"));
        Assert.Equal("1", stored.GetValue("featured"));
        Assert.Equal(targetUdi, stored.GetValue("related"));
        Assert.Equal(["privacy", "cookies", "consent"], JsonSerializer.Deserialize<string[]>(stored.GetValue("keywords", En)!)!);
        using (var links = JsonDocument.Parse(stored.GetValue("links", En)!))
        {
            var rows = links.RootElement.EnumerateArray().ToList();
            Assert.Equal(2, rows.Count);
            Assert.Equal("https://www.internetsociety.org/", rows[0].GetProperty("url").GetString());
            Assert.Equal("_blank", rows[0].GetProperty("target").GetString());
            Assert.Equal(targetUdi, rows[1].GetProperty("udi").GetString());
            Assert.False(rows[1].TryGetProperty("url", out _));
        }

        var (_, html) = await session.GetAsync($"/umbraco/content/{page.Key}?culture=en-US");
        var editor = Parser.ParseDocument(html);
        Assert.Equal("datetime-local", editor.QuerySelector("#field-effective")!.GetAttribute("type"));
        Assert.Equal("2026-03-01T09:30", editor.QuerySelector("#field-effective")!.GetAttribute("value"));
        Assert.Contains("UTC", editor.QuerySelector("label[for=field-effective]")!.TextContent, StringComparison.Ordinal);
        Assert.True(editor.QuerySelector("#field-featured")!.HasAttribute("checked"));
        Assert.Equal(targetUdi, editor.QuerySelector("#field-related option[selected]")!.GetAttribute("value"));
        Assert.Equal("privacy, cookies, consent", editor.QuerySelector("#field-keywords")!.GetAttribute("value"));
        Assert.Equal("https://www.internetsociety.org/", editor.QuerySelector("#field-links-0-url")!.GetAttribute("value"));
        Assert.Equal(targetUdi, editor.QuerySelector("#field-links-1-udi option[selected]")!.GetAttribute("value"));
        Assert.Equal("richtext", editor.QuerySelector("#field-body")!.GetAttribute("data-editor"));
        // The Markdown preview beside the textarea is the site's rendering: "#" steps down to h2 under the page's h1.
        Assert.Equal("Policy", editor.QuerySelector("#field-policy-preview h2")!.TextContent);
        Assert.NotNull(editor.QuerySelector("script[type=module][src^='/js/backoffice/editors.js']"));
    }

    [Fact]
    public async Task Wrong_values_are_refused_with_each_message_beside_its_field_and_nothing_is_saved()
    {
        var page = await EditorsPageAsync();
        var session = await SignedInAsync(BackofficeRoles.Editor);
        var versionsBefore = await VersionCountAsync(page.Key);

        using var refused = await PostAsync(session, page, En,
        [
            Value("title", ""),
            Value("effective", "next Tuesday"),
            Value("featured", "1"),
            Value("related", "umb://document/not-a-guid"),
            Value("keywords", "kept, as typed"),
            Link("name", "Fine"), Link("url", "https://example.org/"), Link("udi", ""), Link("target", ""),
            Link("name", "Evil"), Link("url", "  JaVaScRiPt:alert(document.cookie)"), Link("udi", ""), Link("target", ""),
        ], action: "publish");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await DocumentAsync(refused);
        Assert.Contains("Title is required", ErrorBeside(html, "title"), StringComparison.Ordinal);
        Assert.Contains("not a date and time", ErrorBeside(html, "effective"), StringComparison.Ordinal);
        Assert.Contains("must reference a content item", ErrorBeside(html, "related"), StringComparison.Ordinal);
        Assert.Contains("link 2", ErrorBeside(html, "links"), StringComparison.Ordinal);
        Assert.Contains("javascript:", ErrorBeside(html, "links"), StringComparison.Ordinal);
        Assert.Equal("", ErrorBeside(html, "keywords"));
        Assert.Equal("", ErrorBeside(html, "intro"));
        Assert.Equal("true", html.QuerySelector("#field-related")!.GetAttribute("aria-invalid"));
        // What the editor typed is still on the page, to correct rather than retype.
        Assert.Equal("kept, as typed", html.QuerySelector("#field-keywords")!.GetAttribute("value"));
        Assert.Contains("alert(document.cookie)", html.QuerySelector("#field-links-1-url")!.GetAttribute("value"), StringComparison.Ordinal);
        Assert.Equal(versionsBefore, await VersionCountAsync(page.Key));
        var stored = await StoredAsync(page.Key);
        Assert.Null(stored.GetValue("links", En));
        Assert.Empty(stored.Published);
    }

    [Fact]
    public async Task A_message_in_one_language_stays_with_that_language_and_invariant_properties_are_shown_once()
    {
        var page = await EditorsPageAsync();
        var session = await SignedInAsync(BackofficeRoles.Editor);

        using var estonian = await PostAsync(session, page, Et, [Value("title", ""), Value("effective", "2026-01-01T00:00")]);
        var html = await DocumentAsync(estonian);

        Assert.Equal(HttpStatusCode.BadRequest, estonian.StatusCode);
        Assert.Contains("Title is required", ErrorBeside(html, "title"), StringComparison.Ordinal);
        Assert.Contains("(et-EE)", html.QuerySelector("label[for=field-title]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("all languages", html.QuerySelector("label[for=field-effective]")!.TextContent, StringComparison.Ordinal);
        Assert.Single(html.QuerySelectorAll("#field-effective"));
        var (_, english) = await session.GetAsync($"/umbraco/content/{page.Key}?culture=en-US");
        Assert.Equal("", ErrorBeside(Parser.ParseDocument(english), "title"));

        using var fixedUp = await PostAsync(session, page, Et, [Value("title", "Pealkiri"), Value("effective", "2026-01-01T00:00")]);
        Assert.Equal(HttpStatusCode.Redirect, fixedUp.StatusCode);
        var stored = await StoredAsync(page.Key);
        Assert.Equal("Pealkiri", stored.GetValue("title", Et));
        Assert.Equal("2026-01-01T00:00:00", stored.GetValue("effective"));
        Assert.Equal("0", stored.GetValue("featured"));
    }

    [Fact]
    public async Task Tabs_and_groups_come_from_the_document_type()
    {
        var page = await EditorsPageAsync();
        var session = await SignedInAsync(BackofficeRoles.Writer);

        var (status, html) = await session.GetAsync($"/umbraco/content/{page.Key}");
        var editor = Parser.ParseDocument(html);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["Content", "Settings"], editor.QuerySelectorAll("nav[aria-label=Tabs] a").Select(a => a.TextContent).ToArray());
        var content = editor.QuerySelector("section#tab-content")!;
        Assert.Equal("Content", content.QuerySelector("h2")!.TextContent);
        Assert.Equal("Further reading", content.QuerySelector("fieldset.bo-group > legend")!.TextContent.Trim());
        Assert.NotNull(content.QuerySelector("fieldset.bo-group [data-property=links]"));
        Assert.NotNull(editor.QuerySelector("section#tab-settings [data-property=related]"));
    }

    [Fact]
    public async Task The_markdown_preview_is_the_sites_rendering_sanitised_for_signed_in_users_only()
    {
        var page = await EditorsPageAsync();
        var session = await SignedInAsync(BackofficeRoles.Writer);
        await session.GetAsync($"/umbraco/content/{page.Key}");

        using var preview = await PreviewAsync(session, "# Title\n\nSome **bold** [x](javascript:alert(1)) <script>alert(2)</script>");
        var html = await preview.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal("text/html", preview.Content.Headers.ContentType!.MediaType);
        Assert.Contains("no-store", preview.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Contains("<h2", html, StringComparison.Ordinal);
        Assert.Contains("<strong>bold</strong>", html, StringComparison.Ordinal);
        Assert.Empty(XssPayloads.ActiveContent(html));

        using var tooLong = await PreviewAsync(session, new string('a', 200_001));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal("application/problem+json", tooLong.Content.Headers.ContentType!.MediaType);

        using var withoutToken = new HttpRequestMessage(HttpMethod.Post, "/umbraco/api/markdown/preview") { Content = new FormUrlEncodedContent([new("markdown", "# x")]) };
        using var forged = await session.Http.SendAsync(withoutToken);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var anonymous = NewSession();
        using var anonymousRequest = new HttpRequestMessage(HttpMethod.Post, "/umbraco/api/markdown/preview") { Content = new FormUrlEncodedContent([new("markdown", "# x")]) };
        using var refused = await anonymous.Http.SendAsync(anonymousRequest);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task A_runaway_preview_client_is_slowed_down_with_429_not_served_without_limit()
    {
        var page = await EditorsPageAsync();
        var session = await SignedInAsync(BackofficeRoles.Editor);
        await session.GetAsync($"/umbraco/content/{page.Key}");

        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            using var response = await PreviewAsync(session, $"Paragraph {i}");
            return response.StatusCode;
        }));

        Assert.Contains(HttpStatusCode.OK, answers);
        Assert.Contains(HttpStatusCode.TooManyRequests, answers);
        Assert.All(answers, a => Assert.True(a is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, a.ToString()));
    }

    private static async Task<HttpResponseMessage> PreviewAsync(FormSession session, string markdown)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/umbraco/api/markdown/preview") { Content = new FormUrlEncodedContent([new("markdown", markdown)]) };
        request.Headers.Add("RequestVerificationToken", session.Token);
        return await session.Http.SendAsync(request);
    }
}

public sealed class SqlitePropertyEditorTests(SqliteCmsFactory f) : PropertyEditorTests(f), IClassFixture<SqliteCmsFactory>;

public sealed class PostgresPropertyEditorTests(PostgresCmsFactory f) : PropertyEditorTests(f), IClassFixture<PostgresCmsFactory>;

using System.Net;
using Isoc.Cms.Content;
using Isoc.Cms.Security;
using Isoc.Tests.Infrastructure;
using static Isoc.Tests.Infrastructure.TestContent;

namespace Isoc.Tests.Backoffice;

/// <summary>
/// The content editor over HTTP, as an editor's browser uses it: a draft stays off the site until published,
/// a writer's publish request is refused on the server, a stale edit is refused instead of overwriting,
/// and pasted scripts never survive the save.
/// </summary>
public abstract class ContentEditorTests(CmsFactory cms) : BackofficeTests(cms)
{
    private async Task<ContentItem> PageAsync(string name) =>
        await Cms.CreateAsync("contentPage", Cms.HomeKey(), new Dictionary<string, string> { [En] = name, [Et] = name + " eesti" }, [En, Et]);

    private static async Task<HttpResponseMessage> PostEditorAsync(FormSession session, Guid key, string culture, string name, string action, IReadOnlyDictionary<string, string>? values = null, int? revision = null)
    {
        var (_, html) = await session.GetAsync($"/umbraco/content/{key}?culture={culture}");
        var fields = new Dictionary<string, string>
        {
            ["Culture"] = culture,
            ["Revision"] = revision?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? RevisionIn(html),
            ["Name"] = name,
            ["Action"] = action,
        };
        foreach (var (alias, value) in values ?? new Dictionary<string, string>())
        {
            fields[$"values[{alias}]"] = value;
        }

        return await session.PostAsync($"/umbraco/content/{key}", fields);
    }

    private static string RevisionIn(string html)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, """name="Revision" value="(\d+)" """.TrimEnd());
        Assert.True(match.Success, "The editor has no revision field.");
        return match.Groups[1].Value;
    }

    private async Task<HttpStatusCode> SiteStatusAsync(string url)
    {
        using var http = Cms.CreateSiteClient();
        using var response = await http.GetAsync(new Uri(url, UriKind.Relative));
        return response.StatusCode;
    }

    [Fact]
    public async Task The_editor_shows_the_estonian_variant_with_a_culture_switcher()
    {
        var page = await PageAsync(Unique("Editor"));
        var session = await SignedInAsync(BackofficeRoles.Writer);

        var (status, html) = await session.GetAsync($"/umbraco/content/{page.Key}?culture=et-EE");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"value=\"{page.GetName(Et)}\"", html, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"Culture\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Save and publish", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_saved_draft_stays_off_the_site_until_the_editor_publishes_it()
    {
        var page = await PageAsync(Unique("Draft first"));
        var oldUrl = Cms.Snapshot.SiteUrl(page.Key, En)!;
        var newName = Unique("Published later");
        var session = await SignedInAsync(BackofficeRoles.Editor);

        using (var saved = await PostEditorAsync(session, page.Key, En, newName, "save"))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        Assert.Equal(oldUrl, Cms.Snapshot.SiteUrl(page.Key, En));
        using (var published = await PostEditorAsync(session, page.Key, En, newName, "publish"))
        {
            Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        }

        var newUrl = "/" + UrlSegments.FromName(newName) + "/";
        Assert.Equal(newUrl, Cms.Snapshot.SiteUrl(page.Key, En));
        Assert.Equal(HttpStatusCode.OK, await SiteStatusAsync(newUrl));
        var (_, editor) = await session.GetAsync($"/umbraco/content/{page.Key}?culture=en-US");
        Assert.Contains("Published in en-US", editor, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_writer_who_posts_a_publish_request_by_hand_gets_403_and_nothing_changes()
    {
        var page = await PageAsync(Unique("Writer"));
        var before = Cms.Snapshot.SiteUrl(page.Key, En);
        var session = await SignedInAsync(BackofficeRoles.Writer);

        using var publish = await PostEditorAsync(session, page.Key, En, Unique("Sneaky"), "publish");
        using var unpublish = await PostEditorAsync(session, page.Key, En, page.GetName(En)!, "unpublish");

        Assert.Equal(HttpStatusCode.Forbidden, publish.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, unpublish.StatusCode);
        Assert.Equal(before, Cms.Snapshot.SiteUrl(page.Key, En));
        var stored = await Cms.ContentAsync(s => s.GetAsync(page.Key, CancellationToken.None));
        Assert.Equal(page.GetName(En), stored!.GetName(En));
    }

    [Fact]
    public async Task A_stale_edit_is_refused_with_a_message_and_keeps_both_texts()
    {
        var page = await PageAsync(Unique("Contested"));
        var alice = await SignedInAsync(BackofficeRoles.Editor);
        var bob = await SignedInAsync(BackofficeRoles.Editor);
        var (_, aliceForm) = await alice.GetAsync($"/umbraco/content/{page.Key}?culture=en-US");
        var aliceRevision = int.Parse(RevisionIn(aliceForm), System.Globalization.CultureInfo.InvariantCulture);
        var bobsName = Unique("Bob was here");
        using (var bobSaved = await PostEditorAsync(bob, page.Key, En, bobsName, "save"))
        {
            Assert.Equal(HttpStatusCode.Redirect, bobSaved.StatusCode);
        }

        var alicesName = Unique("Alice typed this");
        using var stale = await PostEditorAsync(alice, page.Key, En, alicesName, "save", revision: aliceRevision);
        var html = await stale.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("Someone else saved this page", html, StringComparison.Ordinal);
        Assert.Contains($"value=\"{alicesName}\"", html, StringComparison.Ordinal);
        var stored = await Cms.ContentAsync(s => s.GetAsync(page.Key, CancellationToken.None));
        Assert.Equal(bobsName, stored!.GetName(En));
    }

    [Fact]
    public async Task An_empty_name_is_refused_with_a_message_beside_the_field_and_nothing_is_saved()
    {
        var page = await PageAsync(Unique("Named"));
        var session = await SignedInAsync(BackofficeRoles.Editor);
        var versionsBefore = (await Cms.ContentAsync(s => s.GetVersionsAsync(page.Key, CancellationToken.None))).Count;

        using var response = await PostEditorAsync(session, page.Key, En, "", "publish");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Matches("""id="field-name-error" class="bo-field-error">[^<]+<""", html);
        Assert.Equal(versionsBefore, (await Cms.ContentAsync(s => s.GetVersionsAsync(page.Key, CancellationToken.None))).Count);
    }

    /// <summary>
    /// Every payload of Fixtures/xss, posted through the editor form as rich text (a content page) and as Markdown
    /// (a privacy policy), published, then read where people see it: what is stored, the site, the backoffice preview
    /// and the Markdown editor's live preview. Payloads go ten at a time, each batch its own save; the unit test of
    /// the renderer judges each one alone.
    /// </summary>
    [Fact]
    public async Task No_script_payload_saved_through_the_editor_reaches_the_site_or_a_preview_in_rich_text_or_markdown()
    {
        Assert.Equal(482, XssPayloads.All.Count);
        var richPage = await PageAsync(Unique("Pasted in editor"));
        var policy = await Cms.CreateAsync("privacyPolicy", Cms.HomeKey(), new Dictionary<string, string> { [En] = Unique("Pasted policy"), [Et] = Unique("Kleebitud") }, [En]);
        var session = await SignedInAsync(BackofficeRoles.Editor);
        using var site = Cms.CreateSiteClient();
        var failures = new List<string>();

        foreach (var batch in XssPayloads.All.Chunk(10))
        {
            foreach (var (page, editor) in new[] { (richPage, "rich text"), (policy, "Markdown") })
            {
                if (!await SavedAndSafeAsync(page, editor, batch))
                {
                    // A payload such as an unclosed <form> can swallow the rest of its batch, which then sanitises to
                    // nothing and is refused as an empty mandatory field: try each payload of that batch alone.
                    foreach (var payload in batch)
                    {
                        await SavedAndSafeAsync(page, editor, [payload]);
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(10)));

        async Task<bool> SavedAndSafeAsync(ContentItem page, string editor, (string List, string Payload)[] payloads)
        {
            var text = string.Join("\n\n", payloads.Select(p => p.Payload));
            using (var published = await PostEditorAsync(session, page.Key, En, page.GetName(En)!, "publish", new Dictionary<string, string> { ["bodyText"] = text }))
            {
                if (published.StatusCode != HttpStatusCode.Redirect)
                {
                    // Refused is safe only when the sanitised text was empty; anything else is a broken form.
                    Assert.Contains("Body text is required.", await published.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                    return false;
                }
            }

            var stored = (await Cms.ContentAsync(s => s.GetAsync(page.Key, CancellationToken.None)))!.GetValue("bodyText", En) ?? "";
            var (_, preview) = await session.GetAsync($"/umbraco/preview/{page.Key}?culture=en-US");
            var live = await site.GetStringAsync(new Uri(Cms.Snapshot.SiteUrl(page.Key, En)!, UriKind.Relative));
            var places = new List<(string Where, string Html)> { ("site", Main(live)), ("preview", Main(preview)) };
            if (editor == "rich text")
            {
                places.Add(("stored", stored));
            }
            else
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/umbraco/api/markdown/preview") { Content = new FormUrlEncodedContent([new("markdown", text)]) };
                request.Headers.Add("RequestVerificationToken", session.Token);
                using var rendered = await session.Http.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, rendered.StatusCode);
                places.Add(("live preview", await rendered.Content.ReadAsStringAsync()));
            }

            foreach (var (where, html) in places)
            {
                var active = XssPayloads.ActiveContent(html);
                if (active.Count > 0)
                {
                    failures.Add($"{editor}, {where}: {string.Join(", ", active)} from {string.Join(" | ", payloads.Select(p => p.List))}");
                }
            }

            return true;
        }

        static string Main(string page) =>
            new AngleSharp.Html.Parser.HtmlParser().ParseDocument(page).QuerySelector("main")?.InnerHtml ?? throw new InvalidOperationException("The page has no main.");
    }

    [Fact]
    public async Task A_writer_creates_a_page_of_an_allowed_type_and_nothing_is_stored_until_it_is_valid()
    {
        var session = await SignedInAsync(BackofficeRoles.Writer);
        var home = Cms.HomeKey();
        var (_, chooser) = await session.GetAsync($"/umbraco/content/create?parent={home}");
        Assert.Contains("value=\"contentPage\"", chooser, StringComparison.Ordinal);
        var (status, editor) = await session.GetAsync($"/umbraco/content/create?parent={home}&type=contentPage");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("New Content page", editor, StringComparison.Ordinal);
        var name = Unique("Created in the backoffice");
        var countBefore = (await Cms.ContentAsync(s => s.GetChildrenAsync(home, CancellationToken.None))).Count;

        using (var missingBody = await session.PostAsync($"/umbraco/content/create?parent={home}&type=contentPage", new Dictionary<string, string> { ["Culture"] = En, ["Name"] = name, ["Action"] = "save" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, missingBody.StatusCode);
            Assert.Contains($"value=\"{name}\"", await missingBody.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(countBefore, (await Cms.ContentAsync(s => s.GetChildrenAsync(home, CancellationToken.None))).Count);
        using var created = await session.PostAsync($"/umbraco/content/create?parent={home}&type=contentPage", new Dictionary<string, string> { ["Culture"] = En, ["Name"] = name, ["Action"] = "save", ["values[bodyText]"] = "<p>Hello</p>" });

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var children = await Cms.ContentAsync(s => s.GetChildrenAsync(home, CancellationToken.None));
        var page = Assert.Single(children, c => c.GetName(En) == name);
        Assert.Empty(page.Published);
        Assert.StartsWith($"/umbraco/content/{page.Key}", created.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_type_not_allowed_under_the_parent_is_refused_with_a_message()
    {
        var session = await SignedInAsync(BackofficeRoles.Editor);
        await session.GetAsync($"/umbraco/content/create?parent={Cms.HomeKey()}");

        using var refused = await session.PostAsync($"/umbraco/content/create?parent={Cms.HomeKey()}&type=home", new Dictionary<string, string> { ["Culture"] = En, ["Name"] = Unique("Second home"), ["Action"] = "save" });
        var html = await refused.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Choose one of the document types allowed here.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_shows_the_saved_draft_in_the_site_template_while_visitors_still_see_the_published_page()
    {
        var page = await PageAsync(Unique("Previewed"));
        var draftText = "Draft summary " + Guid.NewGuid().ToString("N");
        var saved = await Cms.ContentAsync(s => s.SaveAsync(page.Key, new ContentEdit().WithValue("summary", draftText, Et), User, CancellationToken.None));
        Assert.True(saved.Success, Describe(saved));
        var session = await SignedInAsync(BackofficeRoles.Writer);

        var (status, preview) = await session.GetAsync($"/umbraco/preview/{page.Key}?culture=et-EE");
        using var site = Cms.CreateSiteClient();
        var live = await site.GetStringAsync(new Uri(Cms.Snapshot.SiteUrl(page.Key, Et)!, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(draftText, preview, StringComparison.Ordinal);
        Assert.Contains("class=\"preview-banner\"", preview, StringComparison.Ordinal);
        Assert.Contains("lang=\"et-EE\"", preview, StringComparison.Ordinal);
        Assert.DoesNotContain(draftText, live, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_is_for_backoffice_users_only()
    {
        var page = await PageAsync(Unique("Private preview"));
        var session = NewSession();

        using var response = await session.Http.GetAsync(new Uri($"/umbraco/preview/{page.Key}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/umbraco/login", response.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_editor_schedules_a_publish_and_the_page_goes_live_by_itself()
    {
        var name = Unique("Scheduled from the editor");
        var page = await Cms.CreateAsync("contentPage", Cms.HomeKey(), new Dictionary<string, string> { [En] = name, [Et] = name + " eesti" });
        var session = await SignedInAsync(BackofficeRoles.Editor);
        await session.GetAsync($"/umbraco/content/{page.Key}");
        var due = DateTime.UtcNow.AddSeconds(2).ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

        using var scheduled = await session.PostAsync($"/umbraco/content/{page.Key}/schedule", new Dictionary<string, string> { ["culture"] = En, ["scheduleAction"] = "publish", ["dueAtUtc"] = due });

        Assert.Equal(HttpStatusCode.Redirect, scheduled.StatusCode);
        var (_, editor) = await session.GetAsync($"/umbraco/content/{page.Key}");
        Assert.Contains("Scheduled: publish in en-US", editor, StringComparison.Ordinal);
        var url = "/" + UrlSegments.FromName(name) + "/";
        Assert.True(await EventuallyAsync(async () => await SiteStatusAsync(url) == HttpStatusCode.OK, TimeSpan.FromSeconds(8)), $"{url} did not go live.");
    }

    [Fact]
    public async Task A_schedule_in_the_past_is_refused_and_writers_cannot_schedule()
    {
        var page = await PageAsync(Unique("Not scheduled"));
        var editor = await SignedInAsync(BackofficeRoles.Editor);
        await editor.GetAsync($"/umbraco/content/{page.Key}");
        using var past = await editor.PostAsync($"/umbraco/content/{page.Key}/schedule", new Dictionary<string, string> { ["culture"] = En, ["scheduleAction"] = "unpublish", ["dueAtUtc"] = "2001-01-01T00:00" });
        var writer = await SignedInAsync(BackofficeRoles.Writer);
        await writer.GetAsync($"/umbraco/content/{page.Key}");
        using var denied = await writer.PostAsync($"/umbraco/content/{page.Key}/schedule", new Dictionary<string, string> { ["culture"] = En, ["scheduleAction"] = "unpublish", ["dueAtUtc"] = "2099-01-01T00:00" });

        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Contains("That time has passed", await past.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Empty(await Cms.ContentAsync(s => s.GetScheduleAsync(page.Key, CancellationToken.None)));
    }

    [Fact]
    public async Task Anonymous_requests_to_the_editor_are_sent_to_sign_in_and_posts_get_401()
    {
        var page = await PageAsync(Unique("Closed"));
        var session = NewSession();

        using var get = await session.Http.GetAsync(new Uri($"/umbraco/content/{page.Key}", UriKind.Relative));
        await session.GetAsync("/umbraco/login");
        using var post = await session.PostAsync($"/umbraco/content/{page.Key}", new Dictionary<string, string> { ["Culture"] = En, ["Name"] = "x", ["Action"] = "publish" });

        Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
        Assert.StartsWith("/umbraco/login", get.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
    }
}

public sealed class SqliteContentEditorTests(SqliteCmsFactory f) : ContentEditorTests(f), IClassFixture<SqliteCmsFactory>;

public sealed class PostgresContentEditorTests(PostgresCmsFactory f) : ContentEditorTests(f), IClassFixture<PostgresCmsFactory>;

using System.Net;
using System.Text.RegularExpressions;
using Isoc.Cms.Content;
using Isoc.Cms.Security;
using Isoc.Tests.Infrastructure;
using static Isoc.Tests.Infrastructure.TestContent;

namespace Isoc.Tests.Backoffice;

/// <summary>
/// Tree operations through the backoffice's forms: move (only where the document types allow), copy (a new draft,
/// with or without the pages below), sort, the recycle bin with restore and delete, publish with descendants.
/// A form drawn before someone else's change is refused instead of acting on what nobody saw.
/// </summary>
public abstract partial class ContentTreeTests(CmsFactory cms) : BackofficeTests(cms)
{

    private Task<ContentItem> PageAsync(Guid parent, string? name = null, bool publish = true)
    {
        var baseName = name ?? Unique("Tree");
        return Cms.CreateAsync("contentPage", parent, new Dictionary<string, string> { [En] = baseName, [Et] = baseName + " et" }, publish ? [En, Et] : null);
    }

    private Task<ContentItem?> GetAsync(Guid key) => Cms.ContentAsync(s => s.GetAsync(key, CancellationToken.None));

    private static string Revision(string html) => RevisionField().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("No revision in the page.");

    [Fact]
    public async Task An_editor_moves_a_page_under_another_and_the_site_follows()
    {
        var from = await PageAsync(Cms.HomeKey());
        var to = await PageAsync(Cms.HomeKey());
        var page = await PageAsync(from.Key);
        var editor = await SignedInAsync(BackofficeRoles.Editor);
        var (_, html) = await editor.GetAsync($"/umbraco/content/{page.Key}/actions");
        Assert.Contains($"<option value=\"{to.Key}\">", html, StringComparison.Ordinal);

        using var response = await editor.PostAsync($"/umbraco/content/{page.Key}/move", new Dictionary<string, string> { ["parent"] = to.Key.ToString(), ["revision"] = Revision(html) });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(to.Key, (await GetAsync(page.Key))!.ParentKey);
        Assert.StartsWith(Cms.Snapshot.SiteUrl(to.Key, En)!, Cms.Snapshot.SiteUrl(page.Key, En)!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_move_list_offers_only_places_the_document_types_allow()
    {
        var page = await PageAsync(Cms.HomeKey());
        var editor = await SignedInAsync(BackofficeRoles.Editor);

        var (_, html) = await editor.GetAsync($"/umbraco/content/{page.Key}/actions");

        var move = html[html.IndexOf("id=\"move-parent\"", StringComparison.Ordinal)..];
        move = move[..move.IndexOf("</select>", StringComparison.Ordinal)];
        Assert.DoesNotContain("value=\"root\"", move, StringComparison.Ordinal); // content pages are not allowed at the root
        Assert.DoesNotContain($"value=\"{page.Key}\"", move, StringComparison.Ordinal);
        foreach (Match option in Regex.Matches(move, "value=\"([0-9a-f-]{36})\""))
        {
            var target = await GetAsync(Guid.Parse(option.Groups[1].Value));
            Assert.Contains("contentPage", Cms.ContentTypes.Get(target!.ContentTypeAlias)!.AllowedChildAliases);
        }
    }

    [Fact]
    public async Task A_move_to_a_place_the_types_do_not_allow_is_refused_with_a_message()
    {
        var page = await PageAsync(Cms.HomeKey());
        var editor = await SignedInAsync(BackofficeRoles.Editor);
        var (_, html) = await editor.GetAsync($"/umbraco/content/{page.Key}/actions");

        using var response = await editor.PostAsync($"/umbraco/content/{page.Key}/move", new Dictionary<string, string> { ["parent"] = "root", ["revision"] = Revision(html) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not allowed at the root", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(Cms.HomeKey(), (await GetAsync(page.Key))!.ParentKey);
    }

    [Fact]
    public async Task A_move_from_a_page_someone_changed_since_is_refused_and_nothing_moves()
    {
        var page = await PageAsync(Cms.HomeKey());
        var to = await PageAsync(Cms.HomeKey());
        var editor = await SignedInAsync(BackofficeRoles.Editor);
        var (_, html) = await editor.GetAsync($"/umbraco/content/{page.Key}/actions");
        var saved = await Cms.ContentAsync(s => s.SaveAsync(page.Key, new ContentEdit().WithValue("summary", "Someone else's edit.", En), User, CancellationToken.None));
        Assert.True(saved.Success, Describe(saved));

        using var response = await editor.PostAsync($"/umbraco/content/{page.Key}/move", new Dictionary<string, string> { ["parent"] = to.Key.ToString(), ["revision"] = Revision(html) });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Someone else changed this page", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(Cms.HomeKey(), (await GetAsync(page.Key))!.ParentKey);
    }

    [Fact]
    public async Task A_writer_copies_a_page_with_its_children_as_new_unpublished_drafts()
    {
        var name = Unique("Original");
        var page = await PageAsync(Cms.HomeKey(), name);
        var child = await PageAsync(page.Key);
        var writer = await SignedInAsync(BackofficeRoles.Writer);
        var (_, html) = await writer.GetAsync($"/umbraco/content/{page.Key}/actions");
        Assert.DoesNotContain("/move\"", html, StringComparison.Ordinal);

        using var response = await writer.PostAsync($"/umbraco/content/{page.Key}/copy", new Dictionary<string, string> { ["parent"] = Cms.HomeKey().ToString(), ["withDescendants"] = "true" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var copyKey = Guid.Parse(Regex.Match(response.Headers.Location!.PathAndQuery(), "[0-9a-f-]{36}").Value);
        Assert.NotEqual(page.Key, copyKey);
        var copy = await GetAsync(copyKey);
        Assert.Equal($"{name} (copy)", copy!.GetName(En));
        Assert.Empty(copy.Published);
        var copiedChildren = await Cms.ContentAsync(s => s.GetChildrenAsync(copyKey, CancellationToken.None));
        var copiedChild = Assert.Single(copiedChildren);
        Assert.Equal(child.GetName(En), copiedChild.GetName(En));
        Assert.Empty(copiedChild.Published);
        Assert.Null(Cms.Snapshot.SiteUrl(copyKey, En));
        Assert.Single(await Cms.ContentAsync(s => s.GetChildrenAsync(page.Key, CancellationToken.None)));
    }

    [Fact]
    public async Task Copying_without_descendants_copies_the_page_alone()
    {
        var page = await PageAsync(Cms.HomeKey());
        await PageAsync(page.Key);
        var result = await Cms.ContentAsync(s => s.CopyAsync(page.Key, Cms.HomeKey(), withDescendants: false, User, CancellationToken.None));

        Assert.True(result.Success, Describe(result));
        Assert.Empty(await Cms.ContentAsync(s => s.GetChildrenAsync(result.Content!.Key, CancellationToken.None)));
        Assert.Equal(page.Values, result.Content!.Values);
    }

    [Fact]
    public async Task An_editor_moves_a_child_up_and_the_order_changes()
    {
        var parent = await PageAsync(Cms.HomeKey());
        var first = await PageAsync(parent.Key);
        var second = await PageAsync(parent.Key);
        var editor = await SignedInAsync(BackofficeRoles.Editor);
        await editor.GetAsync($"/umbraco/content/sort?parent={parent.Key}");

        using var content = new FormUrlEncodedContent([
            new("keys", first.Key.ToString()), new("keys", second.Key.ToString()), new("move", $"{second.Key}:up"),
            new("__RequestVerificationToken", await TokenAsync(editor, $"/umbraco/content/sort?parent={parent.Key}"))]);
        using var response = await editor.Http.PostAsync(new Uri($"/umbraco/content/sort?parent={parent.Key}", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var children = await Cms.ContentAsync(s => s.GetChildrenAsync(parent.Key, CancellationToken.None));
        Assert.Equal([second.Key, first.Key], children.Select(c => c.Key));
    }

    [Fact]
    public async Task Sorting_a_list_that_changed_since_it_was_shown_is_refused()
    {
        var parent = await PageAsync(Cms.HomeKey());
        var first = await PageAsync(parent.Key);
        var second = await PageAsync(parent.Key);
        var editor = await SignedInAsync(BackofficeRoles.Editor);
        var token = await TokenAsync(editor, $"/umbraco/content/sort?parent={parent.Key}");
        var third = await PageAsync(parent.Key); // someone else adds a page meanwhile

        using var content = new FormUrlEncodedContent([
            new("keys", first.Key.ToString()), new("keys", second.Key.ToString()), new("move", $"{second.Key}:up"), new("__RequestVerificationToken", token)]);
        using var response = await editor.Http.PostAsync(new Uri($"/umbraco/content/sort?parent={parent.Key}", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var children = await Cms.ContentAsync(s => s.GetChildrenAsync(parent.Key, CancellationToken.None));
        Assert.Equal([first.Key, second.Key, third.Key], children.Select(c => c.Key));
    }

    [Fact]
    public async Task A_page_goes_to_the_recycle_bin_comes_back_and_can_be_deleted_for_good()
    {
        var page = await PageAsync(Cms.HomeKey());
        var url = Cms.Snapshot.SiteUrl(page.Key, En)!;
        var editor = await SignedInAsync(BackofficeRoles.Editor);
        var (_, html) = await editor.GetAsync($"/umbraco/content/{page.Key}/actions");

        using (var trashed = await editor.PostAsync($"/umbraco/content/{page.Key}/trash", new Dictionary<string, string> { ["revision"] = Revision(html) }))
        {
            Assert.Equal(HttpStatusCode.Redirect, trashed.StatusCode);
        }

        Assert.Null(Cms.Snapshot.SiteUrl(page.Key, En));
        var (_, bin) = await editor.GetAsync("/umbraco/recycle-bin");
        Assert.Contains($"/umbraco/recycle-bin/{page.Key}/restore", bin, StringComparison.Ordinal);

        using (var restored = await editor.PostAsync($"/umbraco/recycle-bin/{page.Key}/restore", new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, restored.StatusCode);
        }

        var back = await GetAsync(page.Key);
        Assert.False(back!.Trashed);
        Assert.Equal(Cms.HomeKey(), back.ParentKey);
        Assert.Equal(url, Cms.Snapshot.SiteUrl(page.Key, En));

        await editor.GetAsync($"/umbraco/content/{page.Key}/actions");
        var revision = (await GetAsync(page.Key))!.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        (await editor.PostAsync($"/umbraco/content/{page.Key}/trash", new Dictionary<string, string> { ["revision"] = revision })).Dispose();
        await editor.GetAsync("/umbraco/recycle-bin");
        using (var deleted = await editor.PostAsync($"/umbraco/recycle-bin/{page.Key}/delete", new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        }

        Assert.Null(await GetAsync(page.Key));
    }

    [Fact]
    public async Task A_writer_sees_the_recycle_bin_but_cannot_empty_it_and_nothing_is_deleted()
    {
        var page = await PageAsync(Cms.HomeKey());
        Assert.True((await Cms.ContentAsync(s => s.MoveToRecycleBinAsync(page.Key, User, CancellationToken.None))).Success);
        var writer = await SignedInAsync(BackofficeRoles.Writer);
        var (status, bin) = await writer.GetAsync("/umbraco/recycle-bin");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("/delete\"", bin, StringComparison.Ordinal);

        using var response = await writer.PostAsync($"/umbraco/recycle-bin/{page.Key}/delete", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.NotNull(await GetAsync(page.Key));
    }

    [Fact]
    public async Task Publish_with_descendants_puts_the_whole_branch_on_the_site()
    {
        var parent = await PageAsync(Cms.HomeKey());
        var child = await PageAsync(parent.Key, publish: false);
        var grandchild = await PageAsync(child.Key, publish: false);
        var editor = await SignedInAsync(BackofficeRoles.Editor);
        var (_, html) = await editor.GetAsync($"/umbraco/content/{parent.Key}/actions");

        using var response = await editor.PostAsync($"/umbraco/content/{parent.Key}/publish-descendants", new Dictionary<string, string> { ["culture"] = "", ["revision"] = Revision(html) });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.NotNull(Cms.Snapshot.SiteUrl(child.Key, En));
        Assert.NotNull(Cms.Snapshot.SiteUrl(grandchild.Key, Et));
    }

    [Fact]
    public async Task The_tree_shows_deeper_levels_with_toggles_that_work_without_javascript()
    {
        var parent = await PageAsync(Cms.HomeKey());
        var child = await PageAsync(parent.Key);
        var writer = await SignedInAsync(BackofficeRoles.Writer);

        var (_, html) = await writer.GetAsync("/umbraco");

        Assert.Contains($"href=\"/umbraco/content/{child.Key}\"", html, StringComparison.Ordinal);
        Assert.Contains($"aria-controls=\"children-{parent.Key}\"", html, StringComparison.Ordinal);
        Assert.Contains($"id=\"children-{parent.Key}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"id=\"children-{parent.Key}\" hidden", html, StringComparison.Ordinal);
    }

    private static async Task<string> TokenAsync(FormSession session, string url)
    {
        var (_, html) = await session.GetAsync(url);
        return WebUtility.HtmlDecode(Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
    }

    [GeneratedRegex("name=\"revision\" value=\"(\\d+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex RevisionField();
}

public sealed class SqliteContentTreeTests(SqliteCmsFactory f) : ContentTreeTests(f), IClassFixture<SqliteCmsFactory>;

public sealed class PostgresContentTreeTests(PostgresCmsFactory f) : ContentTreeTests(f), IClassFixture<PostgresCmsFactory>;

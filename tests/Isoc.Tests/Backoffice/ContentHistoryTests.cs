using System.Net;
using System.Text.RegularExpressions;
using Isoc.Cms.Content;
using Isoc.Cms.Security;
using Isoc.Tests.Infrastructure;
using static Isoc.Tests.Infrastructure.TestContent;

namespace Isoc.Tests.Backoffice;

/// <summary>The history of a page: who saved what and when, a word-by-word comparison, and rollback to a new draft.</summary>
public abstract partial class ContentHistoryTests(CmsFactory cms) : BackofficeTests(cms)
{
    private async Task<ContentItem> PageWithTwoTextsAsync(string first, string second)
    {
        var page = await Cms.CreateAsync("contentPage", Cms.HomeKey(), new Dictionary<string, string> { [En] = Unique("History"), [Et] = Unique("Ajalugu") }, [En, Et]);
        foreach (var text in new[] { first, second })
        {
            var saved = await Cms.ContentAsync(s => s.SaveAsync(page.Key, new ContentEdit().WithValue("summary", text, En), User, CancellationToken.None));
            Assert.True(saved.Success, Describe(saved));
        }

        return page;
    }

    [Fact]
    public async Task The_history_lists_every_version_with_who_saved_it()
    {
        var page = await PageWithTwoTextsAsync("One.", "Two.");
        var session = await SignedInAsync(BackofficeRoles.Writer);

        var (status, html) = await session.GetAsync($"/umbraco/content/{page.Key}/versions");

        Assert.Equal(HttpStatusCode.OK, status);
        var versions = await Cms.ContentAsync(s => s.GetVersionsAsync(page.Key, CancellationToken.None));
        Assert.Equal(versions.Count, RowHeader().Count(html));
        Assert.Contains(User, html, StringComparison.Ordinal);
        Assert.Contains("(current draft)", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Comparing_two_versions_marks_the_words_added_and_removed()
    {
        var page = await PageWithTwoTextsAsync("Members receive mailings.", "Members receive mailings only when they opt in.");
        var versions = await Cms.ContentAsync(s => s.GetVersionsAsync(page.Key, CancellationToken.None));
        var session = await SignedInAsync(BackofficeRoles.Editor);

        var (status, html) = await session.GetAsync($"/umbraco/content/{page.Key}/versions/compare?from={versions[1].Id}&to={versions[0].Id}&culture=en-US");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Matches("<ins>[^<]*opt", html);
        Assert.Contains("mailings", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Comparing_with_a_version_of_another_page_is_a_400()
    {
        var page = await PageWithTwoTextsAsync("A.", "B.");
        var other = await PageWithTwoTextsAsync("C.", "D.");
        var foreign = (await Cms.ContentAsync(s => s.GetVersionsAsync(other.Key, CancellationToken.None)))[0].Id;
        var own = (await Cms.ContentAsync(s => s.GetVersionsAsync(page.Key, CancellationToken.None)))[0].Id;
        var session = await SignedInAsync(BackofficeRoles.Editor);

        var (status, _) = await session.GetAsync($"/umbraco/content/{page.Key}/versions/compare?from={foreign}&to={own}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task Rolling_back_makes_a_new_draft_from_the_old_version_and_keeps_the_history()
    {
        var page = await PageWithTwoTextsAsync("The old wording.", "The new wording.");
        var before = await Cms.ContentAsync(s => s.GetVersionsAsync(page.Key, CancellationToken.None));
        var session = await SignedInAsync(BackofficeRoles.Writer);
        await session.GetAsync($"/umbraco/content/{page.Key}/versions");

        using var response = await session.PostAsync($"/umbraco/content/{page.Key}/versions/{before[1].Id}/rollback", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await Cms.ContentAsync(s => s.GetVersionsAsync(page.Key, CancellationToken.None));
        Assert.Equal(before.Count + 1, after.Count);
        var draft = await Cms.ContentAsync(s => s.GetAsync(page.Key, CancellationToken.None));
        Assert.Equal("The old wording.", draft!.GetValue("summary", En));
        var (_, editor) = await session.GetAsync($"/umbraco/content/{page.Key}");
        Assert.Contains("Rolled back", editor, StringComparison.Ordinal);
    }

    [GeneratedRegex("""<th scope="row">\d+""")]
    private static partial Regex RowHeader();
}

public sealed class SqliteContentHistoryTests(SqliteCmsFactory f) : ContentHistoryTests(f), IClassFixture<SqliteCmsFactory>;

public sealed class PostgresContentHistoryTests(PostgresCmsFactory f) : ContentHistoryTests(f), IClassFixture<PostgresCmsFactory>;

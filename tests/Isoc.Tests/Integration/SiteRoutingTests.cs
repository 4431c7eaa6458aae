using System.Net;
using Isoc.Cms.Content;
using Isoc.Cms.Data;
using Isoc.Tests.Infrastructure;
using static Isoc.Tests.Infrastructure.TestContent;

namespace Isoc.Tests.Integration;

/// <summary>
/// The public site over HTTP: English at "/about/", Estonian under "/et/", 404 for what is not published,
/// 301 from the old URL of a renamed or moved page. The same tests run on SQLite and on PostgreSQL.
/// </summary>
public abstract class SiteRoutingTests(CmsFactory factory) : SiteClientTests(factory)
{
    private static Dictionary<string, string> Names(string name) => new() { [En] = name, [Et] = name + " eesti" };

    /// <summary>The seed's page type, which the site has a template for; published in both cultures under home.</summary>
    private Task<ContentItem> PublishedPageAsync(string name, Guid? parent = null, IReadOnlyList<string>? cultures = null) =>
        Cms.CreateAsync("contentPage", parent ?? Cms.HomeKey(), Names(name), cultures ?? [En, Et]);

    /// <summary>A type that may hold itself, for branches: the seed's content page if it allows that, else the test's own type.</summary>
    private string BranchType =>
        Cms.ContentTypes.Get("contentPage")!.AllowedChildAliases.Contains("contentPage", StringComparer.OrdinalIgnoreCase) ? "contentPage" : TestPage;

    private Task<ContentItem> BranchPageAsync(Guid parent, string? name = null) =>
        Cms.CreateAsync(BranchType, parent, Names(name ?? Unique("Branch")), [En, Et]);

    private string Url(Guid key, string culture) =>
        Cms.Snapshot.SiteUrl(key, culture) ?? throw new InvalidOperationException($"{key} has no URL in {culture}.");

    private async Task<HttpStatusCode> StatusAsync(string url)
    {
        using var response = await Http.GetAsync(new Uri(url, UriKind.Relative));
        return response.StatusCode;
    }

    private async Task AssertRedirectAsync(string from, string to)
    {
        using var response = await Http.GetAsync(new Uri(from, UriKind.Relative));
        Assert.True(response.StatusCode == HttpStatusCode.MovedPermanently, $"GET {from}: expected 301 to {to}, got {(int)response.StatusCode}.");
        var location = response.Headers.Location!;
        Assert.Equal(to, location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString);
    }

    [Fact]
    public async Task The_home_page_answers_at_the_root_of_both_cultures()
    {
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("/"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("/et/"));
    }

    [Fact]
    public async Task A_page_answers_at_its_english_path_and_under_et_in_estonian()
    {
        var name = Unique("Routed");
        var page = await PublishedPageAsync(name);

        Assert.Equal("/" + UrlSegments.FromName(name) + "/", Url(page.Key, En));
        Assert.Equal("/et/" + UrlSegments.FromName(name + " eesti") + "/", Url(page.Key, Et));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(Url(page.Key, En)));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(Url(page.Key, Et)));
    }

    [Fact]
    public async Task An_unknown_path_is_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync("/no-such-page-" + Guid.NewGuid().ToString("N") + "/"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync("/et/no-such-page-" + Guid.NewGuid().ToString("N") + "/"));
    }

    [Fact]
    public async Task A_page_published_in_one_culture_is_404_in_the_other()
    {
        var name = Unique("Only english");
        var page = await PublishedPageAsync(name, cultures: [En]);

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(Url(page.Key, En)));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync("/et/" + UrlSegments.FromName(name + " eesti") + "/"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync("/et" + Url(page.Key, En)));
    }

    [Fact]
    public async Task A_draft_is_404_until_published()
    {
        var name = Unique("Not yet");
        var page = await Cms.CreateAsync("contentPage", Cms.HomeKey(), Names(name));
        var url = "/" + UrlSegments.FromName(name) + "/";

        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(url));
        await Cms.ContentAsync(s => s.PublishAsync(page.Key, null, User, None));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(url));
    }

    [Fact]
    public async Task A_scheduled_publish_appears_on_the_site_within_five_seconds()
    {
        var name = Unique("Soon");
        var page = await Cms.CreateAsync("contentPage", Cms.HomeKey(), Names(name));
        var url = "/" + UrlSegments.FromName(name) + "/";
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(url));

        var scheduled = await Cms.ContentAsync(s => s.ScheduleAsync(page.Key, ScheduledAction.Publish, null, DateTime.UtcNow.AddSeconds(1), User, None));
        Assert.True(scheduled.Success, Describe(scheduled));

        var live = await EventuallyAsync(async () => await StatusAsync(url) == HttpStatusCode.OK, TimeSpan.FromSeconds(5));
        Assert.True(live, $"{url} was not live within 5 s of its scheduled time.");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("/et/" + UrlSegments.FromName(name + " eesti") + "/"));
    }

    [Fact]
    public async Task Renaming_a_published_page_redirects_its_old_url_and_those_of_its_descendants()
    {
        var parent = await BranchPageAsync(Cms.HomeKey(), Unique("Old name"));
        var child = await BranchPageAsync(parent.Key);
        var grandchild = await BranchPageAsync(child.Key);
        var old = new[] { parent.Key, child.Key, grandchild.Key }.SelectMany(k => new[] { (k, En, Url(k, En)), (k, Et, Url(k, Et)) }).ToList();

        var newName = Unique("New name");
        var saved = await Cms.ContentAsync(s => s.SaveAsync(parent.Key, new ContentEdit().WithName(En, newName).WithName(Et, newName + " eesti"), User, None));
        Assert.True(saved.Success, Describe(saved));
        // Saving alone changes nothing on the site: the live name is the published one.
        Assert.Equal(old[0].Item3, Url(parent.Key, En));
        var published = await Cms.ContentAsync(s => s.PublishAsync(parent.Key, null, User, None));
        Assert.True(published.Success, Describe(published));

        Assert.Equal("/" + UrlSegments.FromName(newName) + "/", Url(parent.Key, En));
        foreach (var (key, culture, oldUrl) in old)
        {
            Assert.NotEqual(oldUrl, Url(key, culture));
            await AssertRedirectAsync(oldUrl, Url(key, culture));
        }

        if (BranchType == "contentPage")
        {
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(Url(grandchild.Key, Et)));
        }
    }

    [Fact]
    public async Task Moving_a_published_page_redirects_its_old_url()
    {
        var from = await BranchPageAsync(Cms.HomeKey());
        var to = await BranchPageAsync(Cms.HomeKey());
        var page = await BranchPageAsync(from.Key);
        var oldEn = Url(page.Key, En);
        var oldEt = Url(page.Key, Et);

        var moved = await Cms.ContentAsync(s => s.MoveAsync(page.Key, to.Key, User, None));

        Assert.True(moved.Success, Describe(moved));
        Assert.StartsWith(Url(to.Key, En), Url(page.Key, En), StringComparison.Ordinal);
        await AssertRedirectAsync(oldEn, Url(page.Key, En));
        await AssertRedirectAsync(oldEt, Url(page.Key, Et));
    }

    [Fact]
    public async Task A_page_in_the_recycle_bin_is_404_and_200_again_when_restored()
    {
        var page = await PublishedPageAsync(Unique("Binned"));
        var en = Url(page.Key, En);
        var et = Url(page.Key, Et);

        await Cms.ContentAsync(s => s.MoveToRecycleBinAsync(page.Key, User, None));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(en));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(et));

        var restored = await Cms.ContentAsync(s => s.RestoreAsync(page.Key, null, User, None));
        Assert.True(restored.Success, Describe(restored));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(en));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(et));
    }

    [Fact]
    public async Task A_deleted_page_is_404()
    {
        var page = await PublishedPageAsync(Unique("Deleted"));
        var url = Url(page.Key, En);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(url));

        var deleted = await Cms.ContentAsync(s => s.DeleteAsync(page.Key, User, None));

        Assert.True(deleted.Success, Describe(deleted));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(url));
    }

    [Fact]
    public async Task An_unpublished_culture_is_404_while_the_other_stays_up()
    {
        var page = await PublishedPageAsync(Unique("Half down"));
        var en = Url(page.Key, En);
        var et = Url(page.Key, Et);

        await Cms.ContentAsync(s => s.UnpublishAsync(page.Key, Et, User, None));

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(en));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(et));
    }

    [Fact]
    public async Task Reading_pages_never_touches_the_database()
    {
        if (Cms.Snapshot.GetByPath(En, "/about/") is null)
        {
            await Cms.CreateAsync("contentPage", Cms.HomeKey(), new Dictionary<string, string> { [En] = "About", [Et] = "Meist" }, [En, Et]);
        }

        var before = Cms.Commands.DuringRequests;
        var statuses = new HashSet<(string, HttpStatusCode)>();
        for (var i = 0; i < 50; i++)
        {
            foreach (var url in new[] { "/", "/about/", "/et/" })
            {
                statuses.Add((url, await StatusAsync(url)));
            }
        }

        Assert.Equal([("/", HttpStatusCode.OK), ("/about/", HttpStatusCode.OK), ("/et/", HttpStatusCode.OK)], statuses.Order());
        var sent = Cms.Commands.RequestCommands.Skip((int)before).Take(5);
        Assert.True(Cms.Commands.DuringRequests == before, $"Reads sent {Cms.Commands.DuringRequests - before} SQL commands, e.g. {string.Join(" | ", sent)}");
    }
}

public sealed class SqliteSiteRoutingTests(SqliteCmsFactory f) : SiteRoutingTests(f), IClassFixture<SqliteCmsFactory>;

public sealed class PostgresSiteRoutingTests(PostgresCmsFactory f) : SiteRoutingTests(f), IClassFixture<PostgresCmsFactory>;

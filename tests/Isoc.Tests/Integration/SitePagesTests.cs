using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Isoc.Cms.Content;
using Isoc.Tests.Infrastructure;
using static Isoc.Tests.Infrastructure.TestContent;

namespace Isoc.Tests.Integration;

/// <summary>
/// What a visitor sees on the pages: the seed in both languages, a language switcher that stays on the
/// same page, the policy's effective date, pasted scripts that never run, and clear answers to bad addresses.
/// </summary>
public abstract class SitePagesTests(CmsFactory factory) : SiteClientTests(factory)
{
    private async Task<(HttpResponseMessage Response, IDocument Page)> GetAsync(string url)
    {
        var response = await Http.GetAsync(new Uri(url, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        return (response, new HtmlParser().ParseDocument(html));
    }

    private async Task<IDocument> PageAsync(string url)
    {
        var (response, page) = await GetAsync(url);
        using (response)
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode}");
            return page;
        }
    }

    private static string Heading(IDocument page) => Assert.Single(page.QuerySelectorAll("h1")).TextContent.Trim();

    private static IElement LanguageLink(IDocument page, string culture) =>
        page.QuerySelector($"nav.languages a[hreflang='{culture}']") ?? throw new InvalidOperationException($"No {culture} link in the language switcher.");

    [Fact]
    public async Task The_seeded_home_page_reads_in_english_and_in_estonian()
    {
        var english = await PageAsync("/");
        var estonian = await PageAsync("/et/");

        Assert.Equal("en-US", english.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Internet Society", Heading(english));
        Assert.Equal("et-EE", estonian.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Internetiühing", Heading(estonian));
        Assert.Equal("Liigu sisu juurde", estonian.QuerySelector("a.skip-link")!.TextContent);
        Assert.Contains(estonian.QuerySelectorAll("nav.main-nav a"), a => a.TextContent == "Meist" && a.GetAttribute("href") == "/et/meist/");
    }

    [Fact]
    public async Task The_language_switcher_leads_to_the_same_page_in_the_other_language()
    {
        var name = Unique("Switch");
        var page = await Cms.CreateAsync("contentPage", Cms.HomeKey(), new Dictionary<string, string> { [En] = name, [Et] = name + " vaheta" }, [En, Et]);
        var en = Cms.Snapshot.SiteUrl(page.Key, En)!;
        var et = Cms.Snapshot.SiteUrl(page.Key, Et)!;

        var english = await PageAsync(en);
        var estonian = await PageAsync(et);

        Assert.Equal(et, LanguageLink(english, Et).GetAttribute("href"));
        Assert.Equal("true", LanguageLink(english, En).GetAttribute("aria-current"));
        Assert.Equal(en, LanguageLink(estonian, En).GetAttribute("href"));
        Assert.Contains(english.Head!.QuerySelectorAll("link[rel=alternate]"), l => l.GetAttribute("hreflang") == Et && l.GetAttribute("href")!.EndsWith(et, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_page_only_in_english_sends_estonian_readers_to_the_estonian_home_page()
    {
        var page = await Cms.CreateAsync("contentPage", Cms.HomeKey(), new Dictionary<string, string> { [En] = Unique("English only"), [Et] = Unique("Pole") }, [En]);

        var english = await PageAsync(Cms.Snapshot.SiteUrl(page.Key, En)!);

        Assert.Equal("/et/", LanguageLink(english, Et).GetAttribute("href"));
        Assert.DoesNotContain(english.Head!.QuerySelectorAll("link[rel=alternate]"), l => l.GetAttribute("hreflang") == Et);
    }

    [Fact]
    public async Task The_privacy_policy_shows_when_it_took_effect()
    {
        var policy = await PageAsync("/privacy-policy/");

        var effective = policy.QuerySelector(".policy-facts time")!;
        Assert.Equal("2011-12-15", effective.GetAttribute("datetime"));
        Assert.Equal("15 December 2011", effective.TextContent);
        Assert.Contains("Use of Cookies", policy.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Single(policy.QuerySelectorAll("h1"));
    }

    [Fact]
    public async Task Scripts_pasted_into_a_page_never_reach_the_visitor()
    {
        var payloads = XssPayloads.All.Where((_, i) => i % 8 == 0).Select(p => p.Payload).ToList();
        var created = await Cms.CreateAsync("contentPage", Cms.HomeKey(), new Dictionary<string, string> { [En] = Unique("Pasted"), [Et] = Unique("Kleebitud") });
        var edit = new ContentEdit()
            .WithValue("bodyText", string.Join("\n", payloads), En)
            .WithValue("summary", "<script>alert('summary')</script>", En);
        var saved = await Cms.ContentAsync(s => s.SaveAsync(created.Key, edit, User, None));
        Assert.True(saved.Success, Describe(saved));
        var published = await Cms.ContentAsync(s => s.PublishAsync(created.Key, [En], User, None));
        Assert.True(published.Success, Describe(published));

        var page = await PageAsync(Cms.Snapshot.SiteUrl(created.Key, En)!);

        Assert.Empty(XssPayloads.ActiveContent(page.QuerySelector("main")!.InnerHtml));
        Assert.Contains("<script>alert('summary')</script>", page.QuerySelector("main .lead")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_carry_a_content_security_policy_with_a_fresh_nonce()
    {
        using var first = await Http.GetAsync(new Uri("/", UriKind.Relative));
        using var second = await Http.GetAsync(new Uri("/", UriKind.Relative));

        var policy = string.Join(";", first.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self' 'nonce-", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.NotEqual(policy, string.Join(";", second.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(first.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task A_missing_page_is_a_404_in_the_language_of_its_address()
    {
        var (response, page) = await GetAsync("/et/" + Guid.NewGuid().ToString("N") + "/");
        using (response)
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("et-EE", page.DocumentElement.GetAttribute("lang"));
            Assert.Equal("Lehte ei leitud", Heading(page));
            Assert.Equal("/et/", page.QuerySelector("main a")!.GetAttribute("href"));
        }
    }

    [Fact]
    public async Task An_address_in_other_case_or_without_its_slash_redirects_to_the_one_true_url()
    {
        using var response = await Http.GetAsync(new Uri("/Privacy-Policy?from=mail", UriKind.Relative));

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/privacy-policy/?from=mail", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/a%01b/")]
    [InlineData("/et/%7F/")]
    public async Task An_address_with_control_characters_is_a_400_problem(string url)
    {
        using var response = await Http.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("control character", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_overlong_address_is_a_400_problem()
    {
        using var response = await Http.GetAsync(new Uri("/" + new string('a', 2100) + "/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task The_stylesheet_a_page_links_to_is_served_and_cached_for_a_year()
    {
        var home = await PageAsync("/");
        var href = home.QuerySelector("link[rel=stylesheet]")!.GetAttribute("href")!;

        using var response = await Http.GetAsync(new Uri(href, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("max-age=31536000", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_health_endpoint_reports_database_and_snapshot()
    {
        using var response = await Http.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}

public sealed class SqliteSitePagesTests(SqliteCmsFactory f) : SitePagesTests(f), IClassFixture<SqliteCmsFactory>;

public sealed class PostgresSitePagesTests(PostgresCmsFactory f) : SitePagesTests(f), IClassFixture<PostgresCmsFactory>;

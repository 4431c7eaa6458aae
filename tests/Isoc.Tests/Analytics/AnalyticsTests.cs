using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Isoc.Cms;
using Isoc.Cms.Security;
using Isoc.Plugins.Analytics;
using Isoc.Tests.Consent;
using Isoc.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Isoc.Tests.Analytics;

/// <summary>
/// First-party analytics through the real site: the beacon only reaches visitors who allow analytics, and the
/// hit endpoint checks the request's own consent too, so nothing is counted and no cookie set without it.
/// </summary>
public abstract class AnalyticsTests(CmsFactory factory) : BackofficeTests(factory)
{
    public const string MeasurementId = "G-TEST12345";
    private const string VisitorCookie = "isoc_visitor";

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private static IElement? AnalyticsScript(IDocument page) => page.QuerySelector("script[src^='/js/analytics.js']");

    private ConsentVisitor NewVisitor() => new(Cms);

    private static async Task<HttpResponseMessage> HitAsync(ConsentVisitor visitor, string path, string culture = "en-US", string referrer = "") =>
        await visitor.PostAsync(AnalyticsOptions.HitPath, [new("path", path), new("culture", culture), new("referrer", referrer)]);

    private async Task<AnalyticsSummary> SummaryAsync() =>
        await Cms.Services.GetRequiredService<IAnalyticsReport>().SummaryAsync(Today, 1, 50, CancellationToken.None);

    /// <summary>The counts once an earlier test's views still in the writer's queue have landed: two reads a few flushes apart agree.</summary>
    private async Task<AnalyticsSummary> SettledSummaryAsync()
    {
        var last = await SummaryAsync();
        for (var i = 0; i < 50; i++)
        {
            await Task.Delay(200);
            var now = await SummaryAsync();
            if (now.Views == last.Views)
            {
                return now;
            }

            last = now;
        }

        return last;
    }

    private async Task<long> ViewsOfAsync(string path) => (await SummaryAsync()).TopPages.Where(p => p.Path == path).Sum(p => p.Views);

    /// <summary>Counts are written in batches: waits until <paramref name="done"/> holds (or gives up after 10 s and lets the assertion fail).</summary>
    private static async Task EventuallyAsync(Func<Task<bool>> done)
    {
        for (var i = 0; i < 200 && !await done(); i++)
        {
            await Task.Delay(50);
        }
    }

    private static async Task<ConsentVisitor> ChoseAsync(ConsentVisitor visitor, string action)
    {
        var page = await visitor.PageAsync("/");
        using var response = await visitor.PressAsync(page, action);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        return visitor;
    }

    [Fact]
    public async Task Without_a_choice_or_after_reject_all_no_page_carries_analytics_and_a_hit_counts_nothing_and_sets_no_cookie()
    {
        using var visitor = NewVisitor();
        foreach (var step in new[] { "before a choice", "after reject all" })
        {
            foreach (var url in new[] { "/", "/about/" })
            {
                using var response = await visitor.SendAsync(new HttpRequestMessage(HttpMethod.Get, url));
                var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
                Assert.True(AnalyticsScript(page) is null, $"{step}: {url} carries the analytics script");
                Assert.DoesNotContain("googletagmanager", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            }

            using var hit = await HitAsync(visitor, "/about/");
            Assert.Equal(HttpStatusCode.Forbidden, hit.StatusCode);
            Assert.Empty(ConsentVisitor.SetCookies(hit));
            Assert.DoesNotContain(VisitorCookie, visitor.Cookies.Keys);
            if (step == "before a choice")
            {
                await ChoseAsync(visitor, "reject-all");
            }
        }

        // A counted hit afterwards proves the writer ran; the refused ones before it are not in the counts.
        await SettledSummaryAsync();
        var before = await ViewsOfAsync("/about/");
        using var accepted = await ChoseAsync(NewVisitor(), "accept-all");
        using (var hit = await HitAsync(accepted, "/about/"))
        {
            Assert.Equal(HttpStatusCode.NoContent, hit.StatusCode);
        }

        await EventuallyAsync(async () => await ViewsOfAsync("/about/") > before);
        Assert.Equal(before + 1, await ViewsOfAsync("/about/"));
    }

    [Fact]
    public async Task With_analytics_consent_a_page_view_is_counted_by_page_day_language_and_referrer_host_with_a_random_visitor_cookie()
    {
        using var visitor = await ChoseAsync(NewVisitor(), "accept-all");
        var before = await SettledSummaryAsync();

        using var response = await visitor.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/et/meist/"));
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        var script = AnalyticsScript(page);
        Assert.NotNull(script);
        Assert.Equal(AnalyticsOptions.HitPath, script.GetAttribute("data-hit"));
        Assert.Equal("/et/meist/", script.GetAttribute("data-path"));
        Assert.Equal("et-EE", script.GetAttribute("data-culture"));
        Assert.Equal(MeasurementId, script.GetAttribute("data-ga"));
        Assert.NotNull(script.GetAttribute("nonce"));
        Assert.Contains("script-src 'self' 'nonce-", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("https://*.googletagmanager.com", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        using (var first = await HitAsync(visitor, "/et/meist/", "et-EE", "https://www.example.org/links?to=isoc"))
        {
            Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
            var cookie = Assert.Single(ConsentVisitor.SetCookies(first), c => c.Name == VisitorCookie);
            Assert.Matches("^[0-9a-f]{32}$", cookie.Value.ToString());
            Assert.True(cookie.HttpOnly);
            Assert.Equal(new DateTimeOffset(DateTime.UtcNow.Date.AddDays(1), TimeSpan.Zero), cookie.Expires);
        }

        using (var second = await HitAsync(visitor, "/et/MEIST", "et-EE", "http://localhost/et/"))
        {
            Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
            Assert.Empty(ConsentVisitor.SetCookies(second));
        }

        await EventuallyAsync(async () => (await SummaryAsync()).Views >= before.Views + 2);
        var after = await SummaryAsync();
        Assert.Equal(before.Views + 2, after.Views);
        Assert.Equal(before.Visitors + 1, after.Visitors);
        Assert.Equal(2, after.TopPages.Single(p => p.Path == "/et/meist/" && p.Culture == "et-EE").Views - before.TopPages.Where(p => p.Path == "/et/meist/").Sum(p => p.Views));
        Assert.Equal(1, after.TopReferrers.Single(r => r.Host == "www.example.org").Views - before.TopReferrers.Where(r => r.Host == "www.example.org").Sum(r => r.Views));
        Assert.DoesNotContain(after.TopReferrers, r => r.Host == "localhost");
    }

    [Fact]
    public async Task Global_privacy_control_keeps_analytics_off_even_with_an_accepting_cookie()
    {
        using var visitor = await ChoseAsync(NewVisitor(), "accept-all");
        visitor.Headers["Sec-GPC"] = "1";

        var page = await visitor.PageAsync("/about/");
        using var hit = await HitAsync(visitor, "/about/");

        Assert.Null(AnalyticsScript(page));
        Assert.Equal(HttpStatusCode.Forbidden, hit.StatusCode);
        Assert.Empty(ConsentVisitor.SetCookies(hit));
    }

    [Fact]
    public async Task Withdrawing_analytics_deletes_the_visitor_cookie_on_the_next_response_and_later_hits_are_refused()
    {
        using var visitor = await ChoseAsync(NewVisitor(), "accept-all");
        using (var hit = await HitAsync(visitor, "/"))
        {
            Assert.Equal(HttpStatusCode.NoContent, hit.StatusCode);
        }

        Assert.Contains(VisitorCookie, visitor.Cookies.Keys);

        var settings = await visitor.PageAsync("/?cookie-settings");
        using (var withdrawal = await visitor.PressAsync(settings, "reject-all"))
        {
            Assert.Contains(ConsentVisitor.SetCookies(withdrawal), c => c.Name == VisitorCookie && c.Expires < DateTimeOffset.UtcNow);
        }

        Assert.DoesNotContain(VisitorCookie, visitor.Cookies.Keys);
        Assert.Null(AnalyticsScript(await visitor.PageAsync("/")));
        using var later = await HitAsync(visitor, "/");
        Assert.Equal(HttpStatusCode.Forbidden, later.StatusCode);
        Assert.DoesNotContain(VisitorCookie, visitor.Cookies.Keys);
    }

    [Theory]
    [InlineData("/no-such-page/", "en-US")]
    [InlineData("/about/", "fr-FR")]
    [InlineData("/et/meist/", "en-US")]
    [InlineData("https://evil.example/", "en-US")]
    [InlineData("", "en-US")]
    public async Task A_hit_for_something_that_is_not_a_published_page_is_refused_with_a_problem(string path, string culture)
    {
        using var visitor = await ChoseAsync(NewVisitor(), "accept-all");

        using var hit = await HitAsync(visitor, path, culture);

        Assert.Equal(HttpStatusCode.BadRequest, hit.StatusCode);
        Assert.Equal("application/problem+json", hit.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_hit_posted_from_another_site_is_refused()
    {
        using var visitor = await ChoseAsync(NewVisitor(), "accept-all");
        visitor.PostHeaders["Sec-Fetch-Site"] = "cross-site";

        using var hit = await HitAsync(visitor, "/");

        Assert.Equal(HttpStatusCode.BadRequest, hit.StatusCode);
        Assert.Empty(ConsentVisitor.SetCookies(hit));
    }

    [Fact]
    public async Task The_dashboard_shows_views_per_day_and_top_pages_as_a_chart_and_a_table_to_backoffice_users_only()
    {
        using (var visitor = await ChoseAsync(NewVisitor(), "accept-all"))
        {
            using var hit = await HitAsync(visitor, "/contact/");
            Assert.Equal(HttpStatusCode.NoContent, hit.StatusCode);
        }

        await EventuallyAsync(async () => await ViewsOfAsync("/contact/") > 0);
        var views = await ViewsOfAsync("/contact/");

        using var anonymous = Cms.CreateSiteClient();
        using var refused = await anonymous.GetAsync(new Uri("/umbraco/analytics", UriKind.Relative));
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal("/umbraco/login", refused.Headers.Location?.AbsolutePath);

        var session = await SignedInAsync(BackofficeRoles.Writer);
        var (status, html) = await session.GetAsync("/umbraco/analytics?days=7");
        Assert.Equal(HttpStatusCode.OK, status);
        var page = new HtmlParser().ParseDocument(html);
        Assert.Equal("Analytics", page.QuerySelector("h1")?.TextContent);
        var chart = page.QuerySelector("svg[role=img]")!;
        Assert.Contains("Page views per day", chart.QuerySelector("title")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(7, chart.QuerySelectorAll("rect.chart-bar").Length);
        Assert.Equal(7, page.QuerySelectorAll("table[data-analytics-days] tbody tr").Length);
        var row = page.QuerySelectorAll("table[data-analytics-pages] tbody tr").Single(r => r.QuerySelector("th")!.TextContent == "/contact/");
        Assert.Equal(views.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), row.QuerySelectorAll("td")[1].TextContent);
        Assert.NotNull(page.QuerySelector("svg#top-pages, svg[aria-labelledby^='top-pages']"));
    }
}

public static class AnalyticsHost
{
    public static CmsHostOptions Options => new()
    {
        Settings = new Dictionary<string, string?>
        {
            ["Isoc:Analytics:MeasurementId"] = AnalyticsTests.MeasurementId,
            ["Isoc:Analytics:FlushInterval"] = "00:00:00.05",
        },
    };
}

public sealed class SqliteAnalyticsCmsFactory() : CmsFactory(DatabaseProvider.Sqlite, AnalyticsHost.Options);

public sealed class PostgresAnalyticsCmsFactory() : CmsFactory(DatabaseProvider.Postgres, AnalyticsHost.Options);

public sealed class SqliteAnalyticsTests(SqliteAnalyticsCmsFactory f) : AnalyticsTests(f), IClassFixture<SqliteAnalyticsCmsFactory>;

public sealed class PostgresAnalyticsTests(PostgresAnalyticsCmsFactory f) : AnalyticsTests(f), IClassFixture<PostgresAnalyticsCmsFactory>;

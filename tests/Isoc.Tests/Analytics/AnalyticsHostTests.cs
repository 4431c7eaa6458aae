using System.Net;
using AngleSharp.Html.Parser;
using Isoc.Cms;
using Isoc.Plugins.Analytics;
using Isoc.Tests.Consent;
using Isoc.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Isoc.Tests.Analytics;

/// <summary>Analytics switched off, broken settings, and the pieces that need no host.</summary>
public sealed class AnalyticsHostTests
{
    [Fact]
    public async Task Switched_off_no_page_carries_analytics_even_with_consent_and_there_is_no_hit_endpoint()
    {
        await using var host = await CmsFactory.StartNewAsync(DatabaseProvider.Sqlite, new CmsHostOptions
        {
            Settings = new Dictionary<string, string?> { ["Isoc:Plugins:Analytics:Enabled"] = "false", ["Isoc:Analytics:MeasurementId"] = "G-TEST12345" },
        });
        using var visitor = new ConsentVisitor(host);
        using (var choice = await visitor.PressAsync(await visitor.PageAsync("/"), "accept-all"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, choice.StatusCode);
        }

        using var response = await visitor.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/about/"));
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        using var hit = await visitor.PostAsync(AnalyticsOptions.HitPath, [new("path", "/about/"), new("culture", "en-US")]);

        Assert.Null(page.QuerySelector("script[src^='/js/analytics.js']"));
        Assert.DoesNotContain("googletagmanager", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.NoContent, hit.StatusCode);
        Assert.Null(host.Services.GetService<IPageViewCounter>());
    }

    [Fact]
    public async Task Without_a_measurement_id_consenting_visitors_get_the_first_party_beacon_and_no_google_analytics()
    {
        await using var host = await CmsFactory.StartNewAsync(DatabaseProvider.Sqlite);
        using var visitor = new ConsentVisitor(host);
        using (var choice = await visitor.PressAsync(await visitor.PageAsync("/"), "accept-all"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, choice.StatusCode);
        }

        using var response = await visitor.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/about/"));
        var script = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync()).QuerySelector("script[src^='/js/analytics.js']");

        Assert.NotNull(script);
        Assert.Equal(AnalyticsOptions.HitPath, script.GetAttribute("data-hit"));
        Assert.True(string.IsNullOrEmpty(script.GetAttribute("data-ga")), "a measurement id is on the page");
        Assert.DoesNotContain("googletagmanager", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analytics_without_the_consent_plugin_refuses_to_start()
    {
        var start = () => CmsFactory.StartNewAsync(DatabaseProvider.Sqlite, new CmsHostOptions
        {
            Settings = new Dictionary<string, string?> { ["Isoc:Plugins:Consent:Enabled"] = "false" },
        });

        var error = await Assert.ThrowsAnyAsync<InvalidOperationException>(start);
        Assert.Contains("'Analytics' needs 'Consent'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Isoc:Analytics:MeasurementId", "UA-12345-1")]
    [InlineData("Isoc:Analytics:MeasurementId", "G-<script>")]
    [InlineData("Isoc:Analytics:VisitorCookieName", "__Host-visitor")]
    [InlineData("Isoc:Analytics:FlushInterval", "00:00:00")]
    public async Task A_broken_analytics_setting_stops_the_start(string key, string value)
    {
        var start = () => CmsFactory.StartNewAsync(DatabaseProvider.Sqlite, new CmsHostOptions { Settings = new Dictionary<string, string?> { [key] = value } });

        var error = await Assert.ThrowsAnyAsync<Exception>(start);
        Assert.Contains("Analytics", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://www.example.org/a?b=c", "www.example.org")]
    [InlineData("http://EXAMPLE.ee/", "example.ee")]
    [InlineData("https://site.test/", null)]
    [InlineData("javascript:alert(1)", null)]
    [InlineData("/relative", null)]
    [InlineData("", null)]
    public void Only_the_host_of_another_site_is_kept_from_a_referrer(string referrer, string? expected) =>
        Assert.Equal(expected, PageViewInput.ReferrerHost(referrer, "site.test"));

    [Fact]
    public void Chart_labels_are_encoded_so_a_page_path_cannot_inject_markup()
    {
        var svg = AnalyticsChart.HorizontalBars("t", "Top <pages>", "d", [("/<script>alert(1)</script>/", 3)]).ToString()!;

        Assert.DoesNotContain("<script>", svg, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", svg, StringComparison.Ordinal);
    }
}

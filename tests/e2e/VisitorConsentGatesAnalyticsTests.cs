using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Isoc.E2E.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Isoc.E2E;

/// <summary>
/// The cookie banner and analytics as a visitor meets them in Chromium. Every request to another host
/// (googletagmanager.com, google-analytics.com, anything) is answered by the test and recorded, so nothing
/// leaves the machine and the test sees exactly what the page tried to load.
/// </summary>
public sealed partial class VisitorConsentGatesAnalyticsTests(SiteProcess site, ChromiumBrowser chromium, ITestOutputHelper output)
    : BrowserTest(site, chromium, output)
{
    private const string ConsentCookie = "isoc_consent";
    private static readonly string[] TwoPages = ["/", "/about/"];
    private static readonly string[] OtherPages = ["/", "/contact/"];
    private static readonly string[] AnalyticsCookies = ["_ga", "_ga_" + SiteProcess.MeasurementId[2..], "isoc_visitor"];

    /// <summary>
    /// Stands in for Google's gtag.js, which cannot be fetched here: it records the commands queued before it loaded
    /// and, as the real tag does, stores its cookies and sends a page view only when analytics storage is granted.
    /// </summary>
    private const string GtagStandIn = """
        (function () {
          var queued = (window.dataLayer || []).map(function (args) { return JSON.parse(JSON.stringify(Array.prototype.slice.call(args))); });
          window.__gtagQueue = queued;
          var storage = "unset";
          queued.forEach(function (c) { if (c[0] === "consent" && c[2] && c[2].analytics_storage) { storage = c[2].analytics_storage; } });
          if (storage === "granted") {
            document.cookie = "_ga=GA1.1.42.1767225600; path=/; max-age=63072000; SameSite=Lax";
            document.cookie = "_ga_E2ETEST01=GS1.1.1767225600.1.0.1767225600.0.0.0; path=/; max-age=63072000; SameSite=Lax";
            navigator.sendBeacon("https://region1.google-analytics.com/g/collect?v=2&tid=G-E2ETEST01&en=page_view");
          }
        })();
        """;

    private static ILocator Banner(IPage page) => page.Locator("section#consent");

    private static ILocator Button(IPage page, string name) => Banner(page).GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    [Fact]
    public Task Before_a_choice_no_analytics_request_is_made_and_no_cookie_is_set_across_two_pages() =>
        InBrowserAsync(async page =>
        {
            var traffic = await WatchAsync(page);

            foreach (var path in TwoPages)
            {
                await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.NetworkIdle });
                await Expect(Banner(page)).ToBeVisibleAsync();
                await Expect(page.Locator("script[src^='/js/analytics.js']")).ToHaveCountAsync(0);
            }

            traffic.AssertNoAnalytics("before a choice");
            Assert.Empty(await CookieNamesAsync(page));
        });

    [Fact]
    public Task After_reject_all_and_a_reload_there_is_still_no_analytics_and_the_banner_stays_closed() =>
        InBrowserAsync(async page =>
        {
            var traffic = await WatchAsync(page);
            await page.GotoAsync("/");

            await ChooseAsync(page, "Reject all");
            await page.ReloadAsync(new() { WaitUntil = WaitUntilState.NetworkIdle });
            await page.GotoAsync("/about/", new() { WaitUntil = WaitUntilState.NetworkIdle });

            await Expect(Banner(page)).ToHaveCountAsync(0);
            traffic.AssertNoAnalytics("after reject all");
            Assert.Equal([ConsentCookie], await CookieNamesAsync(page));
            Assert.Contains(".none.", await CookieValueAsync(page, ConsentCookie), StringComparison.Ordinal);
        });

    [Fact]
    public Task After_accept_all_the_page_view_is_counted_and_the_google_tag_gets_consent_default_before_config_and_update_after() =>
        InBrowserAsync(async page =>
        {
            var traffic = await WatchAsync(page);
            await page.GotoAsync("/");
            await ChooseAsync(page, "Accept all");
            // This page was sent before the choice, without the tag: nothing is loaded until the next page.
            traffic.AssertNoAnalytics("on the page where the visitor chose");

            var hit = await page.RunAndWaitForResponseAsync(
                () => page.GotoAsync("/membership/"),
                r => r.Url.EndsWith("/analytics/hit", StringComparison.Ordinal));
            Assert.Equal(204, hit.Status);
            await page.WaitForFunctionAsync("() => window.__gtagQueue !== undefined");

            var queue = JsonSerializer.Deserialize<JsonElement[][]>(await page.EvaluateAsync<string>("() => JSON.stringify(window.__gtagQueue)"))!;
            var commands = queue.Select(c => string.Join(' ', c.Take(2).Select(a => a.ValueKind == JsonValueKind.String ? a.GetString() : "…"))).ToList();
            Output.WriteLine("gtag queue: " + string.Join(" | ", commands));
            Assert.Equal("consent default", commands[0]);
            Assert.Equal("denied", queue[0][2].GetProperty("analytics_storage").GetString());
            Assert.Equal("denied", queue[0][2].GetProperty("ad_storage").GetString());
            var config = commands.IndexOf("config " + SiteProcess.MeasurementId);
            var update = commands.IndexOf("consent update");
            Assert.True(config > 0, "no config after the consent default");
            Assert.True(update > config, "the consent update does not come after the config");
            Assert.Equal("granted", queue[update][2].GetProperty("analytics_storage").GetString());

            Assert.Contains(traffic.External, u => u.StartsWith("https://www.googletagmanager.com/gtag/js?id=" + SiteProcess.MeasurementId, StringComparison.Ordinal));
            await Expect(page.Locator("body")).ToBeVisibleAsync();
            await WaitUntilAsync(() => traffic.External.Any(u => u.Contains("google-analytics.com/g/collect", StringComparison.Ordinal)), "GA's page view (allowed by the CSP)");
            var cookies = await CookieNamesAsync(page);
            Assert.All(AnalyticsCookies.Append(ConsentCookie), name => Assert.Contains(name, cookies));

            // The editor sees the view on the dashboard (counts are written in batches, so look again for a moment).
            await SignInAsync(page);
            var row = page.Locator("table[data-analytics-pages] tbody tr").Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = "/membership/", Exact = true }) });
            for (var i = 0; i < 20 && await row.CountAsync() == 0; i++)
            {
                await page.GotoAsync("/umbraco/analytics?days=7");
                await Task.Delay(250);
            }

            await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("1");
            await Expect(page.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("^Page views per day") })).ToBeVisibleAsync();
            var axe = await page.RunAxe();
            var blocking = axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}").ToList();
            Assert.True(blocking.Count == 0, "axe-core on the analytics dashboard: " + string.Join("; ", blocking));
        });

    [Fact]
    public Task Withdrawing_from_the_footer_cookie_settings_deletes_the_analytics_cookies_and_no_further_hit_is_made() =>
        InBrowserAsync(async page =>
        {
            var traffic = await WatchAsync(page);
            await page.GotoAsync("/");
            await ChooseAsync(page, "Accept all");
            await page.RunAndWaitForResponseAsync(() => page.GotoAsync("/about/"), r => r.Url.EndsWith("/analytics/hit", StringComparison.Ordinal));
            await WaitUntilAsync(async () => (await CookieNamesAsync(page)).Contains("_ga"), "the _ga cookie");

            await page.Locator("footer").GetByRole(AriaRole.Link, new() { Name = "Cookie settings" }).ClickAsync();
            await Expect(Banner(page).GetByRole(AriaRole.Heading, new() { Name = "Cookie settings" })).ToBeVisibleAsync();
            await Expect(page.GetByLabel("Analytics", new() { Exact = true })).ToBeCheckedAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await ChooseAsync(page, "Reject all");

            var cookies = await CookieNamesAsync(page);
            Assert.All(AnalyticsCookies, name => Assert.DoesNotContain(name, cookies));
            var hits = traffic.Hits.Count;
            var external = traffic.External.Count;
            foreach (var path in OtherPages)
            {
                await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.NetworkIdle });
            }

            Assert.Equal(hits, traffic.Hits.Count);
            Assert.Equal(external, traffic.External.Count);
            cookies = await CookieNamesAsync(page);
            Assert.All(AnalyticsCookies, name => Assert.DoesNotContain(name, cookies));
        });

    [Fact]
    public Task A_choice_made_under_an_older_consent_revision_brings_the_banner_back_with_analytics_off_until_the_visitor_chooses() =>
        InBrowserAsync(async page =>
        {
            var traffic = await WatchAsync(page);
            // The cookie a visitor kept from revision 1, when they accepted everything; the site now runs at revision 2.
            await page.Context.AddCookiesAsync([new Cookie
            {
                Name = ConsentCookie,
                Value = $"1.{SiteProcess.ConsentRevision - 1}.preferences_analytics.{Guid.NewGuid():N}.{DateTimeOffset.UtcNow.AddDays(-10).ToUnixTimeSeconds()}",
                Url = Site.BaseAddress.ToString(),
            }]);

            await page.GotoAsync("/", new() { WaitUntil = WaitUntilState.NetworkIdle });

            await Expect(Banner(page)).ToBeVisibleAsync();
            await Expect(Banner(page)).ToContainTextAsync("Our use of cookies has changed since you last chose, so we ask again.");
            traffic.AssertNoAnalytics("under an older revision");

            await ChooseAsync(page, "Accept all");
            await page.ReloadAsync();
            await Expect(Banner(page)).ToHaveCountAsync(0);
            Assert.StartsWith($"1.{SiteProcess.ConsentRevision}.", await CookieValueAsync(page, ConsentCookie), StringComparison.Ordinal);
        });

    [Fact]
    public Task Global_privacy_control_keeps_analytics_off_and_the_banner_says_why() =>
        InBrowserAsync(
            async page =>
            {
                var traffic = await WatchAsync(page);
                await page.GotoAsync("/");

                await Expect(Banner(page)).ToContainTextAsync("Your browser sends a Global Privacy Control signal, so analytics stays off whatever you choose here.");
                await Button(page, "Choose").ClickAsync();
                await Expect(page.GetByLabel("Analytics", new() { Exact = true })).ToBeDisabledAsync();
                await ChooseAsync(page, "Accept all");
                await page.GotoAsync("/about/", new() { WaitUntil = WaitUntilState.NetworkIdle });

                traffic.AssertNoAnalytics("under GPC after accept all");
                Assert.Equal([ConsentCookie], await CookieNamesAsync(page));
                Assert.DoesNotContain("analytics", await CookieValueAsync(page, ConsentCookie), StringComparison.Ordinal);
            },
            configure: o => o.ExtraHTTPHeaders = new Dictionary<string, string> { ["Sec-GPC"] = "1" });

    [Fact]
    public Task Without_javascript_the_banner_form_posts_back_to_the_same_page_and_the_choice_holds() =>
        InBrowserAsync(
            async page =>
            {
                var traffic = await WatchAsync(page);
                await page.GotoAsync("/about/");

                await Button(page, "Choose").ClickAsync();
                await Expect(page).ToHaveURLAsync(new Regex(@"/about/\?cookie-settings#consent$"));
                await page.GetByLabel("Analytics", new() { Exact = true }).CheckAsync();
                await Button(page, "Save my choices").ClickAsync();

                await Expect(page).ToHaveURLAsync(new Regex(@"/about/$"));
                await Expect(Banner(page)).ToHaveCountAsync(0);
                Assert.Contains(".analytics.", await CookieValueAsync(page, ConsentCookie), StringComparison.Ordinal);
                // The server now sends the analytics script, but with JavaScript off nothing runs and nothing is requested.
                await Expect(page.Locator("script[src^='/js/analytics.js']")).ToHaveCountAsync(1);

                await page.Locator("footer").GetByRole(AriaRole.Link, new() { Name = "Cookie settings" }).ClickAsync();
                await Button(page, "Reject all").ClickAsync();
                await Expect(page).ToHaveURLAsync(new Regex(@"/about/$"));
                await Expect(Banner(page)).ToHaveCountAsync(0);
                Assert.Contains(".none.", await CookieValueAsync(page, ConsentCookie), StringComparison.Ordinal);
                await Expect(page.Locator("script[src^='/js/analytics.js']")).ToHaveCountAsync(0);
                traffic.AssertNoAnalytics("without JavaScript");
            },
            configure: o => o.JavaScriptEnabled = false);

    /// <summary>Presses a banner button with JavaScript on: the choice is saved without a reload and the banner closes.</summary>
    private static async Task ChooseAsync(IPage page, string button)
    {
        var saved = await page.RunAndWaitForResponseAsync(() => Button(page, button).ClickAsync(), r => r.Url.EndsWith("/consent/choice", StringComparison.Ordinal));
        Assert.Equal(200, saved.Status);
        await Expect(Banner(page)).ToBeHiddenAsync();
    }

    private async Task SignInAsync(IPage page)
    {
        await page.GotoAsync("/umbraco/analytics?days=7");
        await page.GetByLabel("Email address").FillAsync(Site.AdminEmail);
        await page.GetByLabel("Password").FillAsync(Site.AdminPassword);
        await page.GetByLabel("Password").PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Analytics");
    }

    private async Task<List<string>> CookieNamesAsync(IPage page) =>
        (await page.Context.CookiesAsync([Site.BaseAddress.ToString()])).Select(c => c.Name).Where(n => n != "Isoc.Backoffice" && !n.StartsWith(".AspNetCore.", StringComparison.Ordinal)).Order().ToList();

    private async Task<string> CookieValueAsync(IPage page, string name) =>
        (await page.Context.CookiesAsync([Site.BaseAddress.ToString()])).Single(c => c.Name == name).Value;

    private static async Task WaitUntilAsync(Func<bool> condition, string what) => await WaitUntilAsync(() => Task.FromResult(condition()), what);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        for (var i = 0; i < 50; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Waited 5 s for {what}.");
    }

    /// <summary>Answers every request to another host itself, and records it and every first-party hit.</summary>
    private async Task<Traffic> WatchAsync(IPage page)
    {
        var traffic = new Traffic();
        var site = Site.BaseAddress;
        await page.Context.RouteAsync("**/*", async route =>
        {
            var url = new Uri(route.Request.Url);
            if (url.Host == site.Host && url.Port == site.Port)
            {
                await route.ContinueAsync();
                return;
            }

            traffic.External.Enqueue(route.Request.Url);
            if (url.Host == "www.googletagmanager.com" && url.AbsolutePath == "/gtag/js")
            {
                await route.FulfillAsync(new() { Status = 200, ContentType = "application/javascript", Body = GtagStandIn });
            }
            else
            {
                await route.FulfillAsync(new() { Status = 204 });
            }
        });
        page.Context.Request += (_, request) =>
        {
            if (request.Url.EndsWith("/analytics/hit", StringComparison.Ordinal))
            {
                traffic.Hits.Enqueue(request.Url);
            }
        };
        return traffic;
    }

    private sealed class Traffic
    {
        public ConcurrentQueue<string> External { get; } = new();

        public ConcurrentQueue<string> Hits { get; } = new();

        public void AssertNoAnalytics(string when)
        {
            Assert.True(External.IsEmpty, $"{when}: requests to other hosts: {string.Join(", ", External)}");
            Assert.True(Hits.IsEmpty, $"{when}: {Hits.Count} first-party analytics hits");
        }
    }
}

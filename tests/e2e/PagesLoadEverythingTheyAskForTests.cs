using System.Collections.Concurrent;
using Isoc.E2E.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Isoc.E2E;

/// <summary>
/// A page's stylesheet, scripts and images are served. Without its stylesheet a page still reads, but the skip link
/// shows at all times and axe-core's colour-contrast check judges the browser's default colours, not the site's.
/// </summary>
public sealed class PagesLoadEverythingTheyAskForTests(SiteProcess site, ChromiumBrowser chromium, ITestOutputHelper output)
    : BrowserTest(site, chromium, output)
{
    [Theory]
    [InlineData("/", "home-en")]
    [InlineData("/et/", "home-et")]
    public Task Every_stylesheet_script_and_image_of_the_page_is_served(string path, string name) =>
        InBrowserAsync(
            async page =>
            {
                var failures = new ConcurrentQueue<string>();
                page.Response += (_, response) =>
                {
                    if (response.Request.ResourceType != "document" && response.Status >= 400)
                    {
                        failures.Enqueue($"{response.Request.ResourceType} {response.Url}: {response.Status} ({response.Headers.GetValueOrDefault("content-type")})");
                    }
                };
                page.RequestFailed += (_, request) =>
                {
                    if (request.ResourceType != "document")
                    {
                        failures.Enqueue($"{request.ResourceType} {request.Url}: {request.Failure}");
                    }
                };

                await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });

                Assert.True(await page.Locator("link[rel=stylesheet]").CountAsync() > 0, $"{path} links no stylesheet.");
                Assert.True(
                    failures.IsEmpty,
                    $"{path} asked for what the site does not serve:{Environment.NewLine}{string.Join(Environment.NewLine, failures.Distinct())}");
            },
            variant: name);
}

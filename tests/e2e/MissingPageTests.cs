using Isoc.E2E.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Isoc.E2E;

/// <summary>A page that does not exist answers 404 with a not-found page in the language of its URL.</summary>
public sealed class MissingPageTests(SiteProcess site, ChromiumBrowser chromium, ITestOutputHelper output)
    : BrowserTest(site, chromium, output)
{
    [Fact]
    public Task A_missing_Estonian_page_answers_404_in_Estonian() =>
        InBrowserAsync(async page =>
        {
            var response = await page.GotoAsync("/et/no-such-page/");

            Assert.NotNull(response);
            Assert.Equal(404, response.Status);
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "et-EE");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveCountAsync(1);
        });
}

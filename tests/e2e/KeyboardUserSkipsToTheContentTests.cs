using System.Text.RegularExpressions;
using Isoc.E2E.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Isoc.E2E;

/// <summary>The first Tab on a page reaches a "skip to content" link, in the page's language, that jumps to the main content.</summary>
public sealed partial class KeyboardUserSkipsToTheContentTests(SiteProcess site, ChromiumBrowser chromium, ITestOutputHelper output)
    : BrowserTest(site, chromium, output)
{
    [Theory]
    [InlineData("/", "Skip to content")]
    [InlineData("/et/", "Liigu sisu juurde")]
    public Task The_first_Tab_focuses_the_skip_link_and_Enter_jumps_to_main(string path, string linkText) =>
        InBrowserAsync(
            async page =>
            {
                await page.GotoAsync(path);

                await page.Keyboard.PressAsync("Tab");
                var focused = page.Locator(":focus");
                await Expect(focused).ToHaveRoleAsync(AriaRole.Link);
                await Expect(focused).ToHaveTextAsync(linkText);

                await page.Keyboard.PressAsync("Enter");
                await Expect(page).ToHaveURLAsync(EndsWithMainFragment());
                await Expect(page.Locator("main#main:target")).ToHaveCountAsync(1);
            },
            variant: path.Trim('/') is { Length: > 0 } culture ? culture : "en");

    [GeneratedRegex("#main$")]
    private static partial Regex EndsWithMainFragment();
}

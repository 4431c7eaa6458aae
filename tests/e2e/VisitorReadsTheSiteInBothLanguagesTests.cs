using Isoc.E2E.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Isoc.E2E;

/// <summary>A visitor reads the home page in English and switches to Estonian and back with the language menu.</summary>
public sealed class VisitorReadsTheSiteInBothLanguagesTests(SiteProcess site, ChromiumBrowser chromium, ITestOutputHelper output)
    : BrowserTest(site, chromium, output)
{
    [Fact]
    public Task Home_page_is_in_English_and_the_language_menu_leads_to_the_Estonian_home_page_and_back() =>
        InBrowserAsync(async page =>
        {
            await page.GotoAsync("/");
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en-US");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Internet Society");

            var estonian = page.GetByRole(AriaRole.Navigation, new() { Name = "Language", Exact = true })
                .GetByRole(AriaRole.Link, new() { Name = "Eesti", Exact = true });
            await Expect(estonian).ToHaveAttributeAsync("hreflang", "et-EE");
            await estonian.ClickAsync();

            await Expect(page).ToHaveURLAsync(SiteUrl("/et/"));
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "et-EE");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Internetiühing");

            // On the Estonian page the menu itself speaks Estonian; "English" takes the visitor back.
            var english = page.GetByRole(AriaRole.Navigation, new() { Name = "Keel", Exact = true })
                .GetByRole(AriaRole.Link, new() { Name = "English", Exact = true });
            await Expect(english).ToHaveAttributeAsync("hreflang", "en-US");
            await english.ClickAsync();

            await Expect(page).ToHaveURLAsync(SiteUrl("/"));
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en-US");
        });

    private string SiteUrl(string path) => new Uri(Site.BaseAddress, path).ToString();
}

using Isoc.E2E.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Isoc.E2E;

/// <summary>An editor creates a page under the home page in English and Estonian, publishes both, and reads it on the site.</summary>
public sealed class EditorPublishesAPageTests(SiteProcess site, ChromiumBrowser chromium, ITestOutputHelper output)
    : BrowserTest(site, chromium, output)
{
    [Fact]
    public Task An_editor_creates_a_page_in_both_languages_publishes_it_and_visitors_read_it() =>
        InBrowserAsync(async page =>
        {
            var suffix = Guid.NewGuid().ToString("N")[..6];
            var english = $"Annual report {suffix}";
            var estonian = $"Aastaaruanne {suffix}";

            await page.GotoAsync("/umbraco/login");
            await page.GetByLabel("Email address").FillAsync(Site.AdminEmail);
            await page.GetByLabel("Password").FillAsync(Site.AdminPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

            await page.GetByRole(AriaRole.Link, new() { Name = "+ child page under Internet Society" }).ClickAsync();
            await page.GetByLabel("Content page").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();

            await page.GetByLabel("Name").FillAsync(english);
            await BackofficeSteps.FillRichTextAsync(page, "Body text", "What we did this year.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save and publish" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("published in en-US");

            await page.GetByRole(AriaRole.Navigation, new() { Name = "Culture" }).GetByRole(AriaRole.Link, new() { Name = "Estonian" }).ClickAsync();
            await page.GetByLabel("Name").FillAsync(estonian);
            await BackofficeSteps.FillRichTextAsync(page, "Body text", "Mida me sel aastal tegime.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save and publish" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Published in et-EE");

            await page.GotoAsync($"/annual-report-{suffix}/");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(english);
            await page.GetByRole(AriaRole.Navigation, new() { Name = "Language", Exact = true }).GetByRole(AriaRole.Link, new() { Name = "Eesti" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Uri(Site.BaseAddress, $"/et/aastaaruanne-{suffix}/").ToString());
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(estonian);
            await Expect(page.GetByText("Mida me sel aastal tegime.")).ToBeVisibleAsync();
        });
}

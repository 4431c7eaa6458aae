using Isoc.E2E.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Isoc.E2E;

/// <summary>An editor publishes a change, regrets it, rolls the page back to the earlier version and publishes that.</summary>
public sealed class EditorRollsBackAPageTests(SiteProcess site, ChromiumBrowser chromium, ITestOutputHelper output)
    : BrowserTest(site, chromium, output)
{
    [Fact]
    public Task An_editor_rolls_a_page_back_to_an_earlier_version_and_visitors_see_it() =>
        InBrowserAsync(async page =>
        {
            var suffix = Guid.NewGuid().ToString("N")[..6];
            var name = $"Office hours {suffix}";
            var url = $"/office-hours-{suffix}/";
            await BackofficeSteps.SignInAsync(page, Site.AdminEmail, Site.AdminPassword);
            await BackofficeSteps.CreatePublishedPageAsync(page, name, "Open from nine to five.");

            await page.GetByLabel("Summary").FillAsync("Closed until further notice.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save and publish" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Published in en-US");
            await page.GotoAsync(url);
            await Expect(page.GetByText("Closed until further notice.")).ToBeVisibleAsync();

            await page.GoBackAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "History" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Roll back to version 1" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Rolled back");
            await Expect(page.GetByLabel("Summary")).ToHaveValueAsync("Open from nine to five.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save and publish" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Published in en-US");

            await page.GotoAsync(url);
            await Expect(page.GetByText("Open from nine to five.")).ToBeVisibleAsync();
            await Expect(page.GetByText("Closed until further notice.")).ToHaveCountAsync(0);
        });
}

using Isoc.E2E.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Isoc.E2E;

/// <summary>A writer changes a published page and sends it for approval; an editor sees what changed and publishes it.</summary>
public sealed class WriterSendsAChangeForApprovalTests(SiteProcess site, ChromiumBrowser chromium, ITestOutputHelper output)
    : BrowserTest(site, chromium, output)
{
    [Fact]
    public Task A_writer_sends_a_change_for_approval_and_an_editor_publishes_it() =>
        InBrowserAsync(async page =>
        {
            var suffix = Guid.NewGuid().ToString("N")[..6];
            var name = $"Membership rules {suffix}";
            var url = $"/membership-rules-{suffix}/";
            await BackofficeSteps.SignInAsync(page, Site.AdminEmail, Site.AdminPassword);
            await BackofficeSteps.CreatePublishedPageAsync(page, name, "Members vote once a year.");

            await BackofficeSteps.SignInAsync(page, Site.WriterEmail, Site.WriterPassword);
            await page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save and publish" })).ToHaveCountAsync(0);
            await page.GetByLabel("Summary").FillAsync("Members vote twice a year.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save and send for approval" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("sent for approval in en-US");

            await page.GotoAsync(url);
            await Expect(page.GetByText("Members vote once a year.")).ToBeVisibleAsync();

            await BackofficeSteps.SignInAsync(page, Site.AdminEmail, Site.AdminPassword);
            await page.GetByRole(AriaRole.Link, new() { Name = "Approvals" }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "See what changed since the published version" }).ClickAsync();
            await Expect(page.Locator("ins").Filter(new() { HasText = "twice" })).ToBeVisibleAsync();
            await page.GoBackAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Publish en-US" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("visitors see it now");
            await Expect(page.GetByText("Nothing is waiting for approval.")).ToBeVisibleAsync();

            await page.GotoAsync(url);
            await Expect(page.GetByText("Members vote twice a year.")).ToBeVisibleAsync();
        });
}

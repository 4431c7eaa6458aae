using Deque.AxeCore.Playwright;
using Isoc.E2E.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Isoc.E2E;

/// <summary>The first administrator signs in to /umbraco with the keyboard, sees the content tree, and signs out.</summary>
public sealed class AdministratorSignsInTests(SiteProcess site, ChromiumBrowser chromium, ITestOutputHelper output)
    : BrowserTest(site, chromium, output)
{
    [Fact]
    public Task The_first_administrator_signs_in_sees_the_content_tree_and_signs_out() =>
        InBrowserAsync(async page =>
        {
            await page.GotoAsync("/umbraco");
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/umbraco/login"));

            await page.GetByLabel("Email address").FillAsync(Site.AdminEmail);
            await page.GetByLabel("Password").FillAsync("not-the-password");
            await page.GetByLabel("Password").PressAsync("Enter");
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The email address or the password is not right.");

            await page.GetByLabel("Password").FillAsync(Site.AdminPassword);
            await page.GetByLabel("Password").PressAsync("Enter");

            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Content");
            var tree = page.GetByRole(AriaRole.Navigation, new() { Name = "Content tree" });
            await Expect(tree).ToContainTextAsync("Internet Society");
            await Expect(tree).ToContainTextAsync("Privacy Policy");

            var result = await page.RunAxe();
            var blocking = result.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}").ToList();
            Assert.True(blocking.Count == 0, "axe-core on the dashboard: " + string.Join("; ", blocking));

            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/umbraco/login"));
            await page.GotoAsync("/umbraco");
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/umbraco/login"));
        });
}

using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Isoc.E2E.Infrastructure;

/// <summary>Steps several backoffice tests share, done as a person does them.</summary>
internal static class BackofficeSteps
{
    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.Context.ClearCookiesAsync();
        await page.GotoAsync("/umbraco/login");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Content", Level = 1 })).ToBeVisibleAsync();
    }

    /// <summary>Creates a content page under the home page in English and publishes it; the editor is left open.</summary>
    public static async Task CreatePublishedPageAsync(IPage page, string name, string summary)
    {
        await page.GotoAsync("/umbraco");
        await page.GetByRole(AriaRole.Link, new() { Name = "+ child page under Internet Society" }).ClickAsync();
        await page.GetByLabel("Content page").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Summary").FillAsync(summary);
        await page.GetByLabel("Body text").FillAsync("<p>The body.</p>");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and publish" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("published in en-US");
    }
}

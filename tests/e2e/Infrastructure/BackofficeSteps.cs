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
        await FillRichTextAsync(page, "Body text", "The body.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and publish" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("published in en-US");
    }

    /// <summary>
    /// Types into a rich text property once its editor has taken over the plain textarea (before that, what is
    /// typed races the editor's start).
    /// </summary>
    public static async Task FillRichTextAsync(IPage page, string label, string text)
    {
        var editor = page.GetByRole(AriaRole.Textbox, new() { Name = label });
        await Expect(editor).ToHaveAttributeAsync("contenteditable", "true");
        await editor.FillAsync(text);
    }
}

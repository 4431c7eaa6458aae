using Isoc.E2E.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Isoc.E2E;

/// <summary>
/// An administrator adds a property to the content page type in the settings section and invites an editor; the
/// editor chooses a password through the link, and the new field is in their content editor at once, to fill in.
/// </summary>
public sealed class AdministratorAddsAPropertyTests(SiteProcess site, ChromiumBrowser chromium, ITestOutputHelper output)
    : BrowserTest(site, chromium, output)
{
    [Fact]
    public Task An_administrator_adds_a_property_and_an_invited_editor_fills_it_in() =>
        InBrowserAsync(async page =>
        {
            var suffix = Guid.NewGuid().ToString("N")[..6];
            var propertyName = $"Subtitle {suffix}";
            var editorEmail = $"editor-{suffix}@isoc.test";
            const string editorPassword = "Editor-Pa55word!";

            await page.GotoAsync("/umbraco/login");
            await page.GetByLabel("Email address").FillAsync(Site.AdminEmail);
            await page.GetByLabel("Password").FillAsync(Site.AdminPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

            await page.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Document types" }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Content page", Exact = true }).ClickAsync();
            var added = page.GetByRole(AriaRole.Group, new() { Name = "New property" });
            await added.GetByLabel("Name", new() { Exact = true }).FillAsync(propertyName);
            await added.GetByLabel("Alias", new() { Exact = true }).FillAsync($"subtitle{suffix}");
            await added.GetByLabel("Data type (editor)").SelectOptionAsync(new SelectOptionValue { Label = "Textstring (Umbraco.TextBox)" });
            await added.GetByLabel("Group").SelectOptionAsync(new SelectOptionValue { Label = "Content" });
            await added.GetByLabel("Varies by culture").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Editors see the change now");
            await Expect(page.GetByRole(AriaRole.Group, new() { Name = $"Property {propertyName}" })).ToBeVisibleAsync();

            await page.GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Invite a user" }).ClickAsync();
            await page.GetByLabel("Email address").FillAsync(editorEmail);
            await page.GetByLabel("Name").FillAsync("Eve Editor");
            await page.GetByLabel("editor").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Invite" }).ClickAsync();
            var link = await page.GetByLabel("Set-password link").InputValueAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

            await page.GotoAsync(link);
            await page.GetByLabel("New password").FillAsync(editorPassword);
            await page.GetByLabel("The same password again").FillAsync(editorPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/umbraco/login"));
            await page.GetByLabel("Email address").FillAsync(editorEmail);
            await page.GetByLabel("Password").FillAsync(editorPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Settings" })).ToHaveCountAsync(0);

            await page.GetByRole(AriaRole.Link, new() { Name = "+ child page under Internet Society" }).ClickAsync();
            await page.GetByLabel("Content page").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
            await page.GetByLabel("Name").FillAsync($"Report {suffix}");
            await BackofficeSteps.FillRichTextAsync(page, "Body text", "This year.");
            await page.GetByLabel(propertyName).FillAsync("What we did");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Created");
            await Expect(page.GetByLabel(propertyName)).ToHaveValueAsync("What we did");
        });
}

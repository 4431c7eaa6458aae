using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Isoc.E2E.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Isoc.E2E;

/// <summary>
/// The property editors in a real browser: the Tiptap toolbar with the mouse and with the keyboard alone, what the
/// formatting becomes on the site, the Markdown preview as the editor types, and axe-core on the editor pages.
/// </summary>
public sealed class EditorFormatsRichTextTests(SiteProcess site, ChromiumBrowser chromium, ITestOutputHelper output)
    : BrowserTest(site, chromium, output)
{
    private const string Home = "e0000000-0000-4000-8000-000000000001";
    private const string PrivacyPolicy = "e0000000-0000-4000-8000-000000000005";
    private static readonly string[] BlockingImpacts = ["serious", "critical"];

    private async Task SignInAsync(IPage page)
    {
        await page.GotoAsync("/umbraco/login");
        await page.GetByLabel("Email address").FillAsync(Site.AdminEmail);
        await page.GetByLabel("Password").FillAsync(Site.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
    }

    private static ILocator BodyText(IPage page) => page.GetByRole(AriaRole.Textbox, new() { Name = "Body text" });

    private static ILocator Tool(IPage page, string name) =>
        page.GetByRole(AriaRole.Toolbar).GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    [Fact]
    public Task An_editor_formats_text_with_the_toolbar_previews_publishes_and_the_site_shows_the_formatting() =>
        InBrowserAsync(async page =>
        {
            var name = $"Formatted {Guid.NewGuid().ToString("N")[..6]}";
            await SignInAsync(page);
            await page.GotoAsync($"/umbraco/content/create?parent={Home}&type=contentPage");
            await page.GetByLabel("Name").FillAsync(name);

            // Until its script has run, the field is the plain textarea: typing then would race the editor taking over.
            await Expect(BodyText(page)).ToHaveAttributeAsync("contenteditable", "true");
            await BodyText(page).ClickAsync();
            await page.Keyboard.TypeAsync("Highlights of the year");
            await Tool(page, "Heading 2").ClickAsync();
            await Expect(Tool(page, "Heading 2")).ToHaveAttributeAsync("aria-pressed", "true");
            await Expect(BodyText(page)).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("End");
            await page.Keyboard.PressAsync("Enter");
            // A toolbar button hands the focus back to the text a moment after the click: type only once it has.
            await Tool(page, "Bold").ClickAsync();
            await Expect(BodyText(page)).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync("Strong words");
            await Tool(page, "Bold").ClickAsync();
            await Expect(Tool(page, "Bold")).ToHaveAttributeAsync("aria-pressed", "false");
            await Expect(BodyText(page)).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync(" and plain ones.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Created");

            // The saved draft comes back into the editor as formatted text, not as HTML source.
            await Expect(BodyText(page).Locator("h2")).ToHaveTextAsync("Highlights of the year");
            await Expect(BodyText(page).Locator("strong")).ToHaveTextAsync("Strong words");

            var editorUrl = page.Url;
            await page.GetByRole(AriaRole.Link, new() { Name = "Preview the saved draft in en-US" }).ClickAsync();
            await Expect(page.Locator("main h2", new() { HasText = "Highlights of the year" })).ToBeVisibleAsync();
            await Expect(page.Locator("main strong")).ToHaveTextAsync("Strong words");

            await page.GotoAsync(editorUrl);
            await page.GetByRole(AriaRole.Button, new() { Name = "Save and publish" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Published in en-US");

            await page.GotoAsync($"/{name.ToLowerInvariant().Replace(' ', '-')}/");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(name);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2, Name = "Highlights of the year" })).ToBeVisibleAsync();
            await Expect(page.Locator("main strong")).ToHaveTextAsync("Strong words");
        });

    [Fact]
    public Task The_toolbar_is_one_tab_stop_and_works_with_the_keyboard_alone() =>
        InBrowserAsync(async page =>
        {
            await SignInAsync(page);
            await page.GotoAsync($"/umbraco/content/create?parent={Home}&type=contentPage");

            // Tab from the field before it: the toolbar is one stop (its first button), the text the next.
            await page.GetByLabel("Summary").FocusAsync();
            await page.Keyboard.PressAsync("Tab");
            await Expect(Tool(page, "Bold")).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Tab");
            await Expect(BodyText(page)).ToBeFocusedAsync();

            await page.Keyboard.TypeAsync("Typed heading");
            await page.Keyboard.PressAsync("Alt+F10");
            await Expect(Tool(page, "Bold")).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("ArrowRight");
            await page.Keyboard.PressAsync("ArrowRight");
            await Expect(Tool(page, "Heading 2")).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(BodyText(page)).ToBeFocusedAsync();
            await Expect(BodyText(page).Locator("h2")).ToHaveTextAsync("Typed heading");

            // A link, from the keyboard: a script address is refused beside the field, a web address is applied.
            await page.Keyboard.PressAsync("Control+A");
            await page.Keyboard.PressAsync("Alt+F10");
            await Expect(Tool(page, "Heading 2")).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("End");
            await Expect(Tool(page, "Link")).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.GetByLabel("Link address")).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync("javascript:alert(1)");
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Use a web address");
            await page.GetByLabel("Link address").FillAsync("https://www.internetsociety.org/");
            await page.Keyboard.PressAsync("Enter");
            await Expect(BodyText(page).Locator("h2 a")).ToHaveAttributeAsync("href", "https://www.internetsociety.org/");

            // What the form will post is the editor's HTML, in the hidden field that replaced the textarea.
            var posted = await page.Locator("input[type=hidden][name='values[bodyText]']").InputValueAsync();
            Assert.Contains("<h2><a", posted, StringComparison.Ordinal);
            Assert.Contains("Typed heading</a></h2>", posted, StringComparison.Ordinal);
        });

    [Fact]
    public Task The_markdown_preview_follows_the_text_as_the_editor_types() =>
        InBrowserAsync(async page =>
        {
            await SignInAsync(page);
            await page.GotoAsync($"/umbraco/content/{PrivacyPolicy}");
            var body = page.GetByRole(AriaRole.Textbox, new() { Name = "Body text" });

            await body.FillAsync("# What we collect\n\nOnly **what we need**.");

            var preview = page.GetByRole(AriaRole.Region, new() { Name = "Preview: Body text" });
            await Expect(preview.GetByRole(AriaRole.Heading, new() { Level = 2, Name = "What we collect" })).ToBeVisibleAsync();
            await Expect(preview.Locator("strong")).ToHaveTextAsync("what we need");
        });

    [Theory]
    [InlineData(Home, "rich-text-editor")]
    [InlineData(PrivacyPolicy, "markdown-editor")]
    public Task Axe_finds_no_serious_or_critical_violations_on_the_editor(string key, string name) =>
        InBrowserAsync(
            async page =>
            {
                await SignInAsync(page);
                await page.GotoAsync($"/umbraco/content/{key}");
                await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true })).ToBeVisibleAsync();

                var result = await page.RunAxe();

                var blocking = result.Violations.Where(v => BlockingImpacts.Contains(v.Impact, StringComparer.OrdinalIgnoreCase)).ToList();
                foreach (var minor in result.Violations.Except(blocking))
                {
                    Output.WriteLine($"  not blocking: {minor.Id} ({minor.Impact}): {minor.Help}");
                }

                Assert.True(blocking.Count == 0, $"axe-core found {blocking.Count} serious or critical violation(s):{Environment.NewLine}{Describe(blocking)}");
            },
            variant: name);

    private static string Describe(IEnumerable<AxeResultItem> violations) =>
        string.Join(
            Environment.NewLine,
            violations.Select(v => $"- {v.Id} ({v.Impact}): {v.Help}{Environment.NewLine}" + string.Join(Environment.NewLine, v.Nodes.Select(n => $"    at {n.Target}: {n.Html}"))));
}

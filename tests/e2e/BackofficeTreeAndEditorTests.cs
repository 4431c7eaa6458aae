using Deque.AxeCore.Playwright;
using Isoc.E2E.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Isoc.E2E;

/// <summary>
/// The signed-in backoffice's own pages: the tree folds with the keyboard, the editor warns before unsaved changes
/// are lost, and axe-core finds nothing serious or critical on the tree, approvals, recycle bin, sort and actions pages.
/// </summary>
public sealed class BackofficeTreeAndEditorTests(SiteProcess site, ChromiumBrowser chromium, ITestOutputHelper output)
    : BrowserTest(site, chromium, output)
{
    private static readonly string[] BlockingImpacts = ["serious", "critical"];

    [Fact]
    public Task The_tree_folds_and_unfolds_with_the_keyboard() =>
        InBrowserAsync(async page =>
        {
            await BackofficeSteps.SignInAsync(page, Site.WriterEmail, Site.WriterPassword);
            var toggle = page.GetByRole(AriaRole.Button, new() { Name = "Show or hide the pages under Internet Society" });
            var child = page.GetByRole(AriaRole.Navigation, new() { Name = "Content tree" }).GetByRole(AriaRole.Link, new() { Name = "About", Exact = true });
            await Expect(child).ToBeVisibleAsync();

            await toggle.FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
            await Expect(child).ToBeHiddenAsync();

            await page.Keyboard.PressAsync("Space");
            await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
            await Expect(child).ToBeVisibleAsync();
        });

    [Fact]
    public Task Leaving_the_editor_with_unsaved_changes_asks_first() =>
        InBrowserAsync(async page =>
        {
            await BackofficeSteps.SignInAsync(page, Site.WriterEmail, Site.WriterPassword);
            await page.GetByRole(AriaRole.Navigation, new() { Name = "Content tree" }).GetByRole(AriaRole.Link, new() { Name = "About", Exact = true }).ClickAsync();
            await page.GetByLabel("Summary").FillAsync("Half-typed words");
            var asked = new TaskCompletionSource<string>();
            page.Dialog += async (_, dialog) =>
            {
                asked.TrySetResult(dialog.Type);
                await dialog.DismissAsync();
            };

            // Playwright only runs beforeunload handlers when asked to, as a browser does when a person leaves.
            await page.CloseAsync(new() { RunBeforeUnload = true });

            Assert.Equal("beforeunload", await asked.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        });

    [Theory]
    [InlineData("/umbraco", "tree")]
    [InlineData("/umbraco/approvals", "approvals")]
    [InlineData("/umbraco/recycle-bin", "recycle-bin")]
    [InlineData("/umbraco/content/sort", "sort-root")]
    public Task Axe_finds_no_serious_or_critical_violations_in_the_backoffice(string path, string name) =>
        InBrowserAsync(
            async page =>
            {
                await BackofficeSteps.SignInAsync(page, Site.AdminEmail, Site.AdminPassword);
                await page.GotoAsync(path);
                await AssertNoBlockingViolationsAsync(page, path);

                // The actions page of the first page in the tree.
                if (name == "tree")
                {
                    await page.GetByRole(AriaRole.Link, new() { Name = "actions for Internet Society" }).ClickAsync();
                    await AssertNoBlockingViolationsAsync(page, page.Url);
                }
            },
            variant: name);

    private async Task AssertNoBlockingViolationsAsync(IPage page, string path)
    {
        var result = await page.RunAxe();
        var blocking = result.Violations.Where(v => BlockingImpacts.Contains(v.Impact, StringComparer.OrdinalIgnoreCase)).ToList();
        Output.WriteLine($"axe-core on {path}: {result.Passes.Length} rules passed, {result.Violations.Length} violated.");
        Assert.True(blocking.Count == 0, $"axe-core found on {path}:{Environment.NewLine}" + string.Join(Environment.NewLine, blocking.Select(v => $"- {v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Html))}")));
    }
}

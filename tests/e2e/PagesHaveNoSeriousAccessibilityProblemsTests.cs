using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Isoc.E2E.Infrastructure;
using Xunit.Abstractions;

namespace Isoc.E2E;

/// <summary>axe-core finds nothing serious or critical on the home pages of both languages, the not-found page, the backoffice sign-in and the settings section.</summary>
public sealed class PagesHaveNoSeriousAccessibilityProblemsTests(SiteProcess site, ChromiumBrowser chromium, ITestOutputHelper output)
    : BrowserTest(site, chromium, output)
{
    private static readonly string[] BlockingImpacts = ["serious", "critical"];

    [Theory]
    [InlineData("/", "home-en")]
    [InlineData("/et/", "home-et")]
    [InlineData("/et/no-such-page/", "not-found-et")]
    [InlineData("/umbraco/login", "backoffice-sign-in")]
    public Task Axe_finds_no_serious_or_critical_violations(string path, string name) =>
        InBrowserAsync(
            async page =>
            {
                await page.GotoAsync(path);

                var result = await page.RunAxe();

                var blocking = result.Violations.Where(IsBlocking).ToList();
                Output.WriteLine($"axe-core {result.TestEngine?.Version} on {path}: {result.Passes.Length} rules passed, {result.Violations.Length} violated.");
                foreach (var minor in result.Violations.Where(v => !IsBlocking(v)))
                {
                    Output.WriteLine($"  not blocking: {minor.Id} ({minor.Impact}): {minor.Help}");
                }

                Assert.True(blocking.Count == 0, $"axe-core found {blocking.Count} serious or critical violation(s) on {path}:{Environment.NewLine}{Describe(blocking)}");
            },
            variant: name);

    [Theory]
    [InlineData("/umbraco/settings", "settings")]
    [InlineData("/umbraco/settings/document-types", "document-types")]
    [InlineData("/umbraco/settings/document-types/b1a7c3d2-1111-4a6e-8c1b-000000000002", "document-type")]
    [InlineData("/umbraco/settings/document-types/create", "document-type-new")]
    [InlineData("/umbraco/settings/data-types", "data-types")]
    [InlineData("/umbraco/settings/data-types/0cc0eba1-9960-42c9-bf9b-60e150b429ae", "data-type")]
    [InlineData("/umbraco/settings/usync", "usync")]
    [InlineData("/umbraco/users", "users")]
    [InlineData("/umbraco/users/create", "user-new")]
    public Task Axe_finds_no_serious_or_critical_violations_in_the_settings_section(string path, string name) =>
        InBrowserAsync(
            async page =>
            {
                await page.GotoAsync("/umbraco/login");
                await page.GetByLabel("Email address").FillAsync(Site.AdminEmail);
                await page.GetByLabel("Password").FillAsync(Site.AdminPassword);
                await page.GetByLabel("Password").PressAsync("Enter");
                await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/umbraco$"));
                await page.GotoAsync(path);

                var result = await page.RunAxe();

                var blocking = result.Violations.Where(IsBlocking).ToList();
                Assert.True(blocking.Count == 0, $"axe-core found {blocking.Count} serious or critical violation(s) on {path}:{Environment.NewLine}{Describe(blocking)}");
            },
            variant: name);

    private static bool IsBlocking(AxeResultItem violation) => BlockingImpacts.Contains(violation.Impact, StringComparer.OrdinalIgnoreCase);

    private static string Describe(IEnumerable<AxeResultItem> violations) =>
        string.Join(
            Environment.NewLine,
            violations.Select(v =>
                $"- {v.Id} ({v.Impact}): {v.Help} {v.HelpUrl}{Environment.NewLine}"
                + string.Join(Environment.NewLine, v.Nodes.Select(n => $"    at {n.Target}: {n.Html}"))));
}

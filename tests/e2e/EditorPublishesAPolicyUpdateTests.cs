using System.Globalization;
using System.Text.RegularExpressions;
using Isoc.E2E.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Isoc.E2E;

/// <summary>
/// An editor publishes a new version of the privacy policy with a summary, in English and Estonian: the home page
/// announces it in both languages, the public diff shows the change, the old version stays at its URL, and the
/// backoffice history compares the new text with the previous one.
/// </summary>
public sealed partial class EditorPublishesAPolicyUpdateTests(SiteProcess site, ChromiumBrowser chromium, ITestOutputHelper output)
    : BrowserTest(site, chromium, output)
{
    private const string PolicyKey = "e0000000-0000-4000-8000-000000000005";

    [Fact]
    public Task An_editor_publishes_a_policy_update_and_visitors_see_the_notice_the_diff_and_the_old_version() =>
        InBrowserAsync(async page =>
        {
            var suffix = Guid.NewGuid().ToString("N")[..6];
            var paragraph = $"We ask before we set any cookie that is not necessary ({suffix}).";
            const string summary = "We now explain how we ask for cookie consent.";
            const string estonianSummary = "Selgitame nüüd, kuidas küsime küpsiste jaoks nõusolekut.";
            var today = DateTime.UtcNow.Date;
            var todayIso = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

            await page.GotoAsync("/umbraco/login");
            await page.GetByLabel("Email address").FillAsync(Site.AdminEmail);
            await page.GetByLabel("Password").FillAsync(Site.AdminPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "+ child page under Internet Society" })).ToBeVisibleAsync();

            // English: the new text, the date it takes effect (today) and the summary visitors will read.
            await page.GotoAsync($"/umbraco/content/{PolicyKey}");
            // The Markdown editor has a preview region named after the field too: the text box is the one to type in.
            var body = page.GetByRole(AriaRole.Textbox, new() { Name = "Body text" });
            await body.FillAsync(await body.InputValueAsync() + $"\n\n### Cookies\n\n{paragraph}\n");
            await page.GetByLabel("Effective date").FillAsync(todayIso + "T00:00");
            await page.GetByLabel("Change summary").FillAsync(summary);
            await page.GetByRole(AriaRole.Button, new() { Name = "Save and publish" }).ClickAsync();
            await Expect(page.Locator(".bo-notice[role=status]")).ToContainTextAsync("Published in en-US");

            // Estonian: the policy's first Estonian text, published under the Estonian URL.
            await page.GetByRole(AriaRole.Navigation, new() { Name = "Culture" }).GetByRole(AriaRole.Link, new() { Name = "Estonian" }).ClickAsync();
            await page.GetByLabel("Name").FillAsync("Privaatsuspoliitika");
            await page.GetByRole(AriaRole.Textbox, new() { Name = "Body text" }).FillAsync($"# Privaatsuspoliitika\n\nKüsime enne, kui seame küpsise, mis pole vajalik ({suffix}).");
            await page.GetByLabel("Change summary").FillAsync(estonianSummary);
            await page.GetByRole(AriaRole.Button, new() { Name = "Save and publish" }).ClickAsync();
            await Expect(page.Locator(".bo-notice[role=status]")).ToContainTextAsync("Published in et-EE");

            // The home page's notice, in English, leads to the public diff.
            await page.GotoAsync("/");
            var notice = page.GetByRole(AriaRole.Complementary, new() { Name = "Notices" });
            await Expect(notice).ToContainTextAsync($"We updated our privacy policy on {today.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-US"))}: {summary}");
            await notice.GetByRole(AriaRole.Link, new() { Name = "See what changed." }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/privacy-policy/compare/\\?from=2011-12-15&to={todayIso}$"));
            await Expect(page.Locator("[data-policy-diff] p[data-change=inserted] ins")).ToHaveTextAsync(paragraph);
            await Expect(page.Locator("[data-policy-diff] h2[data-change=inserted]").Last).ToHaveTextAsync("Cookies");

            // The Estonian home page says the same in Estonian.
            await page.GotoAsync("/et/");
            var estonianNotice = page.GetByRole(AriaRole.Complementary, new() { Name = "Teated" });
            await Expect(estonianNotice).ToContainTextAsync($"Uuendasime oma privaatsuspoliitikat {today.ToString("d. MMMM yyyy", CultureInfo.GetCultureInfo("et-EE"))}: {estonianSummary}");
            await Expect(estonianNotice.GetByRole(AriaRole.Link, new() { Name = "Vaata, mis muutus." })).ToHaveAttributeAsync("href", $"/et/privaatsuspoliitika/compare/?from=2011-12-15&to={todayIso}");

            // The old version stays where it was, without the new text; the policy page links to it.
            await page.GotoAsync("/privacy-policy/");
            await Expect(page.GetByText(paragraph)).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Region, new() { Name = "Earlier versions" }).GetByRole(AriaRole.Link, new() { Name = "15 December 2011" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/privacy-policy/versions/2011-12-15/$"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Version of 15 December 2011");
            await Expect(page.GetByText("We make no attempt to link them")).ToBeVisibleAsync();
            await Expect(page.GetByText(paragraph)).ToHaveCountAsync(0);

            // In the backoffice, the editor compares the published text with the one before it.
            await page.GotoAsync($"/umbraco/content/{PolicyKey}/versions");
            await page.GetByRole(AriaRole.Radio, new() { NameRegex = FromVersion() }).Last.CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();
            var bodyDiff = page.GetByRole(AriaRole.Region, new() { Name = "Body text" });
            await Expect(bodyDiff.Locator("ins").Filter(new() { HasText = paragraph })).ToHaveCountAsync(1);
        });

    [GeneratedRegex("^Compare from version")]
    private static partial Regex FromVersion();
}

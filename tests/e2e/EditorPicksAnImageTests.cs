using Deque.AxeCore.Playwright;
using Isoc.E2E.Infrastructure;
using Microsoft.Playwright;
using SkiaSharp;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Isoc.E2E;

/// <summary>An editor uploads an image with alt text, picks it on a new page, publishes, and visitors see it with its alt text.</summary>
public sealed class EditorPicksAnImageTests(SiteProcess site, ChromiumBrowser chromium, ITestOutputHelper output)
    : BrowserTest(site, chromium, output)
{
    [Fact]
    public Task An_editor_uploads_an_image_with_alt_text_picks_it_on_a_page_and_the_site_shows_it() =>
        InBrowserAsync(async page =>
        {
            var suffix = Guid.NewGuid().ToString("N")[..6];
            var imageTitle = $"Harbour {suffix}";
            var altText = $"Boats moored in Tallinn harbour {suffix}";
            var pageTitle = $"Our harbour {suffix}";

            await page.GotoAsync("/umbraco/login");
            await page.GetByLabel("Email address").FillAsync(Site.AdminEmail);
            await page.GetByLabel("Password").FillAsync(Site.AdminPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

            await page.GetByRole(AriaRole.Navigation, new() { Name = "Account" }).GetByRole(AriaRole.Link, new() { Name = "Media" }).ClickAsync();
            await page.GetByLabel("File", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "harbour.png", MimeType = "image/png", Buffer = Png(1200, 600) });
            await page.GetByLabel("Name (optional").FillAsync(imageTitle);
            await page.GetByLabel("Alt text").FillAsync(altText);
            await page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Uploaded {imageTitle}");
            await AssertAccessibleAsync(page);

            await page.GetByRole(AriaRole.Navigation, new() { Name = "Account" }).GetByRole(AriaRole.Link, new() { Name = "Content" }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "+ child page under Internet Society" }).ClickAsync();
            await page.GetByLabel("Content page").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
            await page.GetByLabel("Name", new() { Exact = false }).First.FillAsync(pageTitle);
            // The rich text editor (a textbox with a formatting toolbar beside it) or, without its script, a plain textarea.
            await BackofficeSteps.FillRichTextAsync(page, "Body text", "Where the ferries come in.");
            await page.GetByText("Choose media").ClickAsync();
            await page.GetByRole(AriaRole.Radio, new() { Name = imageTitle }).CheckAsync();
            await AssertAccessibleAsync(page, page.Locator(".bo-picker"));
            await page.GetByRole(AriaRole.Button, new() { Name = "Save and publish" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("published in en-US");
            await Expect(page.GetByText($"Picked: {imageTitle}")).ToBeVisibleAsync();

            await page.GotoAsync($"/our-harbour-{suffix}/");
            var image = page.GetByRole(AriaRole.Img, new() { Name = altText });
            await Expect(image).ToBeVisibleAsync();
            await Expect(image).ToHaveAttributeAsync("srcset", new System.Text.RegularExpressions.Regex(@"width=160 160w, .*width=960 960w, .* 1200w$"));
            var naturalWidth = await image.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : 0");
            Assert.True(naturalWidth > 0, "The picture loaded in the browser");
        });

    /// <summary>axe-core finds nothing serious or critical on the media page, or in the open picker of the editor.</summary>
    private static async Task AssertAccessibleAsync(IPage page, ILocator? only = null)
    {
        var result = only is null ? await page.RunAxe() : await only.RunAxe();
        var blocking = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(blocking.Count == 0, $"axe-core on {page.Url}: " + string.Join("; ", blocking.Select(v => $"{v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Html))}")));
    }

    private static byte[] Png(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(0x2a, 0x6f, 0x97));
            using var paint = new SKPaint { Color = new SKColor(0xf4, 0xf1, 0xde) };
            canvas.DrawRect(width / 4f, height / 2f, width / 2f, height / 6f, paint);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 90);
        return data.ToArray();
    }
}

using Isoc.Tests.Infrastructure;

namespace Isoc.Tests.Consent;

/// <summary>
/// The banner is drawn from a cached rendering with the page's own address put in: every page, language and
/// consent state must still get exactly the banner its own rendering would give.
/// </summary>
public sealed class ConsentBannerRenderingTests(SqliteCmsFactory f) : IClassFixture<SqliteCmsFactory>
{
    [Fact]
    public async Task Each_page_banner_returns_to_that_page_in_its_language_and_state()
    {
        using var visitor = new ConsentVisitor(f);
        foreach (var (url, culture, heading) in new[] { ("/", "en-US", "Cookies on this site"), ("/about/", "en-US", "Cookies on this site"), ("/et/meist/", "et-EE", "Küpsised sellel saidil"), ("/about/", "en-US", "Cookies on this site") })
        {
            var page = await visitor.PageAsync(url);
            var form = page.QuerySelector("section#consent form")!;
            Assert.Equal(url, form.QuerySelector("input[name=returnUrl]")!.GetAttribute("value"));
            Assert.Equal(culture, form.QuerySelector("input[name=culture]")!.GetAttribute("value"));
            Assert.Equal(heading, page.QuerySelector("#consent-heading")!.TextContent);
            Assert.Null(page.QuerySelector("[data-consent-gpc]"));
        }

        visitor.Headers["Sec-GPC"] = "1";
        var gpc = await visitor.PageAsync("/contact/");
        Assert.NotNull(gpc.QuerySelector("[data-consent-gpc]"));
        Assert.Equal("/contact/", gpc.QuerySelector("section#consent input[name=returnUrl]")!.GetAttribute("value"));

        var settings = await visitor.PageAsync("/about/?cookie-settings");
        Assert.Equal("Cookie settings", settings.QuerySelector("#consent-heading")!.TextContent);
        Assert.False(settings.QuerySelector("#consent-choices")!.HasAttribute("hidden"));
    }
}

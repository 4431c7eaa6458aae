namespace Isoc.E2E.Infrastructure;

/// <summary>The browser tests share one running site and one browser, and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class RunningSiteInChromium : ICollectionFixture<SiteProcess>, ICollectionFixture<ChromiumBrowser>
{
    public const string Name = "Running site in Chromium";
}

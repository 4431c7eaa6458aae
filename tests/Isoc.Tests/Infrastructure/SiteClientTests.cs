namespace Isoc.Tests.Infrastructure;

/// <summary>
/// Base of the tests that read the site over HTTP through one host: the factory (<see cref="Cms"/>), a client that
/// does not follow redirects (so 301s can be asserted), and the test document types in place.
/// </summary>
public abstract class SiteClientTests(CmsFactory factory) : IAsyncLifetime
{
    protected static readonly CancellationToken None = CancellationToken.None;

    protected CmsFactory Cms { get; } = factory;

    protected HttpClient Http { get; } = factory.CreateSiteClient();

    public Task InitializeAsync() => Cms.EnsureTestTypesAsync();

    public Task DisposeAsync()
    {
        Http.Dispose();
        return Task.CompletedTask;
    }
}

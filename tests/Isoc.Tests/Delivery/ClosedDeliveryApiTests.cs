using System.Net;
using Isoc.Cms;
using Isoc.Cms.Delivery;
using Isoc.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Isoc.Tests.Delivery;

/// <summary>A Delivery API with public access off: every request needs the key, and the output cache never serves a keyed answer to anyone else.</summary>
public sealed class ClosedDeliveryApiTests : IAsyncLifetime
{
    private const string Key = "closed-api-key-0123456789abcdef";
    private const string Url = "/umbraco/delivery/api/v2/content/item/e0000000-0000-4000-8000-000000000002";
    private CmsFactory? _factory;

    public async Task InitializeAsync() =>
        _factory = await CmsFactory.StartNewAsync(DatabaseProvider.Sqlite, new CmsHostOptions
        {
            SchedulerEnabled = false,
            ConfigureServices = services => services.PostConfigure<DeliveryApiOptions>(o =>
            {
                o.Enabled = true;
                o.PublicAccess = false;
                o.ApiKey = Key;
            }),
        });

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }

    private async Task<HttpStatusCode> StatusAsync(string? key)
    {
        using var http = _factory!.CreateSiteClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Url, UriKind.Relative));
        if (key is not null)
        {
            request.Headers.Add("Api-Key", key);
        }

        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task Without_public_access_every_request_needs_the_key_even_when_an_answer_is_cached()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(null));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(Key));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(Key)); // now cached
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(null));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync("wrong-key-0123456789abcdefgh"));
    }
}

/// <summary>A Delivery API switched off: nothing of it answers, not even its OpenAPI document.</summary>
public sealed class DisabledDeliveryApiTests : IAsyncLifetime
{
    private CmsFactory? _factory;

    public async Task InitializeAsync() =>
        _factory = await CmsFactory.StartNewAsync(DatabaseProvider.Sqlite, new CmsHostOptions
        {
            SchedulerEnabled = false,
            ConfigureServices = services => services.PostConfigure<DeliveryApiOptions>(o => o.Enabled = false),
        });

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("/umbraco/delivery/api/v2/content/item/e0000000-0000-4000-8000-000000000002")]
    [InlineData("/umbraco/delivery/api/v2/content?fetch=children:/")]
    [InlineData("/umbraco/delivery/api/v2/openapi.json")]
    public async Task When_disabled_the_api_answers_404(string url)
    {
        using var http = _factory!.CreateSiteClient();
        using var response = await http.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

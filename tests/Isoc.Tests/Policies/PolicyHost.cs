using System.Collections.Concurrent;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Isoc.Cms;
using Isoc.Cms.Content;
using Isoc.Cms.Notifications;
using Isoc.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Isoc.Plugins.Policies;

namespace Isoc.Tests.Policies;

/// <summary>
/// A site of its own for a policy test (versions and time are what these tests change): the seed, a clock the
/// test moves, and every <see cref="PolicyVersionPublishedNotification"/> kept for inspection.
/// </summary>
public sealed class PolicyHost : IAsyncDisposable
{
    /// <summary>The seeded privacy policy (uSync/v17/Content/privacy-policy.config).</summary>
    public static readonly Guid PolicyKey = Guid.Parse("e0000000-0000-4000-8000-000000000005");

    public static readonly DateTimeOffset Start = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private PolicyHost(CmsFactory cms, FakeTimeProvider time, PublishedPolicies published)
    {
        Cms = cms;
        Time = time;
        Published = published;
        Http = cms.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
    }

    public CmsFactory Cms { get; }

    public FakeTimeProvider Time { get; }

    public PublishedPolicies Published { get; }

    public HttpClient Http { get; }

    public IPolicyVersions Versions => Cms.Services.GetRequiredService<IPolicyVersions>();

    public static async Task<PolicyHost> StartAsync(DatabaseProvider provider = DatabaseProvider.Sqlite, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var time = new FakeTimeProvider(Start);
        var published = new PublishedPolicies();
        var cms = await CmsFactory.StartNewAsync(provider, new CmsHostOptions
        {
            Time = time,
            SchedulerEnabled = false,
            Settings = settings ?? new Dictionary<string, string?>(),
            ConfigureServices = s =>
            {
                s.AddSingleton(published);
                s.AddNotificationHandler<PolicyVersionPublishedNotification, PublishedPoliciesHandler>();
            },
        });
        return new PolicyHost(cms, time, published);
    }

    /// <summary>What an editor does: edit the policy in one language (and its invariant date and flag), save, publish that language.</summary>
    public async Task PublishAsync(string culture, string effectiveDate, string body, string? summary, bool material = false, string? name = null)
    {
        var edit = new ContentEdit()
            .WithValue("bodyText", body, culture)
            .WithValue("changeSummary", summary, culture)
            .WithValue("effectiveDate", effectiveDate)
            .WithValue("materialChange", material ? "1" : "0");
        if (name is not null)
        {
            edit.WithName(culture, name);
        }

        var saved = await Cms.ContentAsync(s => s.SaveAsync(PolicyKey, edit, TestContent.User, CancellationToken.None));
        Assert.True(saved.Success, $"save: {saved.Message} {string.Join("; ", saved.Errors.Select(e => e.Message))}");
        var result = await Cms.ContentAsync(s => s.PublishAsync(PolicyKey, [culture], TestContent.User, CancellationToken.None));
        Assert.True(result.Success, $"publish: {result.Message} {string.Join("; ", result.Errors.Select(e => e.Message))}");
    }

    /// <summary>The seeded English text, as the first version holds it.</summary>
    public string SeedBody(string culture = TestContent.En) =>
        Versions.All(PolicyKey)[0].Texts[culture].Body;

    public async Task<IDocument> PageAsync(string url)
    {
        using var response = await Http.GetAsync(new Uri(url, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {html[..Math.Min(html.Length, 500)]}");
        return new HtmlParser().ParseDocument(html);
    }

    public async Task<HttpStatusCode> StatusAsync(string url)
    {
        using var response = await Http.GetAsync(new Uri(url, UriKind.Relative));
        return response.StatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Cms.DisposeAsync();
    }
}

/// <summary>Every policy-version notification the host raised, in order.</summary>
public sealed class PublishedPolicies
{
    public ConcurrentQueue<PolicyVersionPublishedNotification> All { get; } = new();
}

/// <summary>A subscriber as the mailings side would write one.</summary>
public sealed class PublishedPoliciesHandler(PublishedPolicies published) : INotificationHandler<PolicyVersionPublishedNotification>
{
    public Task HandleAsync(PolicyVersionPublishedNotification notification, CancellationToken cancellationToken)
    {
        published.All.Enqueue(notification);
        return Task.CompletedTask;
    }
}

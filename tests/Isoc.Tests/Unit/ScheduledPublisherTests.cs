using Isoc.Cms;
using Isoc.Cms.Data;
using Isoc.Cms.Publishing;
using Isoc.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Isoc.Tests.Unit;

/// <summary>
/// The scheduler's rule on a clock the test moves: an item runs once its time has come, never before.
/// A SQLite host without the seed and without the background service; the test calls RunDueAsync itself.
/// </summary>
public sealed class ScheduledPublisherTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private CmsFactory _factory = null!;
    private Guid _home;

    public async Task InitializeAsync()
    {
        _factory = await CmsFactory.StartNewAsync(DatabaseProvider.Sqlite, new CmsHostOptions { Time = _time, SchedulerEnabled = false, ImportUSync = false });
        try
        {
            await _factory.EnsureTestTypesAsync();
            _home = (await _factory.CreateAsync(TestContent.TestHome, null, new Dictionary<string, string> { [TestContent.En] = "Home", [TestContent.Et] = "Avaleht" }, [TestContent.En, TestContent.Et])).Key;
        }
        catch
        {
            await _factory.DisposeAsync(); // xunit does not dispose a test whose InitializeAsync failed
            throw;
        }
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private Task<int> RunDueAsync() => _factory.Services.GetRequiredService<ScheduledPublisher>().RunDueAsync(CancellationToken.None);

    private async Task<Guid> DraftAsync() =>
        (await _factory.CreateAsync(TestContent.TestPage, _home, new Dictionary<string, string> { [TestContent.En] = TestContent.Unique("Later"), [TestContent.Et] = TestContent.Unique("Hiljem") })).Key;

    private async Task Schedule(Guid key, ScheduledAction action, string? culture, TimeSpan fromNow) =>
        Assert.True((await _factory.ContentAsync(s => s.ScheduleAsync(key, action, culture, _time.GetUtcNow().UtcDateTime + fromNow, TestContent.User, CancellationToken.None))).Success);

    [Fact]
    public async Task A_scheduled_publish_waits_for_its_time_and_then_goes_live()
    {
        var key = await DraftAsync();
        await Schedule(key, ScheduledAction.Publish, null, TimeSpan.FromHours(1));

        Assert.Equal(0, await RunDueAsync());
        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(0, await RunDueAsync());
        Assert.Null(_factory.Snapshot.Get(key));

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await RunDueAsync());

        Assert.NotNull(_factory.Snapshot.GetPath(key, TestContent.En));
        Assert.NotNull(_factory.Snapshot.GetPath(key, TestContent.Et));
        var item = await _factory.ContentAsync(s => s.GetAsync(key, CancellationToken.None));
        Assert.Equal(Start.UtcDateTime.AddHours(1), item!.Published[TestContent.En].PublishedAt);
        Assert.StartsWith("scheduler", item.Published[TestContent.En].PublishedBy, StringComparison.Ordinal);
        Assert.Empty(await _factory.ContentAsync(s => s.GetScheduleAsync(key, CancellationToken.None)));
    }

    [Fact]
    public async Task A_scheduled_publish_of_one_culture_publishes_only_that_culture()
    {
        var key = await DraftAsync();
        await Schedule(key, ScheduledAction.Publish, "et-ee", TimeSpan.FromMinutes(5));

        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, await RunDueAsync());

        Assert.NotNull(_factory.Snapshot.GetPath(key, TestContent.Et));
        Assert.Null(_factory.Snapshot.GetPath(key, TestContent.En));
    }

    [Fact]
    public async Task A_scheduled_unpublish_takes_the_page_down_at_its_time()
    {
        var key = await DraftAsync();
        await _factory.ContentAsync(s => s.PublishAsync(key, null, TestContent.User, CancellationToken.None));
        await Schedule(key, ScheduledAction.Unpublish, null, TimeSpan.FromDays(1));

        _time.Advance(TimeSpan.FromHours(23));
        Assert.Equal(0, await RunDueAsync());
        Assert.NotNull(_factory.Snapshot.GetPath(key, TestContent.En));

        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await RunDueAsync());
        Assert.Null(_factory.Snapshot.Get(key));
    }

    [Fact]
    public async Task A_scheduled_publish_that_is_refused_keeps_its_reason_and_is_not_retried()
    {
        var key = (await _factory.CreateAsync(TestContent.TestPage, _home, new Dictionary<string, string> { [TestContent.En] = TestContent.Unique(CmsFactory.RefusedPrefix + "later") })).Key;
        await Schedule(key, ScheduledAction.Publish, null, TimeSpan.FromMinutes(1));

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await RunDueAsync());
        Assert.Equal(0, await RunDueAsync());

        var schedule = Assert.Single(await _factory.ContentAsync(s => s.GetScheduleAsync(key, CancellationToken.None)));
        Assert.Equal(CmsFactory.RefusedMessage, schedule.LastError);
        Assert.Null(_factory.Snapshot.Get(key));
    }
}

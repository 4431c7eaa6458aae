using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Isoc.Plugins.Analytics;

/// <summary>One counted page view: what the tables keep, and nothing about who.</summary>
/// <param name="NewVisitor">The visitor had no visitor cookie for this day yet (counted once per day as a visitor).</param>
public sealed record PageView(DateOnly Day, string Path, string Culture, string? ReferrerHost, bool NewVisitor);

/// <summary>Counts page views. Counting is cheap and never waits for the database.</summary>
public interface IPageViewCounter
{
    /// <summary>Queues a view; false when the queue is full (a burst beyond capacity), and the view is dropped.</summary>
    bool TryCount(PageView view);
}

/// <summary>
/// Page views go through a bounded channel to one background writer, which adds them up in memory for
/// <see cref="AnalyticsOptions.FlushInterval"/> and then writes the sums in one transaction: one upsert per
/// distinct page, referrer and day, however many views arrived. A burst of thousands of views a second is a
/// handful of statements every couple of seconds. Queued views are written when the site stops.
/// </summary>
internal sealed partial class BatchingPageViewCounter : BackgroundService, IPageViewCounter
{
    private readonly Channel<PageView> _queue;
    private readonly IAnalyticsDbContextFactory _contexts;
    private readonly TimeSpan _interval;
    private readonly ILogger<BatchingPageViewCounter> _logger;
    private long _dropped;

    public BatchingPageViewCounter(IAnalyticsDbContextFactory contexts, IOptions<AnalyticsOptions> options, ILogger<BatchingPageViewCounter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _contexts = contexts;
        _logger = logger;
        _interval = options.Value.FlushInterval;
        _queue = Channel.CreateBounded<PageView>(new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public bool TryCount(PageView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (_queue.Writer.TryWrite(view))
        {
            return true;
        }

        if (Interlocked.Increment(ref _dropped) % 1000 == 1)
        {
            LogDropped(_logger, Interlocked.Read(ref _dropped));
        }

        return false;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Ends when the queue is completed and empty, so views queued before the stop are still written.
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            try
            {
                await Task.Delay(_interval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping: write what is queued now instead of waiting for the interval.
            }

            var batch = new PageViewBatch();
            while (_queue.Reader.TryRead(out var view))
            {
                batch.Add(view);
            }

            await WriteAsync(batch).ConfigureAwait(false);
        }
    }

    private async Task WriteAsync(PageViewBatch batch)
    {
        if (batch.IsEmpty)
        {
            return;
        }

        try
        {
            var db = await _contexts.CreateAsync(CancellationToken.None).ConfigureAwait(false);
            await using (db.ConfigureAwait(false))
            {
                var strategy = db.Database.CreateExecutionStrategy();
                await strategy.ExecuteAsync(async () =>
                {
                    await using var transaction = await db.Database.BeginTransactionAsync().ConfigureAwait(false);
                    await batch.WriteAsync(db).ConfigureAwait(false);
                    await transaction.CommitAsync().ConfigureAwait(false);
                }).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // Counts are not worth stopping the writer for: log, drop this batch, keep counting.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogWriteFailed(_logger, exception, batch.Views);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The page-view queue is full; {Dropped} views dropped so far")]
    private static partial void LogDropped(ILogger logger, long dropped);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing {Views} page views failed; they are not counted")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, long views);
}

/// <summary>Views added up by what the tables key on, then written as increments.</summary>
internal sealed class PageViewBatch
{
    private readonly Dictionary<(DateOnly Day, string Path, string Culture), long> _pages = [];
    private readonly Dictionary<(DateOnly Day, string Host), long> _referrers = [];
    private readonly Dictionary<DateOnly, (long Views, long Visitors)> _days = [];

    public long Views { get; private set; }

    public bool IsEmpty => Views == 0;

    public void Add(PageView view)
    {
        Views++;
        var page = (view.Day, view.Path, view.Culture);
        _pages[page] = _pages.GetValueOrDefault(page) + 1;
        if (view.ReferrerHost is { } host)
        {
            _referrers[(view.Day, host)] = _referrers.GetValueOrDefault((view.Day, host)) + 1;
        }

        var day = _days.GetValueOrDefault(view.Day);
        _days[view.Day] = (day.Views + 1, day.Visitors + (view.NewVisitor ? 1 : 0));
    }

    /// <summary>
    /// Adds the sums to the stored counts. "INSERT … ON CONFLICT … DO UPDATE" reads the same on SQLite and
    /// PostgreSQL, and adds atomically, so several nodes can count into one database.
    /// </summary>
    public async Task WriteAsync(AnalyticsDbContext db)
    {
        foreach (var ((day, path, culture), views) in _pages)
        {
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO analytics_page_views (day, path, culture, views) VALUES ({day}, {path}, {culture}, {views}) ON CONFLICT (day, path, culture) DO UPDATE SET views = analytics_page_views.views + excluded.views")
                .ConfigureAwait(false);
        }

        foreach (var ((day, host), views) in _referrers)
        {
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO analytics_referrers (day, host, views) VALUES ({day}, {host}, {views}) ON CONFLICT (day, host) DO UPDATE SET views = analytics_referrers.views + excluded.views")
                .ConfigureAwait(false);
        }

        foreach (var (day, (views, visitors)) in _days)
        {
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO analytics_days (day, views, visitors) VALUES ({day}, {views}, {visitors}) ON CONFLICT (day) DO UPDATE SET views = analytics_days.views + excluded.views, visitors = analytics_days.visitors + excluded.visitors")
                .ConfigureAwait(false);
        }
    }
}

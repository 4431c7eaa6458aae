using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Isoc.Plugins.Consent;

/// <summary>Writes consent records. A record is durable (committed) when the returned task completes.</summary>
public interface IConsentRecorder
{
    Task RecordAsync(ConsentRecord record, CancellationToken cancellationToken);
}

/// <summary>Makes the provider's consent context; the recorder and the queries need nothing more.</summary>
internal interface IConsentDbContextFactory
{
    Task<ConsentDbContext> CreateAsync(CancellationToken cancellationToken);
}

internal sealed class ConsentDbContextFactory<TContext>(IDbContextFactory<TContext> factory) : IConsentDbContextFactory
    where TContext : ConsentDbContext
{
    public async Task<ConsentDbContext> CreateAsync(CancellationToken cancellationToken) =>
        await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
}

/// <summary>
/// Batches records through a channel to one background writer, which commits each batch in one transaction:
/// SQLite has one writer at a time, and a thousand choices a second as single-row transactions would queue
/// on its lock, while a few batches a second do not. Nothing is lost: a caller's task completes only after
/// its batch committed (and fails if it did not), and on shutdown the writer drains the queue before it stops.
/// </summary>
internal sealed partial class BatchingConsentRecorder(IConsentDbContextFactory contexts, ILogger<BatchingConsentRecorder> logger)
    : BackgroundService, IConsentRecorder
{
    /// <summary>Enough to amortise a commit; small enough that one batch stays a short transaction.</summary>
    public const int MaxBatchSize = 500;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    public async Task RecordAsync(ConsentRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var pending = new Pending(record, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            // The writer has stopped (the host is shutting down): write this one directly rather than drop it.
            await WriteAsync([pending], CancellationToken.None).ConfigureAwait(false);
        }

        // The caller may stop waiting (the visitor went away), but the record is still written.
        await pending.Written.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // No new records into the queue; the loop below drains what is there and then ends.
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The loop ends when the queue is completed and empty, not when stopping is requested: queued records are still written.
        var batch = new List<Pending>(MaxBatchSize);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (batch.Count < MaxBatchSize && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            await WriteAsync(batch, CancellationToken.None).ConfigureAwait(false);
            batch.Clear();
        }
    }

    private async Task WriteAsync(IReadOnlyList<Pending> batch, CancellationToken cancellationToken)
    {
        try
        {
            var db = await contexts.CreateAsync(cancellationToken).ConfigureAwait(false);
            await using (db.ConfigureAwait(false))
            {
                var strategy = db.Database.CreateExecutionStrategy();
                await strategy.ExecuteAsync(async () =>
                {
                    db.ChangeTracker.Clear();
                    await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                    db.Records.AddRange(batch.Select(p => p.Record));
                    await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }).ConfigureAwait(false);
            }

            foreach (var pending in batch)
            {
                pending.Written.TrySetResult();
            }
        }
#pragma warning disable CA1031 // Any failure must reach the callers waiting on this batch, and the writer must keep running.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogWriteFailed(logger, exception, batch.Count);
            foreach (var pending in batch)
            {
                pending.Written.TrySetException(exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing {Count} consent records failed; the visitors' requests report the failure")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count);

    private sealed record Pending(ConsentRecord Record, TaskCompletionSource Written);
}

using Isoc.Cms.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Isoc.Cms.Publishing;

/// <summary>Carries out scheduled publishes and unpublishes whose time has come.</summary>
public sealed partial class ScheduledPublisher(IServiceScopeFactory scopeFactory, TimeProvider time, ILogger<ScheduledPublisher> logger)
{
    /// <summary>Runs every change due at or before now; returns how many were carried out.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var content = scope.ServiceProvider.GetRequiredService<IContentService>();
        var due = await db.ScheduledChanges.Where(s => s.DueAt <= now && s.LastError == null).OrderBy(s => s.DueAt).ThenBy(s => s.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var done = 0;
        foreach (var change in due)
        {
            var user = $"scheduler (for {change.RequestedBy})";
            var result = change.Action == ScheduledAction.Publish
                ? await content.PublishAsync(change.NodeKey, change.Culture is null ? null : [change.Culture], user, cancellationToken).ConfigureAwait(false)
                : await content.UnpublishAsync(change.NodeKey, change.Culture, user, cancellationToken).ConfigureAwait(false);
            if (result.Success)
            {
                db.ScheduledChanges.Remove(change);
                done++;
            }
            else
            {
                // Kept with its error so an editor sees why it did not happen; not retried blindly.
                change.LastError = string.Join("; ", new[] { result.Message }.Concat(result.Errors.Select(e => $"{e.Alias} {e.Culture}: {e.Message}")).Where(s => !string.IsNullOrEmpty(s)));
                LogFailed(logger, change.Action, change.NodeKey, change.LastError);
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        return done;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduled {Action} of {Key} failed: {Error}")]
    private static partial void LogFailed(ILogger logger, ScheduledAction action, Guid key, string error);
}

/// <summary>Polls for due scheduled changes. One second between polls keeps a due item well within five seconds.</summary>
internal sealed partial class ScheduledPublishingService(
    ScheduledPublisher publisher,
    IOptions<PublishingOptions> options,
    TimeProvider time,
    ILogger<ScheduledPublishingService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SchedulerInterval, time);
        do
        {
            try
            {
                await publisher.RunDueAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogError(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled publishing failed; will try again")]
    private static partial void LogError(ILogger logger, Exception exception);
}

using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Isoc.Plugins.Forms;

/// <summary>Wakes the runner when a submission queued work, so it does not wait for the next poll.</summary>
internal sealed class FormWorkflowSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake or about to be: one wake-up covers every job queued before it runs.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _signal.Dispose();
}

/// <summary>
/// Runs due workflow jobs from the job table. A job is claimed by a conditional update (so two nodes never run
/// the same one) with a lease; a runner that dies mid-job leaves the lease to expire and another takes it over.
/// A failure sets the next attempt after a doubling delay; after the last attempt the job is marked failed and
/// waits in the backoffice for an editor's retry. The entry itself is never touched.
/// </summary>
internal sealed partial class FormWorkflowRunner(
    IFormsDbContextFactory contexts,
    IFormCatalog catalog,
    IEnumerable<IFormWorkflow> workflows,
    IServiceScopeFactory scopes,
    FormWorkflowSignal signal,
    IOptions<FormsOptions> options,
    TimeProvider time,
    ILogger<FormWorkflowRunner> logger) : BackgroundService
{
    private const int BatchSize = 20;
    private readonly Dictionary<string, IFormWorkflow> _workflows = workflows.ToDictionary(w => w.WorkflowAlias, StringComparer.OrdinalIgnoreCase);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await RunDueAsync(stoppingToken).ConfigureAwait(false) > 0)
                {
                }

                await signal.WaitAsync(options.Value.WorkflowPollInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                LogRunnerFailed(logger, ex);
                await Task.Delay(options.Value.WorkflowPollInterval, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Runs the jobs due now; returns how many it ran (a full batch means there may be more).</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        List<long> due;
        var db = await contexts.CreateAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            due = await db.Jobs.AsNoTracking()
                .Where(j => (j.Status == FormWorkflowStatus.Pending && j.NextAttemptAt <= now)
                    || (j.Status == FormWorkflowStatus.Running && j.LeaseUntil < now))
                .OrderBy(j => j.Id)
                .Select(j => j.Id)
                .Take(BatchSize)
                .ToListAsync(cancellationToken)
                .ConfigureAwait(false);
        }

        var ran = 0;
        foreach (var id in due)
        {
            if (await RunAsync(id, cancellationToken).ConfigureAwait(false))
            {
                ran++;
            }
        }

        return ran;
    }

    private async Task<bool> RunAsync(long jobId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var lease = now + settings.WorkflowTimeout + settings.WorkflowTimeout;
        FormWorkflowJob job;
        FormEntry? entry;
        var db = await contexts.CreateAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var claimed = await db.Jobs
                .Where(j => j.Id == jobId
                    && ((j.Status == FormWorkflowStatus.Pending && j.NextAttemptAt <= now) || (j.Status == FormWorkflowStatus.Running && j.LeaseUntil < now)))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, FormWorkflowStatus.Running)
                    .SetProperty(j => j.LeaseUntil, lease)
                    .SetProperty(j => j.Attempts, j => j.Attempts + 1), cancellationToken)
                .ConfigureAwait(false);
            if (claimed == 0)
            {
                return false; // another runner took it
            }

            job = await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == jobId, cancellationToken).ConfigureAwait(false);
            entry = await db.Entries.AsNoTracking().SingleOrDefaultAsync(e => e.Id == job.EntryId, cancellationToken).ConfigureAwait(false);
        }

        string? error = null;
        var form = catalog.Find(job.FormAlias);
        var setting = form is not null && job.Position < form.Workflows.Count && string.Equals(form.Workflows[job.Position].Alias, job.WorkflowAlias, StringComparison.OrdinalIgnoreCase)
            ? form.Workflows[job.Position]
            : form?.Workflows.FirstOrDefault(w => string.Equals(w.Alias, job.WorkflowAlias, StringComparison.OrdinalIgnoreCase));
        if (entry is null || form is null)
        {
            error = "The entry or its form no longer exists.";
        }
        else if (!_workflows.TryGetValue(job.WorkflowAlias, out var workflow))
        {
            error = $"No workflow \"{job.WorkflowAlias}\" is installed (is its plugin switched off?).";
        }
        else
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.WorkflowTimeout);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var answers = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(entry.ValuesJson) ?? [];
                var data = new FormEntryData(entry.Id, entry.FormAlias, entry.Culture, entry.CreatedAt, entry.PolicyVersion, entry.PageUrl, answers);
                var context = new FormWorkflowContext(form, data, setting?.Settings ?? new Dictionary<string, string>(), job.Attempts, scope.ServiceProvider);
                await workflow.ExecuteAsync(context, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                error = $"Timed out after {settings.WorkflowTimeout.TotalSeconds:0.#} s.";
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // Whatever a workflow throws is recorded and retried: one broken plugin must not stop the queue.
                error = ex is FormWorkflowException or HttpRequestException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
                LogWorkflowFailed(logger, job.WorkflowAlias, job.EntryId, job.Attempts, ex);
            }
        }

        var finished = time.GetUtcNow().UtcDateTime;
        db = await contexts.CreateAsync(CancellationToken.None).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var stored = await db.Jobs.SingleAsync(j => j.Id == jobId, CancellationToken.None).ConfigureAwait(false);
            stored.LeaseUntil = null;
            if (error is null)
            {
                stored.Status = FormWorkflowStatus.Succeeded;
                stored.CompletedAt = finished;
                stored.LastError = null;
            }
            else
            {
                stored.LastError = error.Length > 2000 ? error[..2000] : error;
                if (stored.Attempts >= settings.WorkflowMaxAttempts)
                {
                    stored.Status = FormWorkflowStatus.Failed;
                    stored.CompletedAt = finished;
                }
                else
                {
                    stored.Status = FormWorkflowStatus.Pending;
                    stored.NextAttemptAt = finished + Backoff(settings.WorkflowRetryDelay, stored.Attempts);
                }
            }

            await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>The delay doubles after each failed attempt: 30 s, 1 min, 2 min, … at most an hour.</summary>
    public static TimeSpan Backoff(TimeSpan first, int attempts)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 20));
        return TimeSpan.FromTicks((long)Math.Min(first.Ticks * factor, TimeSpan.FromHours(1).Ticks));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Form workflow {Workflow} failed for entry {EntryId} (attempt {Attempt})")]
    private static partial void LogWorkflowFailed(ILogger logger, string workflow, long entryId, int attempt, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The form workflow runner could not read its queue; it tries again")]
    private static partial void LogRunnerFailed(ILogger logger, Exception exception);
}

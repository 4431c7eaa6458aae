using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Isoc.Plugins.Forms;

public sealed record FormEntryRow(FormEntry Entry, IReadOnlyDictionary<string, JsonElement> Answers, IReadOnlyList<FormWorkflowJob> Jobs);

public sealed record FormEntryPage(IReadOnlyList<FormEntryRow> Rows, int Total, int Page, int PageSize);

/// <summary>Reading entries for editors: a page with search, the CSV export, a retry of failed workflows, and retention.</summary>
public interface IFormEntries
{
    Task<FormEntryPage> SearchAsync(string formAlias, string? search, int page, int pageSize, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, int>> CountsAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<FormWorkflowJob>> FailedJobsAsync(string formAlias, CancellationToken cancellationToken);

    Task WriteCsvAsync(FormDefinition form, TextWriter writer, CancellationToken cancellationToken);

    /// <summary>Makes a failed (or waiting) job due now; false when there is no such job for the form.</summary>
    Task<bool> RetryAsync(string formAlias, long jobId, CancellationToken cancellationToken);

    /// <summary>Deletes entries older than each form's retention period (files and jobs with them); returns how many.</summary>
    Task<int> DeleteExpiredAsync(CancellationToken cancellationToken);
}

internal sealed class FormEntries(IFormsDbContextFactory contexts, IFormCatalog catalog, FormWorkflowSignal signal, TimeProvider time) : IFormEntries
{
    /// <summary>UTF-8 with a byte order mark, so spreadsheets read "Põhja" as written.</summary>
    public static readonly Encoding CsvEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    public async Task<FormEntryPage> SearchAsync(string formAlias, string? search, int page, int pageSize, CancellationToken cancellationToken)
    {
        page = Math.Max(page, 1);
        var db = await contexts.CreateAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var query = db.Entries.AsNoTracking().Where(e => e.FormAlias == formAlias);
            if (!string.IsNullOrWhiteSpace(search))
            {
                var needle = search.Trim().ToLowerInvariant();
                query = query.Where(e => e.SearchText.Contains(needle));
            }

            var total = await query.CountAsync(cancellationToken).ConfigureAwait(false);
            var entries = await query.OrderByDescending(e => e.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken).ConfigureAwait(false);
            var ids = entries.Select(e => e.Id).ToList();
            var jobs = await db.Jobs.AsNoTracking().Where(j => ids.Contains(j.EntryId)).OrderBy(j => j.Position).ToListAsync(cancellationToken).ConfigureAwait(false);
            var rows = entries.Select(e => new FormEntryRow(e, Parse(e.ValuesJson), jobs.Where(j => j.EntryId == e.Id).ToList())).ToList();
            return new FormEntryPage(rows, total, page, pageSize);
        }
    }

    public async Task<IReadOnlyDictionary<string, int>> CountsAsync(CancellationToken cancellationToken)
    {
        var db = await contexts.CreateAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            return await db.Entries.AsNoTracking().GroupBy(e => e.FormAlias).Select(g => new { g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.Key, g => g.Count, StringComparer.OrdinalIgnoreCase, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<FormWorkflowJob>> FailedJobsAsync(string formAlias, CancellationToken cancellationToken)
    {
        var db = await contexts.CreateAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            return await db.Jobs.AsNoTracking()
                .Where(j => j.FormAlias == formAlias && (j.Status == FormWorkflowStatus.Failed || (j.Status == FormWorkflowStatus.Pending && j.Attempts > 0)))
                .OrderBy(j => j.Id).Take(200).ToListAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task WriteCsvAsync(FormDefinition form, TextWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(writer);
        var fields = form.Fields.Where(f => f.TakesInput).ToList();
        await writer.WriteAsync(FormCsv.Line(["entry_id", "submitted_at_utc", "culture", "policy_version", .. fields.Select(f => f.Alias)]).AsMemory(), cancellationToken).ConfigureAwait(false);
        var db = await contexts.CreateAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var entries = db.Entries.AsNoTracking().Where(e => e.FormAlias == form.Alias).OrderBy(e => e.Id).AsAsyncEnumerable();
            await foreach (var entry in entries.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                var answers = Parse(entry.ValuesJson);
                var data = new FormEntryData(entry.Id, entry.FormAlias, entry.Culture, entry.CreatedAt, entry.PolicyVersion, entry.PageUrl, answers);
                await writer.WriteAsync(FormCsv.Line(
                [
                    entry.Id.ToString(CultureInfo.InvariantCulture),
                    entry.CreatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                    entry.Culture,
                    entry.PolicyVersion,
                    .. fields.Select(f => data.Text(f.Alias)),
                ]).AsMemory(), cancellationToken).ConfigureAwait(false);
            }
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> RetryAsync(string formAlias, long jobId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        int changed;
        var db = await contexts.CreateAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            // A retry gives the job its attempts back, so it gets the whole backoff series again.
            changed = await db.Jobs
                .Where(j => j.Id == jobId && j.FormAlias == formAlias && (j.Status == FormWorkflowStatus.Failed || j.Status == FormWorkflowStatus.Pending))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, FormWorkflowStatus.Pending)
                    .SetProperty(j => j.NextAttemptAt, now)
                    .SetProperty(j => j.Attempts, 0)
                    .SetProperty(j => j.CompletedAt, (DateTime?)null), cancellationToken)
                .ConfigureAwait(false);
        }

        if (changed > 0)
        {
            signal.Wake();
        }

        return changed > 0;
    }

    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var deleted = 0;
        var db = await contexts.CreateAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var aliases = await db.Entries.AsNoTracking().Select(e => e.FormAlias).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var alias in aliases)
            {
                // Entries of a form that no longer exists keep the default period.
                var days = catalog.Find(alias)?.RetentionDays ?? FormDefinition.DefaultRetentionDays;
                var cutoff = now.AddDays(-days);
                var expired = db.Entries.Where(e => e.FormAlias == alias && e.CreatedAt < cutoff).Select(e => e.Id);
                await db.Files.Where(f => expired.Contains(f.EntryId)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
                await db.Jobs.Where(j => expired.Contains(j.EntryId)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
                deleted += await db.Entries.Where(e => e.FormAlias == alias && e.CreatedAt < cutoff).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return deleted;
    }

    private static Dictionary<string, JsonElement> Parse(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json) ?? [];
}

/// <summary>
/// CSV (RFC 4180) of entries. A cell a spreadsheet would read as a formula (starting with =, +, -, @, a tab or a
/// carriage return) gets a leading apostrophe: visitors write these answers, editors open the file in Excel.
/// </summary>
public static class FormCsv
{
    public static string Line(IEnumerable<string?> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return string.Join(',', fields.Select(Escape)) + "\r\n";
    }

    public static string Escape(string? field)
    {
        if (string.IsNullOrEmpty(field))
        {
            return string.Empty;
        }

        if (field[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '|' or '%')
        {
            field = "'" + field;
        }

        return field.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
    }
}

/// <summary>
/// Deletes expired entries every <see cref="FormsOptions.RetentionInterval"/>. The interval runs on the wall clock;
/// what is expired is judged by the host's <see cref="TimeProvider"/> (in <see cref="IFormEntries.DeleteExpiredAsync"/>),
/// so tests move that clock and watch the job act.
/// </summary>
internal sealed partial class FormRetentionService(IFormEntries entries, IOptions<FormsOptions> options, ILogger<FormRetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RetentionInterval);
        do
        {
            try
            {
                var deleted = await entries.DeleteExpiredAsync(stoppingToken).ConfigureAwait(false);
                if (deleted > 0)
                {
                    LogDeleted(logger, deleted);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} form entries past their retention period")]
    private static partial void LogDeleted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Deleting expired form entries failed; it is tried again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

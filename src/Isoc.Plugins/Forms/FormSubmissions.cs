using System.Text;
using System.Text.Json;

namespace Isoc.Plugins.Forms;

/// <summary>Stores a valid post: the entry, its files and one job per workflow, all in one transaction.</summary>
public interface IFormSubmissions
{
    /// <summary>Returns the new entry's id once it is committed; the workflows run afterwards, in the background.</summary>
    Task<long> StoreAsync(FormPost post, string? pageUrl, CancellationToken cancellationToken);
}

internal sealed class FormSubmissions(
    IFormsDbContextFactory contexts,
    IFormPolicyVersion policy,
    FormWorkflowSignal signal,
    TimeProvider time) : IFormSubmissions
{
    public async Task<long> StoreAsync(FormPost post, string? pageUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(post);
        if (!post.IsValid)
        {
            throw new InvalidOperationException("Only a valid post is stored.");
        }

        var form = post.Form;
        var now = time.GetUtcNow().UtcDateTime;
        var consented = form.Fields.Any(f => f.Type == FormFieldType.Consent && post.Answers.GetValueOrDefault(f.Alias) is "true");
        var entry = new FormEntry
        {
            FormKey = form.Key,
            FormAlias = form.Alias,
            Culture = post.Culture,
            ValuesJson = JsonSerializer.Serialize(post.Answers),
            SearchText = SearchTextOf(post.Answers),
            PolicyVersion = consented ? policy.Current(post.Culture)?.Version : null,
            PageUrl = pageUrl is { Length: <= 2000 } ? pageUrl : null,
            CreatedAt = now,
        };

        var files = new List<FormEntryFile>();
        foreach (var file in post.Files)
        {
            using var buffer = new MemoryStream((int)file.File.Length);
            await file.File.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            files.Add(new FormEntryFile
            {
                FieldAlias = file.FieldAlias,
                FileName = file.FileName,
                ContentType = file.File.ContentType is { Length: > 0 and <= 100 } type ? type : "application/octet-stream",
                Length = buffer.Length,
                Content = buffer.ToArray(),
            });
        }

        var db = await contexts.CreateAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                db.Entries.Add(entry);
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                foreach (var file in files)
                {
                    file.EntryId = entry.Id;
                }

                db.Files.AddRange(files);
                db.Jobs.AddRange(form.Workflows.Select((w, i) => new FormWorkflowJob
                {
                    EntryId = entry.Id,
                    FormAlias = form.Alias,
                    Position = i,
                    WorkflowAlias = w.Alias,
                    Status = FormWorkflowStatus.Pending,
                    NextAttemptAt = now,
                    CreatedAt = now,
                }));
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        if (form.Workflows.Count > 0)
        {
            signal.Wake();
        }

        return entry.Id;
    }

    private static string SearchTextOf(Dictionary<string, object> answers)
    {
        var text = new StringBuilder();
        foreach (var value in answers.Values)
        {
            foreach (var part in value is IEnumerable<string> list ? list : [value.ToString() ?? ""])
            {
                if (part is not ("true" or "false"))
                {
                    text.Append(part.ToLowerInvariant()).Append('\n');
                }
            }
        }

        return text.ToString();
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using MimeKit;

namespace Isoc.Plugins.Mail;

/// <summary>
/// The durable outbox. A message is a row committed with the change that caused it, and only a background
/// sender hands it to the server, so a rolled-back change sends nothing and a committed one is never lost.
/// </summary>
public interface IMailOutbox
{
    /// <summary>
    /// Adds <paramref name="message"/> inside the transaction <paramref name="owner"/> has open, on its connection:
    /// it is committed or rolled back with the caller's own changes. Throws when no transaction is open.
    /// </summary>
    Task<OutboxMail> EnqueueAsync(DbContext owner, MimeMessage message, string kind, CancellationToken cancellationToken);

    /// <summary>Adds <paramref name="message"/> in a transaction of its own, for mail that no other change goes with.</summary>
    Task<OutboxMail> EnqueueAsync(MimeMessage message, string kind, CancellationToken cancellationToken);

    /// <summary>Failed and to-review messages first, then pending, newest first (the backoffice list).</summary>
    Task<IReadOnlyList<OutboxMail>> ListAsync(IReadOnlyCollection<OutboxStatus> statuses, int take, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<OutboxStatus, int>> CountAsync(CancellationToken cancellationToken);

    /// <summary>A person decided: a failed or to-review message is queued again (false if it was in neither state).</summary>
    Task<bool> RequeueAsync(Guid id, CancellationToken cancellationToken);
}

internal sealed class MailOutbox(IMailDbContextFactory contexts, MailOutboxSignal signal, TimeProvider time) : IMailOutbox
{
    public async Task<OutboxMail> EnqueueAsync(DbContext owner, MimeMessage message, string kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var transaction = owner.Database.CurrentTransaction
            ?? throw new InvalidOperationException("Begin a transaction on the caller's context first: the mail must commit with the change that causes it.");
        var row = ToRow(message, kind);
        var db = contexts.CreateOn(owner.Database.GetDbConnection());
        await using (db.ConfigureAwait(false))
        {
            await db.Database.UseTransactionAsync(transaction.GetDbTransaction(), cancellationToken).ConfigureAwait(false);
            db.Outbox.Add(row);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        // Woken early, the sender may not see the row until the caller commits; its next poll will.
        signal.Wake();
        return row;
    }

    public async Task<OutboxMail> EnqueueAsync(MimeMessage message, string kind, CancellationToken cancellationToken)
    {
        var row = ToRow(message, kind);
        var db = await contexts.CreateAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            db.Outbox.Add(row);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        signal.Wake();
        return row;
    }

    public async Task<IReadOnlyList<OutboxMail>> ListAsync(IReadOnlyCollection<OutboxStatus> statuses, int take, CancellationToken cancellationToken)
    {
        var db = await contexts.CreateAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var rows = await db.Outbox.AsNoTracking()
                .Where(m => statuses.Contains(m.Status))
                .OrderByDescending(m => m.CreatedAt)
                .Take(Math.Clamp(take, 1, 1000))
                .Select(m => new OutboxMail
                {
                    Id = m.Id, MessageId = m.MessageId, Recipient = m.Recipient, Subject = m.Subject, Kind = m.Kind, Status = m.Status,
                    Attempts = m.Attempts, CreatedAt = m.CreatedAt, NextAttemptAt = m.NextAttemptAt, LastAttemptAt = m.LastAttemptAt,
                    SentAt = m.SentAt, LastError = m.LastError,
                })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            return rows;
        }
    }

    public async Task<IReadOnlyDictionary<OutboxStatus, int>> CountAsync(CancellationToken cancellationToken)
    {
        var db = await contexts.CreateAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var counts = await db.Outbox.GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            return Enum.GetValues<OutboxStatus>().ToDictionary(s => s, s => counts.FirstOrDefault(c => c.Key == s)?.Count ?? 0);
        }
    }

    public async Task<bool> RequeueAsync(Guid id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var db = await contexts.CreateAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var changed = await db.Outbox
                .Where(m => m.Id == id && (m.Status == OutboxStatus.Failed || m.Status == OutboxStatus.Review))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Pending).SetProperty(m => m.NextAttemptAt, now).SetProperty(m => m.Attempts, 0), cancellationToken)
                .ConfigureAwait(false);
            if (changed == 1)
            {
                signal.Wake();
            }

            return changed == 1;
        }
    }

    private OutboxMail ToRow(MimeMessage message, string kind)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        if (string.IsNullOrEmpty(message.MessageId))
        {
            throw new ArgumentException("The message needs its Message-ID before it is queued (MailComposer sets one).", nameof(message));
        }

        var recipient = message.To.Mailboxes.FirstOrDefault()?.Address
            ?? throw new ArgumentException("The message has no recipient.", nameof(message));
        using var stream = new MemoryStream();
        message.WriteTo(FormatOptions.Default, stream);
        var now = time.GetUtcNow().UtcDateTime;
        return new OutboxMail
        {
            Id = Guid.CreateVersion7(),
            MessageId = message.MessageId,
            Recipient = recipient,
            Subject = Truncate(message.Subject ?? "", 500),
            Kind = Truncate(kind, 100),
            Mime = stream.ToArray(),
            Status = OutboxStatus.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}

/// <summary>Wakes the sender when a message is queued, so it does not wait for its next poll.</summary>
internal sealed class MailOutboxSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        try
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already awake: one wake-up is enough for any number of new messages.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _signal.Dispose();
}

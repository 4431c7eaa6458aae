using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Cryptography;

namespace Isoc.Plugins.Mail;

/// <summary>
/// Sends the outbox, one message at a time over one reused connection. Each message moves
/// Pending → Sending (committed before a byte goes out) → Sent (committed after the server's 250).
/// So a stop before the send leaves it Pending (sent after restart), a stop after the 250 but before the
/// commit leaves it Sending, which the next start marks Review instead of sending it a second time, and a
/// Sent message is never picked again. Only one message is ever Sending, so a crash leaves at most one to review.
/// One node sends at a time (Isoc:Mail:Outbox:SenderEnabled on one node only, until distributed locks arrive).
/// </summary>
internal sealed partial class MailOutboxSender(
    IMailDbContextFactory contexts,
    MailOutboxSignal signal,
    IOptions<MailOptions> options,
    MailPaths paths,
    TimeProvider time,
    ILogger<MailOutboxSender> logger) : BackgroundService
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromHours(1);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await MarkInterruptedForReviewAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.Outbox;
        var signer = CreateSigner(options.Value.Dkim);
        var transport = MailTransportFactory.Create(options, paths);
        await using (transport.ConfigureAwait(false))
        {
            var lastSend = time.GetTimestamp();
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var mail = await ClaimNextAsync(stoppingToken).ConfigureAwait(false);
                    if (mail is null)
                    {
                        if (time.GetElapsedTime(lastSend) >= settings.IdleDisconnect)
                        {
                            await transport.IdleAsync(stoppingToken).ConfigureAwait(false);
                        }

                        await signal.WaitAsync(settings.PollInterval, stoppingToken).ConfigureAwait(false);
                        continue;
                    }

                    var pause = await SendAsync(transport, signer, mail, stoppingToken).ConfigureAwait(false);
                    lastSend = time.GetTimestamp();
                    if (pause > TimeSpan.Zero)
                    {
                        // The server is unreachable or busy: trying the next message at once would only fail the same way.
                        await Task.Delay(pause, time, stoppingToken).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
                {
                    LogDatabaseError(logger, ex);
                    await Task.Delay(settings.PollInterval, time, stoppingToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Sends one claimed message and records the outcome; returns how long to pause before the next.</summary>
    private async Task<TimeSpan> SendAsync(IMailTransport transport, DkimSigner? signer, OutboxMail mail, CancellationToken cancellationToken)
    {
        var settings = options.Value.Outbox;
        MimeMessage message;
        try
        {
            using var stream = new MemoryStream(mail.Mime);
            message = await MimeMessage.LoadAsync(stream, cancellationToken).ConfigureAwait(false);
            if (signer is not null)
            {
                message.Prepare(EncodingConstraint.SevenBit);
                signer.Sign(message, [HeaderId.From, HeaderId.To, HeaderId.Subject, HeaderId.Date, HeaderId.MessageId]);
            }
        }
        catch (FormatException ex)
        {
            await FinishAsync(mail.Id, OutboxStatus.Failed, null, $"Unreadable message: {ex.Message}", cancellationToken).ConfigureAwait(false);
            return TimeSpan.Zero;
        }

        try
        {
            await transport.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500)
        {
            LogRejected(logger, mail.MessageId, (int)ex.StatusCode, ex.Message);
            await FinishAsync(mail.Id, OutboxStatus.Failed, null, $"{(int)ex.StatusCode} {ex.Message}", cancellationToken).ConfigureAwait(false);
            return TimeSpan.Zero;
        }
        catch (Exception ex) when (IsTransient(ex))
        {
            await transport.ResetAsync().ConfigureAwait(false);
            var reason = ex is SmtpCommandException command ? $"{(int)command.StatusCode} {command.Message}" : $"{ex.GetType().Name}: {ex.Message}";
            if (mail.Attempts >= settings.MaxAttempts)
            {
                await FinishAsync(mail.Id, OutboxStatus.Failed, null, $"Gave up after {mail.Attempts} attempts; last: {reason}", cancellationToken).ConfigureAwait(false);
                return TimeSpan.Zero;
            }

            var delay = Backoff(settings.RetryDelay, mail.Attempts);
            LogRetry(logger, mail.MessageId, reason, delay);
            await FinishAsync(mail.Id, OutboxStatus.Pending, time.GetUtcNow().UtcDateTime + delay, reason, cancellationToken).ConfigureAwait(false);
            return ex is SmtpCommandException ? TimeSpan.Zero : settings.RetryDelay;
        }

        // The server has the message: from here on it must never go out again, even if the commit below is lost.
        await FinishAsync(mail.Id, OutboxStatus.Sent, null, null, CancellationToken.None).ConfigureAwait(false);
        return TimeSpan.Zero;
    }

    internal static TimeSpan Backoff(TimeSpan first, int attempts)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 20));
        var delay = TimeSpan.FromTicks((long)Math.Min(first.Ticks * factor, MaxDelay.Ticks));
        return delay;
    }

    private static bool IsTransient(Exception ex) => ex switch
    {
        SmtpCommandException command => (int)command.StatusCode is >= 400 and < 500,
        SmtpProtocolException or ServiceNotConnectedException or IOException or SocketException or TimeoutException => true,
        MailKit.Security.AuthenticationException => false,
        OperationCanceledException => false,
        _ => false,
    };

    private async Task<OutboxMail?> ClaimNextAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var db = await contexts.CreateAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var id = await db.Outbox.AsNoTracking()
                .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now)
                .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
                .Select(m => (Guid?)m.Id)
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (id is null)
            {
                return null;
            }

            // Committed before the send: if the process dies mid-send, the row says so.
            var claimed = await db.Outbox
                .Where(m => m.Id == id && m.Status == OutboxStatus.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Sending)
                    .SetProperty(m => m.Attempts, m => m.Attempts + 1)
                    .SetProperty(m => m.LastAttemptAt, now), cancellationToken)
                .ConfigureAwait(false);
            return claimed == 1
                ? await db.Outbox.AsNoTracking().FirstAsync(m => m.Id == id, cancellationToken).ConfigureAwait(false)
                : null;
        }
    }

    private async Task FinishAsync(Guid id, OutboxStatus status, DateTime? nextAttempt, string? error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var db = await contexts.CreateAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var message = error is { Length: > 2000 } ? error[..2000] : error;
            await db.Outbox.Where(m => m.Id == id && m.Status == OutboxStatus.Sending)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, status)
                    .SetProperty(m => m.NextAttemptAt, m => nextAttempt ?? m.NextAttemptAt)
                    .SetProperty(m => m.SentAt, m => status == OutboxStatus.Sent ? now : m.SentAt)
                    .SetProperty(m => m.LastError, message), cancellationToken)
                .ConfigureAwait(false);
        }
    }

    private async Task MarkInterruptedForReviewAsync(CancellationToken cancellationToken)
    {
        var db = await contexts.CreateAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var interrupted = await db.Outbox.Where(m => m.Status == OutboxStatus.Sending)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Review)
                    .SetProperty(m => m.LastError, "The sender stopped while this message was being handed to the server: it may have arrived. Check before sending it again."), cancellationToken)
                .ConfigureAwait(false);
            if (interrupted > 0)
            {
                LogInterrupted(logger, interrupted);
            }
        }
    }

    private static DkimSigner? CreateSigner(DkimSettings dkim) =>
        dkim.Enabled
            ? new DkimSigner(dkim.PrivateKeyPath!, dkim.Domain!, dkim.Selector!)
            {
                HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
                BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            }
            : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {MessageId} refused for good: {Code} {Reason}")]
    private static partial void LogRejected(ILogger logger, string messageId, int code, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Mail {MessageId} will be retried in {Delay}: {Reason}")]
    private static partial void LogRetry(ILogger logger, string messageId, string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} mail(s) were in flight when the sender stopped; marked for review, not re-sent")]
    private static partial void LogInterrupted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The mail sender could not read or update the outbox")]
    private static partial void LogDatabaseError(ILogger logger, Exception exception);
}

using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Utils;

namespace Isoc.Plugins.Mail;

/// <summary>
/// A transactional mail: what it says (the model, in the recipient's language) and the two Razor components
/// that draw it, HTML and plain text. Each component takes the model as its <c>Mail</c> parameter.
/// </summary>
public abstract class TransactionalMail
{
    /// <summary>"en-US" or "et-EE"; anything not Estonian is written in English.</summary>
    public required string Culture { get; init; }

    public bool Estonian => Culture.StartsWith("et", StringComparison.OrdinalIgnoreCase);

    /// <summary>The template's name, shown in the outbox list.</summary>
    public abstract string Kind { get; }

    public abstract string Subject { get; }

    public abstract Type HtmlTemplate { get; }

    public abstract Type TextTemplate { get; }
}

/// <summary>Turns a <see cref="TransactionalMail"/> into a MIME message with a fixed Message-ID, ready for the outbox.</summary>
public interface IMailComposer
{
    Task<MimeMessage> ComposeAsync(TransactionalMail mail, MailboxAddress recipient, CancellationToken cancellationToken);
}

/// <remarks>
/// Templates render with a small service provider of their own (logging only), not the site's: a template
/// draws its model and nothing else, and composing then works the same in a web host, a worker or the bench.
/// </remarks>
internal sealed class MailComposer(ILoggerFactory loggers, IOptions<MailOptions> options, TimeProvider time) : IMailComposer, IDisposable
{
    private readonly ServiceProvider _renderServices = new ServiceCollection().AddSingleton(loggers).BuildServiceProvider();

    public void Dispose() => _renderServices.Dispose();

    public async Task<MimeMessage> ComposeAsync(TransactionalMail mail, MailboxAddress recipient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(recipient);
        var culture = CultureInfo.GetCultureInfo(mail.Estonian ? "et-EE" : "en-US");
        var html = await RenderAsync(mail.HtmlTemplate, mail, culture).ConfigureAwait(false);
        // Plain-text templates hold no markup: the renderer's HTML encoding is undone to get the text back.
        var text = WebUtility.HtmlDecode(await RenderAsync(mail.TextTemplate, mail, culture).ConfigureAwait(false)).Trim() + "\n";
        cancellationToken.ThrowIfCancellationRequested();

        var from = MailboxAddress.Parse(options.Value.From);
        from.Name = options.Value.FromName;
        var message = new MimeMessage
        {
            Subject = mail.Subject,
            Date = time.GetUtcNow(),
            MessageId = MimeUtils.GenerateMessageId(from.Domain),
            Body = new BodyBuilder { HtmlBody = html, TextBody = text }.ToMessageBody(),
        };
        message.From.Add(from);
        message.To.Add(recipient);
        message.Headers.Add("Content-Language", culture.Name);
        // Transactional mail must not trigger vacation auto-replies (RFC 3834).
        message.Headers.Add("Auto-Submitted", "auto-generated");
        return message;
    }

    private async Task<string> RenderAsync(Type component, TransactionalMail mail, CultureInfo culture)
    {
        var renderer = new HtmlRenderer(_renderServices, loggers);
        await using (renderer.ConfigureAwait(false))
        {
            return await renderer.Dispatcher.InvokeAsync(async () =>
            {
                var previous = CultureInfo.CurrentCulture;
                CultureInfo.CurrentCulture = culture;
                CultureInfo.CurrentUICulture = culture;
                try
                {
                    var output = await renderer.RenderComponentAsync(component, ParameterView.FromDictionary(new Dictionary<string, object?> { ["Mail"] = mail })).ConfigureAwait(false);
                    return output.ToHtmlString();
                }
                finally
                {
                    CultureInfo.CurrentCulture = previous;
                    CultureInfo.CurrentUICulture = previous;
                }
            }).ConfigureAwait(false);
        }
    }
}

/// <summary>Composes and queues in one call, the way most callers want it.</summary>
public interface ITransactionalMailer
{
    /// <summary>Queued inside <paramref name="owner"/>'s open transaction (see <see cref="IMailOutbox"/>).</summary>
    Task<OutboxMail> QueueAsync(Microsoft.EntityFrameworkCore.DbContext owner, TransactionalMail mail, MailboxAddress recipient, CancellationToken cancellationToken);

    Task<OutboxMail> QueueAsync(TransactionalMail mail, MailboxAddress recipient, CancellationToken cancellationToken);
}

internal sealed class TransactionalMailer(IMailComposer composer, IMailOutbox outbox) : ITransactionalMailer
{
    public async Task<OutboxMail> QueueAsync(Microsoft.EntityFrameworkCore.DbContext owner, TransactionalMail mail, MailboxAddress recipient, CancellationToken cancellationToken)
    {
        var message = await composer.ComposeAsync(mail, recipient, cancellationToken).ConfigureAwait(false);
        return await outbox.EnqueueAsync(owner, message, mail.Kind, cancellationToken).ConfigureAwait(false);
    }

    public async Task<OutboxMail> QueueAsync(TransactionalMail mail, MailboxAddress recipient, CancellationToken cancellationToken)
    {
        var message = await composer.ComposeAsync(mail, recipient, cancellationToken).ConfigureAwait(false);
        return await outbox.EnqueueAsync(message, mail.Kind, cancellationToken).ConfigureAwait(false);
    }
}

using Isoc.Cms.Backoffice;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Isoc.Plugins.Mail;

public sealed record MailOutboxView(IReadOnlyList<OutboxMail> Mails, IReadOnlyDictionary<OutboxStatus, int> Counts, string Show, string? Notice);

/// <summary>The outbox for administrators: failed and to-review mails first, pending ones, and a way to queue one again.</summary>
[Route(BackofficeAuthentication.BasePath + "/mail")]
[Authorize(Policy = BackofficePolicies.Administer)]
public sealed class MailOutboxController(IMailOutbox outbox) : Controller
{
    private static readonly OutboxStatus[] Attention = [OutboxStatus.Failed, OutboxStatus.Review, OutboxStatus.Pending, OutboxStatus.Sending];

    [HttpGet("")]
    public async Task<IActionResult> Index(string? show, string? notice, CancellationToken cancellationToken)
    {
        var statuses = show == "sent" ? [OutboxStatus.Sent] : Attention;
        var mails = await outbox.ListAsync(statuses, 200, cancellationToken);
        var counts = await outbox.CountAsync(cancellationToken);
        return View("~/Mail/Views/MailOutbox.cshtml", new MailOutboxView(mails, counts, show == "sent" ? "sent" : "attention", notice));
    }

    [HttpPost("{id:guid}/requeue")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Requeue(Guid id, CancellationToken cancellationToken)
    {
        var done = await outbox.RequeueAsync(id, cancellationToken);
        return RedirectToAction(nameof(Index), new { notice = done ? "queued" : "unchanged" });
    }
}

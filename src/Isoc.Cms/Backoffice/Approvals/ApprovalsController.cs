using Isoc.Cms.Content;
using Isoc.Cms.Publishing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Isoc.Cms.Backoffice.Approvals;

public sealed record ApprovalList(IReadOnlyList<ApprovalItem> Pending, IReadOnlyList<ApprovalItem> Returned, bool CanPublish, string? Message);

public sealed record ApprovalReview(ContentItem Item, string Name, ApprovalItem? Approval, string Culture, bool CanPublish, string? Message, bool MessageIsError, string? CommentError, string? Comment);

/// <summary>
/// The editors' side of "send for approval": the list of what waits, one item with a link to its changes, and
/// publish or reject (with a comment the writer reads in the editor). Anyone signed in may look; only editors
/// and administrators may decide, which the server checks whatever the page showed.
/// </summary>
[Route(BackofficeAuthentication.BasePath + "/approvals")]
[Authorize(Policy = BackofficePolicies.Access)]
[AutoValidateAntiforgeryToken]
public sealed class ApprovalsController(IApprovals approvals, IContentService content, ContentTypeRegistry types, IAuthorizationService authorization) : Controller
{
    private const string ListView = "~/Backoffice/Views/Approvals/Index.cshtml";
    private const string ReviewView = "~/Backoffice/Views/Approvals/Review.cshtml";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var all = await approvals.ListAsync(null, cancellationToken);
        var canPublish = await CanPublishAsync();
        var me = User.Identity?.Name;

        // Writers see what came back to them; editors see everything that came back, to know what is in flight.
        var returned = all.Where(a => a.Status == ApprovalStatus.Rejected && (canPublish || a.RequestedBy == me)).ToList();
        return View(ListView, new ApprovalList([.. all.Where(a => a.Status == ApprovalStatus.Pending)], returned, canPublish, TempData["Message"] as string));
    }

    [HttpGet("{key:guid}")]
    public async Task<IActionResult> Review(Guid key, string? culture, CancellationToken cancellationToken)
    {
        var item = await content.GetAsync(key, cancellationToken);
        if (item is null)
        {
            return NotFound();
        }

        return View(ReviewView, await ReviewModelAsync(item, culture, TempData["Message"] as string, isError: false, commentError: null, comment: null, cancellationToken));
    }

    [HttpPost("{key:guid}/publish")]
    [Authorize(Policy = BackofficePolicies.Publish)]
    public async Task<IActionResult> Publish(Guid key, string? culture, int revision, CancellationToken cancellationToken)
    {
        var item = await content.GetAsync(key, cancellationToken);
        if (item is null)
        {
            return NotFound();
        }

        if (item.Revision != revision)
        {
            // The writer (or anyone) changed the page after this one was opened: what would go live is not what was reviewed.
            Response.StatusCode = StatusCodes.Status409Conflict;
            return View(ReviewView, await ReviewModelAsync(item, culture, "The page changed after you opened it, so nothing was published. Look at the changes again, then publish.", isError: true, null, null, cancellationToken));
        }

        var selected = Culture(culture);
        var result = await content.PublishAsync(key, [selected], User.Identity?.Name ?? "unknown", cancellationToken);
        if (!result.Success)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            var why = result.Message ?? string.Join(" ", result.Errors.Select(e => e.Message));
            return View(ReviewView, await ReviewModelAsync(item, culture, "Not published: " + why, isError: true, null, null, cancellationToken));
        }

        TempData["Message"] = $"Published \"{item.GetName(selected) ?? item.Names.Values.FirstOrDefault()}\" in {selected}: visitors see it now.";
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("{key:guid}/reject")]
    [Authorize(Policy = BackofficePolicies.Publish)]
    public async Task<IActionResult> Reject(Guid key, string? culture, string? comment, CancellationToken cancellationToken)
    {
        var item = await content.GetAsync(key, cancellationToken);
        if (item is null)
        {
            return NotFound();
        }

        var selected = Culture(culture);
        var result = await approvals.RejectAsync(item, selected, comment, User.Identity?.Name ?? "unknown", cancellationToken);
        if (!result.Success)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            var fieldError = result.Errors.FirstOrDefault(e => e.Alias == "comment")?.Message;
            return View(ReviewView, await ReviewModelAsync(item, culture, fieldError is null ? result.Message : "Nothing was sent back: correct the comment.", isError: true, fieldError, comment, cancellationToken));
        }

        TempData["Message"] = $"Sent back to the writer with your comment; nothing was published.";
        return RedirectToAction(nameof(Index));
    }

    private async Task<ApprovalReview> ReviewModelAsync(ContentItem item, string? culture, string? message, bool isError, string? commentError, string? comment, CancellationToken cancellationToken)
    {
        var selected = Culture(culture);
        var approval = (await approvals.ListAsync(item.Key, cancellationToken)).FirstOrDefault(a => a.Culture == selected);
        var name = item.GetName(selected) ?? item.Names.Values.FirstOrDefault() ?? "(no name)";
        return new ApprovalReview(item, name, approval, selected, await CanPublishAsync(), message, isError, commentError, comment);
    }

    private async Task<bool> CanPublishAsync() => (await authorization.AuthorizeAsync(User, BackofficePolicies.Publish)).Succeeded;

    private string Culture(string? requested) => types.NormalizeCulture(requested) ?? types.DefaultLanguage.IsoCode;
}

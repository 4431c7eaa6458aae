using Isoc.Cms.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Isoc.Cms.Backoffice;

public sealed record AuditView(AuditPage Page, Guid? Node, string? User);

/// <summary>The audit log for editors and administrators: every write, filterable by node and by user.</summary>
[Route(BackofficeAuthentication.BasePath + "/audit")]
[Authorize(Policy = BackofficePolicies.Publish)]
public sealed class AuditController(IAuditLog audit) : Controller
{
    public const int PageSize = 50;

    [HttpGet("")]
    public async Task<IActionResult> Index(Guid? node, string? user, int page, CancellationToken cancellationToken)
    {
        var entries = await audit.ReadAsync(node, user, page, PageSize, cancellationToken);
        return View("~/Backoffice/Views/Audit.cshtml", new AuditView(entries, node, user));
    }
}

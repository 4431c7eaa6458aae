using System.Threading.RateLimiting;
using Isoc.Cms.Content;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Isoc.Cms.Backoffice.Content;

/// <summary>
/// How often one user may ask for a preview: the editor debounces typing, so this only stops a runaway client.
/// A token bucket per user name (a singleton, replenished by time, no shared mutable state of its own).
/// </summary>
public sealed class MarkdownPreviewLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(user =>
        RateLimitPartition.GetTokenBucketLimiter(user, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = 20,
            TokensPerPeriod = 10,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public bool TryAcquire(string user)
    {
        using var lease = _limiter.AttemptAcquire(user);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}

/// <summary>
/// The Markdown editor's live preview: the text rendered by the site's own renderer (Markdig, headings stepped
/// under the page's h1, HtmlSanitizer), so the preview is exactly what visitors will get. Signed-in backoffice
/// users only, with the page's antiforgery token; nothing is stored.
/// </summary>
[ApiController]
[Route(BackofficeAuthentication.BasePath + "/api/markdown")]
[Authorize(Policy = BackofficePolicies.Access)]
public sealed class MarkdownPreviewController(MarkupRenderer markup, MarkdownPreviewLimiter limiter) : ControllerBase
{
    /// <summary>Longer than any policy text; a preview of more is refused rather than rendered.</summary>
    public const int MaxLength = 200_000;

    [HttpPost("preview")]
    [ValidateAntiForgeryToken]
    [Consumes("application/x-www-form-urlencoded", "multipart/form-data")]
    [RequestFormLimits(ValueLengthLimit = MaxLength * 4)]
    public IActionResult Preview([FromForm] string? markdown)
    {
        Response.Headers.CacheControl = "no-store";
        if (!limiter.TryAcquire(User.Identity?.Name ?? ""))
        {
            Response.Headers.RetryAfter = "1";
            return Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many preview requests; try again in a second.");
        }

        if (markdown is { Length: > MaxLength })
        {
            return Problem(statusCode: StatusCodes.Status400BadRequest, title: $"The text is longer than {MaxLength:N0} characters; the preview shows at most that.");
        }

        return Content(markup.Render(markdown, PropertyEditors.MarkdownEditor), "text/html; charset=utf-8");
    }
}

using Isoc.Cms.Backoffice;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Isoc.Plugins.Analytics;

public sealed record AnalyticsDashboardView(AnalyticsSummary Summary, int Days, IReadOnlyList<int> Choices);

/// <summary>The analytics dashboard in the backoffice: page views per day and the top pages, as charts and tables.</summary>
[Route(BackofficeAuthentication.BasePath + "/analytics")]
[Authorize(Policy = BackofficePolicies.Access)]
public sealed class AnalyticsDashboardController(IAnalyticsReport report, TimeProvider time) : Controller
{
    public static readonly IReadOnlyList<int> PeriodChoices = [7, 30, 90];
    public const int Top = 10;

    [HttpGet("")]
    public async Task<IActionResult> Index(int? days, CancellationToken cancellationToken)
    {
        var period = days is { } d && PeriodChoices.Contains(d) ? d : 30;
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var summary = await report.SummaryAsync(today, period, Top, cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return View("~/Analytics/Views/Dashboard.cshtml", new AnalyticsDashboardView(summary, period, PeriodChoices));
    }
}

using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Isoc.Plugins.Analytics;

/// <summary>Settings under "Isoc:Analytics".</summary>
public sealed class AnalyticsOptions
{
    public const string Section = "Isoc:Analytics";

    /// <summary>Where the page-view beacon posts.</summary>
    public const string HitPath = "/analytics/hit";

    /// <summary>Count page views in the site's own database (with analytics consent only).</summary>
    public bool FirstPartyEnabled { get; set; } = true;

    /// <summary>
    /// A Google Analytics 4 measurement id ("G-XXXXXXXXXX"); empty: no Google Analytics. gtag.js is only ever
    /// sent to visitors who allow analytics.
    /// </summary>
    [RegularExpression("^(G-[A-Z0-9]{4,16})?$", ErrorMessage = "Isoc:Analytics:MeasurementId must be a GA4 measurement id such as G-AB12CD34EF, or empty.")]
    public string? MeasurementId { get; set; }

    /// <summary>The first-party visitor cookie: a random id, kept until the end of the UTC day, so a day's visitors are counted once.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_-]{1,64}$", ErrorMessage = "Isoc:Analytics:VisitorCookieName may hold only letters, digits, '_' and '-'.")]
    public string VisitorCookieName { get; set; } = "isoc_visitor";

    /// <summary>How long page views gather in memory before one write adds them up in the database.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Hits waiting for the writer at most; beyond that a burst's extra hits are dropped rather than held in memory.</summary>
    [Range(1000, 10_000_000)]
    public int QueueCapacity { get; set; } = 100_000;

    public bool GoogleAnalyticsEnabled => !string.IsNullOrEmpty(MeasurementId);
}

/// <summary>Rules across fields that attributes cannot say.</summary>
internal sealed class AnalyticsOptionsValidator : IValidateOptions<AnalyticsOptions>
{
    public ValidateOptionsResult Validate(string? name, AnalyticsOptions options) =>
        options.VisitorCookieName.StartsWith("__Host-", StringComparison.Ordinal) || options.VisitorCookieName.StartsWith("__Secure-", StringComparison.Ordinal)
            ? ValidateOptionsResult.Fail("Isoc:Analytics:VisitorCookieName must not use a __Host-/__Secure- prefix: the site also runs on plain HTTP (locally), where such cookies are refused.")
            : ValidateOptionsResult.Success;
}

using System.Security.Cryptography;
using Isoc.Cms.Publishing;
using Isoc.Cms.Security;
using Isoc.Plugins.Consent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Isoc.Plugins.Analytics;

internal static class AnalyticsEndpoints
{
    public static void MapAnalyticsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<AnalyticsOptions>>().Value;
        if (options.FirstPartyEnabled)
        {
            // The beacon posts from the site's own pages; like the consent form it carries no per-visitor token
            // (pages stay the same for everyone), and cross-site posts are refused from Sec-Fetch-Site / Origin.
            endpoints.MapPost(AnalyticsOptions.HitPath, HitAsync).DisableAntiforgery();
        }
    }

    /// <summary>
    /// Counts one page view. The server checks the request's own consent (cookie and Sec-GPC): a hit without
    /// analytics consent is refused, counts nothing and sets no cookie, whatever script sent it.
    /// </summary>
    private static async Task<IResult> HitAsync(
        HttpContext context,
        IConsentState consent,
        IPageViewCounter counter,
        IPublishedSnapshotAccessor snapshots,
        IOptions<AnalyticsOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (!context.Request.HasFormContentType || !CrossOriginProtection.IsSameOrigin(context.Request))
        {
            return Results.Problem(title: "Bad request", detail: "Page views are only counted from this site's pages.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (!consent.IsAllowed(ConsentCategory.Analytics))
        {
            return Results.Problem(title: "Forbidden", detail: "No analytics consent: nothing is counted.", statusCode: StatusCodes.Status403Forbidden);
        }

        var form = await context.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        var page = PageViewInput.Page(snapshots.Current, form["path"], form["culture"]);
        if (page is null)
        {
            return Results.Problem(title: "Bad request", detail: "Not a published page of this site.", statusCode: StatusCodes.Status400BadRequest);
        }

        var now = time.GetUtcNow();
        var cookieName = options.Value.VisitorCookieName;
        var newVisitor = !PageViewInput.IsVisitorId(context.Request.Cookies[cookieName]);
        if (newVisitor)
        {
            // A random id and nothing else; it lasts until the end of the UTC day, so each day counts a visitor once.
            var midnight = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
            context.Response.Cookies.Append(cookieName, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), new CookieOptions
            {
                HttpOnly = true,
                Secure = context.Request.IsHttps,
                SameSite = SameSiteMode.Lax,
                Path = "/",
                Expires = midnight,
            });
        }

        var referrer = PageViewInput.ReferrerHost(form["referrer"], context.Request.Host.Host);
        counter.TryCount(new PageView(DateOnly.FromDateTime(now.UtcDateTime), page.Value.Path, page.Value.Culture, referrer, newVisitor));
        return Results.NoContent();
    }
}

/// <summary>What a beacon may say, checked: only published pages, known languages and host names are kept.</summary>
internal static class PageViewInput
{
    /// <summary>The canonical URL and culture of a published page, or null when the path is not one.</summary>
    public static (string Path, string Culture)? Page(PublishedSnapshot snapshot, string? path, string? culture)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (string.IsNullOrEmpty(path) || path.Length > AnalyticsDbContext.MaxPathLength || path[0] != '/' || string.IsNullOrEmpty(culture))
        {
            return null;
        }

        var known = snapshot.Cultures.FirstOrDefault(c => string.Equals(c, culture, StringComparison.OrdinalIgnoreCase));
        if (known is null)
        {
            return null;
        }

        // The default culture lives at "/", every other under its language ("/et/…"), as the site routes them.
        var prefix = string.Equals(known, snapshot.DefaultCulture, StringComparison.OrdinalIgnoreCase) ? "" : "/" + Language(known);
        if (prefix.Length > 0 && !(path.Equals(prefix, StringComparison.OrdinalIgnoreCase) || path.StartsWith(prefix + "/", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var node = snapshot.GetByPath(known, path[prefix.Length..]);
        var canonical = node is null ? null : snapshot.GetPath(node.Key, known);
        return canonical is null ? null : (prefix + canonical, known);
    }

    /// <summary>The host of a referrer on another site; null for none, this site, or anything that is not an http(s) URL.</summary>
    public static string? ReferrerHost(string? referrer, string ownHost)
    {
        if (string.IsNullOrEmpty(referrer) || referrer.Length > 2000
            || !Uri.TryCreate(referrer, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return null;
        }

        var host = uri.IdnHost.ToLowerInvariant();
        return host.Length == 0 || host.Length > AnalyticsDbContext.MaxHostLength || string.Equals(host, ownHost, StringComparison.OrdinalIgnoreCase)
            ? null
            : host;
    }

    /// <summary>A visitor cookie this site could have set: 32 lower-case hex digits.</summary>
    public static bool IsVisitorId(string? value) =>
        value is { Length: 32 } && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    private static string Language(string culture)
    {
        var dash = culture.IndexOf('-', StringComparison.Ordinal);
        return (dash < 0 ? culture : culture[..dash]).ToLowerInvariant();
    }
}

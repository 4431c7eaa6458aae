using Microsoft.AspNetCore.Http;

namespace Isoc.Cms.Security;

/// <summary>
/// Cross-site request forgery protection without a per-visitor token, from the headers browsers send with
/// every form post: Sec-Fetch-Site (all current browsers) or else Origin. A page whose form needs no token
/// is the same for every visitor, so it can be cached. Requests without either header do not come from a
/// browser another site could steer, so they pass (as in Go's http.CrossOriginProtection).
/// </summary>
public static class CrossOriginProtection
{
    public static bool IsSameOrigin(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0)
        {
            // "none" is a navigation the person started themselves (typed or bookmarked), never another site.
            return fetchSite is "same-origin" or "none";
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true;
        }

        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}

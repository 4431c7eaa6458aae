using System.Security.Cryptography;
using Isoc.Plugins;

namespace Isoc.Web.Site;

/// <summary>
/// A fresh nonce per request for the Content-Security-Policy: an inline script runs only when the
/// template that wrote it stamped it with this value, so an injected script never does.
/// </summary>
public sealed class CspNonce
{
    public string Value { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
}

/// <summary>Headers every answer carries: a strict CSP with the request's nonce, no sniffing, no framing.</summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context, CspNonce nonce)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(nonce);
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            // Plugins may add hosts for this request only (Google Analytics, for a visitor who allowed analytics).
            var extra = context.RequestServices.GetServices<IContentSecurityPolicyExtension>()
                .Select(e => e.SourcesFor(context)).OfType<CspSources>().ToList();
            headers.ContentSecurityPolicy =
                $"default-src 'self'; script-src 'self' 'nonce-{nonce.Value}'{Add(extra, s => s.Script)}; style-src 'self'; img-src 'self' data:{Add(extra, s => s.Img)}; " +
                $"font-src 'self'; connect-src 'self'{Add(extra, s => s.Connect)}; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    }

    private static string Add(List<CspSources> extra, Func<CspSources, IReadOnlyList<string>> directive) =>
        extra.Count == 0 ? "" : string.Concat(extra.SelectMany(directive).Distinct(StringComparer.Ordinal).Select(source => " " + source));
}

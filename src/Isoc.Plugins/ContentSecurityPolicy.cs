using Microsoft.AspNetCore.Http;

namespace Isoc.Plugins;

/// <summary>
/// Sources a plugin adds to the site's Content-Security-Policy for one request, e.g. Google Analytics' hosts,
/// only when the visitor allowed analytics. The host asks every registered extension as the response starts.
/// </summary>
public interface IContentSecurityPolicyExtension
{
    /// <summary>The sources to add for this request, or null for none.</summary>
    CspSources? SourcesFor(HttpContext context);
}

/// <summary>Extra sources per directive (host sources such as "https://*.example.com").</summary>
public sealed record CspSources(IReadOnlyList<string> Script, IReadOnlyList<string> Connect, IReadOnlyList<string> Img);

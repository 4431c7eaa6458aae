namespace Isoc.Plugins.Consent;

/// <summary>
/// The browser family of a User-Agent header, and nothing finer: a record may say "Firefox", never the
/// full string (which, with the time, could single a visitor out).
/// </summary>
public static class UserAgentFamily
{
    public static string Of(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return "Unknown";
        }

        // Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
        if (userAgent.Contains("Edg/", StringComparison.Ordinal))
        {
            return "Edge";
        }

        if (userAgent.Contains("OPR/", StringComparison.Ordinal))
        {
            return "Opera";
        }

        if (userAgent.Contains("Firefox/", StringComparison.Ordinal))
        {
            return "Firefox";
        }

        if (userAgent.Contains("Chrome/", StringComparison.Ordinal) || userAgent.Contains("Chromium/", StringComparison.Ordinal))
        {
            return "Chrome";
        }

        if (userAgent.Contains("Safari/", StringComparison.Ordinal))
        {
            return "Safari";
        }

        return "Other";
    }
}

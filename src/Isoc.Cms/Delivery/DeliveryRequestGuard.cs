using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Isoc.Cms.Delivery;

/// <summary>
/// In front of every request to the API: the Vary header on every answer, and the cheap refusals that come before any
/// parsing (a query string over the limit, a path with ".." or control characters) as 400 problem details.
/// </summary>
internal static class DeliveryRequestGuard
{
    public static async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        http.Response.Headers.Vary = DeliveryApiExtensions.VaryHeaders;
        var options = http.RequestServices.GetRequiredService<IOptions<DeliveryApiOptions>>().Value;
        var query = http.Request.QueryString.Value ?? "";
        if (query.Length > options.MaxQueryStringLength)
        {
            await DeliveryProblems.BadRequest("query", $"The query string is longer than {options.MaxQueryStringLength} characters.").ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        var rawPath = raw.Split('?', 2)[0];
        var error = InvalidPath(http.Request.Path.Value ?? "") ?? InvalidPath(Uri.UnescapeDataString(rawPath));
        if (error is not null)
        {
            await DeliveryProblems.BadRequest("path", error).ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        await next(http).ConfigureAwait(false);
    }

    /// <summary>Why a path is refused (a ".." segment, a control character), or null when it is fine.</summary>
    public static string? InvalidPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        foreach (var c in path)
        {
            if (char.IsControl(c))
            {
                return "The path holds a control character.";
            }
        }

        foreach (var segment in path.Split('/', '\\'))
        {
            if (segment == "..")
            {
                return "The path holds a '..' segment.";
            }
        }

        return null;
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Isoc.Plugins.Consent;

/// <summary>
/// Server-side gating of cookies: just before any response starts, cookies the request carries that belong
/// to a category the visitor does not allow (now: after a withdrawal in this very request too) are deleted.
/// Pages also say that they vary by the consent cookie and the GPC header, so a shared cache never serves one
/// visitor's banner state to another.
/// </summary>
internal sealed class ConsentCookieGate(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context, IConsentState consent, ConsentCookieRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.OnStarting(() =>
        {
            var response = context.Response;
            foreach (var name in registry.Refused(context.Request.Cookies.Keys, consent.IsAllowed))
            {
                Delete(context, name);
            }

            if (response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
            {
                response.Headers.Append(HeaderNames.Vary, "Cookie");
                response.Headers.Append(HeaderNames.Vary, "Sec-GPC");
            }

            return Task.CompletedTask;
        });
        return next(context);
    }

    /// <summary>
    /// Deletes the host-only cookie and, since scripts such as gtag.js set theirs on the parent domain
    /// (".example.org"), the domain cookie as well; a deletion only matches a cookie with the same domain and path.
    /// </summary>
    private static void Delete(HttpContext context, string name)
    {
        var secure = context.Request.IsHttps;
        context.Response.Cookies.Delete(name, new CookieOptions { Path = "/", Secure = secure });
        var host = context.Request.Host.Host;
        var dots = host.Count(c => c == '.');
        if (dots >= 1 && !System.Net.IPAddress.TryParse(host, out _))
        {
            // The registrable domain is not known without a suffix list; the last two labels cover "isoc.org", "example.ee".
            var labels = host.Split('.');
            var parent = string.Join('.', labels[^2..]);
            context.Response.Cookies.Delete(name, new CookieOptions { Path = "/", Domain = "." + parent, Secure = secure });
        }
    }
}

/// <summary>Puts the cookie gate first in the pipeline, so it sees every response, pages and endpoints alike.</summary>
internal sealed class ConsentStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) =>
        app =>
        {
            app.UseMiddleware<ConsentCookieGate>();
            next(app);
        };
}

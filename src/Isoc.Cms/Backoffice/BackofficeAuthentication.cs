using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;

namespace Isoc.Cms.Backoffice;

/// <summary>
/// How backoffice users stay signed in: Identity's application cookie, renamed and kept to /umbraco so
/// the public site never carries it, HttpOnly and SameSite=Strict, sliding with the session timeout.
/// </summary>
public static class BackofficeAuthentication
{
    public const string Scheme = "Identity.Application";
    public const string CookieName = "Isoc.Backoffice";
    public const string BasePath = "/umbraco";
    public const string SignInPath = BasePath + "/login";

    internal static void ConfigureCookie(CookieAuthenticationOptions cookie, BackofficeOptions options)
    {
        cookie.Cookie.Name = CookieName;
        cookie.Cookie.Path = BasePath;
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Strict;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.LoginPath = SignInPath;
        cookie.LogoutPath = BasePath + "/logout";
        cookie.AccessDeniedPath = BasePath + "/access-denied";
        cookie.ExpireTimeSpan = options.SessionTimeout;
        cookie.SlidingExpiration = true;

        // API callers get status codes, people get the sign-in page.
        cookie.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
        cookie.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
    }

    private static Task RedirectOrStatus(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        var path = context.Request.Path;
        var isApi = path.StartsWithSegments(BasePath + "/api", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments(BasePath + "/management", StringComparison.OrdinalIgnoreCase)
            || !HttpMethods.IsGet(context.Request.Method);
        if (isApi)
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    /// <summary>Identity's default scheme names, kept together so the members' sign-in can pick others.</summary>
    public static string TwoFactorUserIdScheme => IdentityConstants.TwoFactorUserIdScheme;
}

using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Isoc.Cms.Security;

/// <summary>Authorization policies for backoffice endpoints, by name, so plugins need not repeat the rule.</summary>
public static class BackofficePolicies
{
    /// <summary>A signed-in backoffice user who is an administrator or an editor (writers are not: they cannot publish or export).</summary>
    public const string Editors = "Backoffice.Editors";
}

/// <summary>
/// Backoffice users sign in with Identity's application cookie. The sign-in page comes with the backoffice;
/// until then the scheme, the policies and the API behaviour (401/403 instead of a redirect) are in place.
/// </summary>
internal static class BackofficeAuthentication
{
    public const string LoginPath = "/umbraco/login";
    public const string ApiPrefix = "/umbraco/api";

    public static void AddBackofficeAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = ".Isoc.Backoffice";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.LoginPath = LoginPath;
            options.AccessDeniedPath = LoginPath;
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            // An API caller (a script, a test, the backoffice's own fetches) wants a status code, not a login page.
            options.Events.OnRedirectToLogin = context => Answer(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => Answer(context, StatusCodes.Status403Forbidden);
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(BackofficePolicies.Editors, policy => policy
                .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme)
                .RequireAuthenticatedUser()
                .RequireRole(BackofficeRoles.Administrator, BackofficeRoles.Editor));
    }

    private static Task Answer(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments(ApiPrefix, StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }
}

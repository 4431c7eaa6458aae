using Isoc.Cms.Security;
using Microsoft.AspNetCore.Authorization;

namespace Isoc.Cms.Backoffice;

/// <summary>
/// Who may do what in the backoffice. Every backoffice endpoint names one of these, and the server checks it:
/// a writer who posts a publish request by hand gets 403, whatever the page showed.
/// </summary>
public static class BackofficePolicies
{
    /// <summary>Any signed-in backoffice user: writers, editors, administrators.</summary>
    public const string Access = "Backoffice.Access";

    /// <summary>Publish, unpublish, schedule, delete: editors and administrators.</summary>
    public const string Publish = "Backoffice.Publish";

    /// <summary>Users, settings, document types: administrators.</summary>
    public const string Administer = "Backoffice.Administer";

    public static void Configure(AuthorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddPolicy(Access, p => p
            .AddAuthenticationSchemes(BackofficeAuthentication.Scheme)
            .RequireAuthenticatedUser()
            .RequireRole(BackofficeRoles.All));
        options.AddPolicy(Publish, p => p
            .AddAuthenticationSchemes(BackofficeAuthentication.Scheme)
            .RequireAuthenticatedUser()
            .RequireRole(BackofficeRoles.Administrator, BackofficeRoles.Editor));
        options.AddPolicy(Administer, p => p
            .AddAuthenticationSchemes(BackofficeAuthentication.Scheme)
            .RequireAuthenticatedUser()
            .RequireRole(BackofficeRoles.Administrator));
    }
}

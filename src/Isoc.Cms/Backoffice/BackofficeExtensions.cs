using Isoc.Cms.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Isoc.Cms.Backoffice;

public static class BackofficeExtensions
{
    /// <summary>The backoffice at /umbraco: sign-in with lockout and optional two-factor, role policies, its pages.</summary>
    public static IHostApplicationBuilder AddIsocBackoffice(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<BackofficeOptions>()
            .Bind(builder.Configuration.GetSection(BackofficeOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = BackofficeAuthentication.Scheme;
                o.DefaultSignInScheme = BackofficeAuthentication.Scheme;
            })
            .AddIdentityCookies();
        services.AddOptions<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(BackofficeAuthentication.Scheme)
            .Configure<IOptions<BackofficeOptions>>((cookie, options) => BackofficeAuthentication.ConfigureCookie(cookie, options.Value));
        services.AddOptions<IdentityOptions>()
            .Configure<IOptions<BackofficeOptions>>((identity, options) =>
            {
                identity.Lockout.DefaultLockoutTimeSpan = options.Value.LockoutDuration;
                identity.Lockout.AllowedForNewUsers = true;
            });

        new IdentityBuilder(typeof(BackofficeUser), typeof(Microsoft.AspNetCore.Identity.IdentityRole<Guid>), services)
            .AddSignInManager()
            .AddDefaultTokenProviders();

        services.AddAuthorization(BackofficePolicies.Configure);
        services.AddScoped<Approvals.IApprovals, Approvals.ApprovalFlow>();
        services.AddScoped<Content.ContentPickerSource>().AddSingleton<Content.MarkdownPreviewLimiter>();
        Isoc.Cms.Settings.SettingsServiceCollectionExtensions.AddIsocSettings(services);
        services.AddControllersWithViews().ConfigureApplicationPartManager(AddEngineParts);
        return builder;
    }

    /// <summary>
    /// The host finds controllers and compiled views in its own assembly; the engine's (this assembly's)
    /// are added here, once, with the parts the Razor SDK declares for it (controllers and views).
    /// </summary>
    private static void AddEngineParts(ApplicationPartManager parts)
    {
        var assembly = typeof(BackofficeExtensions).Assembly;
        if (parts.ApplicationParts.OfType<AssemblyPart>().Any(p => p.Assembly == assembly))
        {
            return;
        }

        foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
        {
            parts.ApplicationParts.Add(part);
        }
    }

    public static IEndpointRouteBuilder MapIsocBackoffice(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapControllers();
        return endpoints;
    }
}

using Isoc.Cms;
using Isoc.Cms.Data;
using Isoc.Cms.Delivery;
using Isoc.Cms.Notifications;
using Isoc.Plugins.Consent;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Isoc.Plugins.Policies;

/// <summary>
/// The privacy policy as versions: every publish of a privacy policy node records a version (effective date, summary
/// and text per language, material flag), kept at a stable URL below the policy, comparable with any other, announced
/// on the home page, readable in the Delivery API. A material change raises the consent revision on its effective date.
/// "Isoc:Plugins:Policies:Enabled=false" switches it off (the policy page then shows the published text alone).
/// </summary>
public sealed class PoliciesPlugin : IIsocPlugin
{
    public string Id => "Policies";

    // Consent is optional: with it, consent records name the version and a material change asks visitors again.
    public IReadOnlyList<string> Dependencies => [];

    public void AddServices(IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<PoliciesOptions>().BindConfiguration(PoliciesOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        AddDatabase(services);
        services.AddSingleton<PolicyVersionStore>();
        services.AddSingleton<IPolicyVersions>(sp => sp.GetRequiredService<PolicyVersionStore>());
        services.AddHostedService<PoliciesInitializer>();
        services.AddNotificationHandler<ContentPublishedNotification, PolicyPublishedHandler>();

        services.AddSingleton<PolicyPages>();
        services.AddSingleton<ISubPageProvider>(sp => sp.GetRequiredService<PolicyPages>());
        services.AddSingleton<IPolicyOverviews>(sp => sp.GetRequiredService<PolicyPages>());
        services.AddSingleton<ISiteNoticeProvider, PolicyNotices>();
        services.AddSingleton<IDeliveryPropertyProvider, PolicyDeliveryProperties>();

        // Replace, not TryAdd: whichever of the two plugins is added first, the policy's own answers win.
        services.Replace(ServiceDescriptor.Singleton<IConsentPolicyVersion, PolicyConsentVersion>());
        services.Replace(ServiceDescriptor.Singleton<IConsentRevision, PolicyConsentRevision>());
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        // The pages are drawn by the site below the policy's own URL (ISubPageProvider); no endpoint of its own.
    }

    private static void AddDatabase(IServiceCollection services)
    {
        var connection = services.LastOrDefault(d => d.ServiceType == typeof(DatabaseConnection))?.ImplementationInstance as DatabaseConnection
            ?? throw new InvalidOperationException("The Policies plugin needs the content engine: call AddIsocCms() before AddIsocPlugins().");
        if (connection.Provider == DatabaseProvider.Postgres)
        {
            services.AddDbContextFactory<PostgresPoliciesDbContext>(o => PoliciesDatabase.ConfigurePostgres(o, connection.ConnectionString));
            services.AddSingleton<IPoliciesDbContextFactory, PoliciesDbContextFactory<PostgresPoliciesDbContext>>();
        }
        else
        {
            services.AddDbContextFactory<SqlitePoliciesDbContext>(o => PoliciesDatabase.ConfigureSqlite(o, connection.ConnectionString));
            services.AddSingleton<IPoliciesDbContextFactory, PoliciesDbContextFactory<SqlitePoliciesDbContext>>();
        }
    }
}

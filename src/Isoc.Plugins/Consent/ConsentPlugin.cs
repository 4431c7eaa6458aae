using Isoc.Cms;
using Isoc.Cms.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Isoc.Plugins.Consent;

/// <summary>
/// Cookie consent: the banner's choice in a first-party cookie, every choice recorded append-only on the
/// server, cookies of refused categories deleted, <see cref="IConsentState"/> for server-side gating, and
/// the editors' lookup and CSV export. "Isoc:Plugins:Consent:Enabled=false" switches it off.
/// </summary>
public sealed class ConsentPlugin : IIsocPlugin
{
    public string Id => "Consent";

    public IReadOnlyList<string> Dependencies => [];

    public void AddServices(IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<ConsentOptions>().BindConfiguration(ConsentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConsentOptions>, ConsentOptionsValidator>();

        services.AddHttpContextAccessor();
        services.AddScoped<ConsentState>();
        services.AddScoped<IConsentState>(sp => sp.GetRequiredService<ConsentState>());
        services.TryAddSingleton<IConsentPolicyVersion, PublishedPolicyVersion>();
        services.TryAddSingleton<IConsentRevision, ConfiguredConsentRevision>();
        services.AddSingleton<ConsentCookieRegistry>();
        services.AddConsentCookie(ConsentCategory.Preferences, "isoc_preferences");
        services.AddConsentCookie(ConsentCategory.Analytics, "_ga");
        services.AddConsentCookie(ConsentCategory.Analytics, "_ga_*");
        services.AddConsentCookie(ConsentCategory.Analytics, "_gid");
        services.AddConsentCookie(ConsentCategory.Analytics, "_gat*");
        services.AddConsentCookie(ConsentCategory.Analytics, "isoc_visitor");
        services.AddTransient<IStartupFilter, ConsentStartupFilter>();

        AddDatabase(services);
        services.AddSingleton<IConsentRecords, ConsentRecords>();
        // The migrations run before the writer starts; hosted services start in the order they are added.
        services.AddHostedService<ConsentDatabaseInitializer>();
        services.AddSingleton<BatchingConsentRecorder>();
        services.AddSingleton<IConsentRecorder>(sp => sp.GetRequiredService<BatchingConsentRecorder>());
        services.AddHostedService(sp => sp.GetRequiredService<BatchingConsentRecorder>());
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapConsentEndpoints();

    /// <summary>The plugin's own context on the engine's database (see <see cref="ConsentDbContext"/>).</summary>
    private static void AddDatabase(IServiceCollection services)
    {
        var connection = services.LastOrDefault(d => d.ServiceType == typeof(DatabaseConnection))?.ImplementationInstance as DatabaseConnection
            ?? throw new InvalidOperationException("The Consent plugin needs the content engine: call AddIsocCms() before AddIsocPlugins().");
        if (connection.Provider == DatabaseProvider.Postgres)
        {
            services.AddDbContextFactory<PostgresConsentDbContext>(o => ConsentDatabase.ConfigurePostgres(o, connection.ConnectionString));
            services.AddSingleton<IConsentDbContextFactory, ConsentDbContextFactory<PostgresConsentDbContext>>();
        }
        else
        {
            services.AddDbContextFactory<SqliteConsentDbContext>(o => ConsentDatabase.ConfigureSqlite(o, connection.ConnectionString));
            services.AddSingleton<IConsentDbContextFactory, ConsentDbContextFactory<SqliteConsentDbContext>>();
        }
    }
}

public static class ConsentServiceCollectionExtensions
{
    /// <summary>Declares a cookie (or "prefix*") of a category, so it is deleted from visitors who do not allow that category.</summary>
    public static IServiceCollection AddConsentCookie(this IServiceCollection services, ConsentCategory category, string namePattern)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(namePattern);
        return services.AddSingleton(new ConsentCookieRegistration(category, namePattern));
    }
}

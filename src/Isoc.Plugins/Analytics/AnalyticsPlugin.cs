using Isoc.Cms;
using Isoc.Cms.Data;
using Isoc.Plugins.Consent;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Isoc.Plugins.Analytics;

/// <summary>
/// Consent-gated analytics: first-party page-view counts (path, day, referrer host, language) in the plugin's
/// own tables with a backoffice dashboard, and Google Analytics 4 in basic Consent Mode when a measurement id
/// is configured. Nothing runs, is counted or is set for a visitor without analytics consent; the server checks.
/// "Isoc:Plugins:Analytics:Enabled=false" switches it off.
/// </summary>
public sealed class AnalyticsPlugin : IIsocPlugin
{
    public string Id => "Analytics";

    public IReadOnlyList<string> Dependencies => ["Consent"];

    public void AddServices(IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<AnalyticsOptions>().BindConfiguration(AnalyticsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<AnalyticsOptions>, AnalyticsOptionsValidator>();

        // The visitor cookie is an analytics cookie: withdrawing analytics deletes it on the next response.
        var visitorCookie = builder.Configuration[$"{AnalyticsOptions.Section}:{nameof(AnalyticsOptions.VisitorCookieName)}"] is { Length: > 0 } name
            ? name
            : new AnalyticsOptions().VisitorCookieName;
        services.AddConsentCookie(ConsentCategory.Analytics, visitorCookie);
        services.AddConsentCookie(ConsentCategory.Analytics, "_ga");
        services.AddConsentCookie(ConsentCategory.Analytics, "_ga_*");
        services.AddConsentCookie(ConsentCategory.Analytics, "_gid");
        services.AddConsentCookie(ConsentCategory.Analytics, "_gat*");

        services.AddSingleton<AnalyticsTag>();
        services.AddSingleton<IContentSecurityPolicyExtension, GoogleAnalyticsCsp>();

        AddDatabase(services);
        services.AddSingleton<IAnalyticsReport, AnalyticsReport>();
        // Hosted services start in the order they are added: the tables exist before the writer runs.
        services.AddHostedService<AnalyticsDatabaseInitializer>();
        services.AddSingleton<BatchingPageViewCounter>();
        services.AddSingleton<IPageViewCounter>(sp => sp.GetRequiredService<BatchingPageViewCounter>());
        services.AddHostedService(sp => sp.GetRequiredService<BatchingPageViewCounter>());
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapAnalyticsEndpoints();

    /// <summary>The plugin's own context on the engine's database (see <see cref="AnalyticsDbContext"/>).</summary>
    private static void AddDatabase(IServiceCollection services)
    {
        var connection = services.LastOrDefault(d => d.ServiceType == typeof(DatabaseConnection))?.ImplementationInstance as DatabaseConnection
            ?? throw new InvalidOperationException("The Analytics plugin needs the content engine: call AddIsocCms() before AddIsocPlugins().");
        if (connection.Provider == DatabaseProvider.Postgres)
        {
            services.AddDbContextFactory<PostgresAnalyticsDbContext>(o => AnalyticsDatabase.ConfigurePostgres(o, connection.ConnectionString));
            services.AddSingleton<IAnalyticsDbContextFactory, AnalyticsDbContextFactory<PostgresAnalyticsDbContext>>();
        }
        else
        {
            services.AddDbContextFactory<SqliteAnalyticsDbContext>(o => AnalyticsDatabase.ConfigureSqlite(o, connection.ConnectionString));
            services.AddSingleton<IAnalyticsDbContextFactory, AnalyticsDbContextFactory<SqliteAnalyticsDbContext>>();
        }
    }
}

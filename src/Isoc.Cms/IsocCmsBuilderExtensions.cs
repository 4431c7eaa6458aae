using Isoc.Cms.Audit;
using Isoc.Cms.Content;
using Isoc.Cms.Data;
using Isoc.Cms.Install;
using Isoc.Cms.Notifications;
using Isoc.Cms.Publishing;
using Isoc.Cms.Security;
using Isoc.Cms.Sync;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Isoc.Cms;

public static class IsocCmsBuilderExtensions
{
    /// <summary>The content engine: data, content types, content service, published snapshot, scheduler, uSync and first start.</summary>
    public static IHostApplicationBuilder AddIsocCms(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddOptions<IsocOptions>().BindConfiguration(IsocOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();
        services.AddOptions<PublishingOptions>().BindConfiguration(PublishingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<InstallOptions>().BindConfiguration(InstallOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<USyncOptions>().BindConfiguration(USyncOptions.Section);

        // The provider decides which context type is registered, so it is read now rather than at first use.
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var dataPath = ResolveDataPath(builder.Configuration, builder.Environment);
        Directory.CreateDirectory(dataPath);
        DatabaseSetup.AddCmsDbContext(services, database, dataPath);

        services.TryAddSingletonTimeProvider();
        services.AddSingleton<INotificationPublisher, NotificationPublisher>();
        services.AddSingleton<ContentTypeRegistry>();
        services.AddSingleton<MarkupRenderer>();
        services.AddContentAudit();
        services.AddSingleton<PublishedSnapshotService>();
        services.AddSingleton<IPublishedSnapshotAccessor>(sp => sp.GetRequiredService<PublishedSnapshotService>());
        services.AddScoped<IContentService, ContentService>();
        services.AddSingleton<ScheduledPublisher>();
        services.AddSingleton<USyncFolder>();
        services.AddUSync();

        services.AddIdentityCore<BackofficeUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Lockout.MaxFailedAccessAttempts = 5;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<CmsDbContext>();

        // Initialisation must come before anything that reads content at start.
        services.AddHostedService<CmsInitializer>();
        var publishing = builder.Configuration.GetSection(PublishingOptions.Section).Get<PublishingOptions>() ?? new PublishingOptions();
        if (publishing.SchedulerEnabled)
        {
            services.AddHostedService<ScheduledPublishingService>();
        }

        builder.AddIsocMedia();

        return builder;
    }

    /// <summary>The data folder as an absolute path (Isoc:DataPath, default App_Data under the content root).</summary>
    public static string ResolveDataPath(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var configured = configuration[$"{IsocOptions.Section}:{nameof(IsocOptions.DataPath)}"];
        return Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? "App_Data" : configured, environment.ContentRootPath);
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (services.All(d => d.ServiceType != typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }

    private sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
    {
        public ValidateOptionsResult Validate(string? name, DatabaseOptions options) =>
            options.Provider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(options.ConnectionString)
                ? ValidateOptionsResult.Fail("Isoc:Database:Provider is Postgres but Isoc:Database:ConnectionString is empty.")
                : ValidateOptionsResult.Success;
    }
}

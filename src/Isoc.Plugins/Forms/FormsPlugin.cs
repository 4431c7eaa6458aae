using Isoc.Cms;
using Isoc.Cms.Data;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Isoc.Plugins.Forms;

/// <summary>
/// The forms engine: definitions from uSync/v17/Forms kept in the database, drawn on content pages that pick a
/// form, validated on the server, entries stored with their workflow jobs in one transaction, workflows run in
/// the background with retries, entries in the backoffice with CSV export and a retention period.
/// Other plugins add workflows with <see cref="FormWorkflowServiceCollectionExtensions.AddFormWorkflow{T}"/>.
/// "Isoc:Plugins:Forms:Enabled=false" switches it off.
/// </summary>
public sealed class FormsPlugin : IIsocPlugin
{
    public string Id => "Forms";

    public IReadOnlyList<string> Dependencies => [];

    public void AddServices(IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<FormsOptions>().BindConfiguration(FormsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<FormsOptions>, FormsOptionsValidator>();

        AddDatabase(services);
        services.AddSingleton<IFormCatalog, FormCatalog>();
        services.AddSingleton<IFormsSync, FormsSync>();
        services.TryAddSingleton<IFormPolicyVersion, PublishedFormPolicyVersion>();
        services.AddSingleton<FormWorkflowSignal>();
        services.AddSingleton<IFormSubmissions, FormSubmissions>();
        services.AddSingleton<IFormEntries, FormEntries>();
        services.AddSingleton<FormRateLimiter>();
        services.AddAntiforgery();
        services.AddScoped<FormSubmitHandler>(sp => new FormSubmitHandler(
            sp.GetRequiredService<IFormSubmissions>(),
            sp.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>(),
            sp.GetRequiredService<FormRateLimiter>(),
            sp.GetRequiredService<IOptions<FormsOptions>>()));

        services.AddHttpClient(PostToUrlWorkflow.ClientName)
            .ConfigurePrimaryHttpMessageHandler(PostToUrlWorkflow.CreateHandler)
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<FormsOptions>>().Value.WorkflowTimeout);
        services.AddFormWorkflow<PostToUrlWorkflow>();

        // Migrations and the catalog before the runner; hosted services start in the order they are added.
        services.AddHostedService<FormsInitializer>();
        services.AddSingleton<FormWorkflowRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<FormWorkflowRunner>());
        services.AddHostedService<FormRetentionService>();

        services.AddControllersWithViews().ConfigureApplicationPartManager(AddParts);
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        // The backoffice pages are MVC controllers (Forms/Backoffice), mapped with the engine's controllers.
    }

    private static void AddParts(ApplicationPartManager parts)
    {
        var assembly = typeof(FormsPlugin).Assembly;
        if (parts.ApplicationParts.OfType<AssemblyPart>().Any(p => p.Assembly == assembly))
        {
            return;
        }

        foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
        {
            parts.ApplicationParts.Add(part);
        }
    }

    private static void AddDatabase(IServiceCollection services)
    {
        var connection = services.LastOrDefault(d => d.ServiceType == typeof(DatabaseConnection))?.ImplementationInstance as DatabaseConnection
            ?? throw new InvalidOperationException("The Forms plugin needs the content engine: call AddIsocCms() before AddIsocPlugins().");
        if (connection.Provider == DatabaseProvider.Postgres)
        {
            services.AddDbContextFactory<PostgresFormsDbContext>(o => FormsDatabase.ConfigurePostgres(o, connection.ConnectionString));
            services.AddSingleton<IFormsDbContextFactory, FormsDbContextFactory<PostgresFormsDbContext>>();
        }
        else
        {
            services.AddDbContextFactory<SqliteFormsDbContext>(o => FormsDatabase.ConfigureSqlite(o, connection.ConnectionString));
            services.AddSingleton<IFormsDbContextFactory, FormsDbContextFactory<SqliteFormsDbContext>>();
        }
    }
}

using Isoc.Cms;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Isoc.Plugins.Mail;

/// <summary>
/// Transactional mail: Razor templates (HTML and text, English and Estonian) composed into MIME messages, a
/// durable outbox table committed with the change that causes a mail, and one background sender that hands
/// the outbox to an SMTP server (or .eml files in the data folder's "mail/", the default) with retries.
/// The outbox list is at /umbraco/mail for administrators. "Isoc:Plugins:Mail:Enabled=false" switches it off.
/// </summary>
public sealed class MailPlugin : IIsocPlugin
{
    public string Id => "Mail";

    public IReadOnlyList<string> Dependencies => [];

    public void AddServices(IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<MailOptions>, MailOptionsValidator>();
        var dataPath = IsocCmsBuilderExtensions.ResolveDataPath(builder.Configuration, builder.Environment);
        var pickup = builder.Configuration[$"{MailOptions.Section}:{nameof(MailOptions.PickupFolder)}"];
        services.AddSingleton(new MailPaths(Path.GetFullPath(string.IsNullOrWhiteSpace(pickup) ? "mail" : pickup, dataPath)));

        services.AddSingleton<IMailDbContextFactory, MailDbContextFactory>();
        services.AddSingleton<MailOutboxSignal>();
        services.AddSingleton<IMailOutbox, MailOutbox>();
        services.AddSingleton<IMailComposer, MailComposer>();
        services.AddSingleton<ITransactionalMailer, TransactionalMailer>();
        // Migrations first: hosted services start in the order they are added.
        services.AddHostedService<MailDatabaseInitializer>();
        if (builder.Configuration.GetValue($"{MailOptions.Section}:Outbox:SenderEnabled", true))
        {
            services.AddHostedService<MailOutboxSender>();
        }

        services.AddControllersWithViews().ConfigureApplicationPartManager(PluginParts.Add);
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        // The outbox page is an MVC controller, mapped with the backoffice's MapControllers.
    }
}

/// <summary>Applies the outbox's migrations at start (its own history table).</summary>
internal sealed class MailDatabaseInitializer(IMailDbContextFactory contexts) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var db = await contexts.CreateAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var pending = await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetPendingMigrationsAsync(db.Database, cancellationToken).ConfigureAwait(false);
            if (pending.Any())
            {
                await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.MigrateAsync(db.Database, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The plugins' controllers and compiled views, added once whichever plugin asks first.</summary>
internal static class PluginParts
{
    public static void Add(ApplicationPartManager parts)
    {
        var assembly = typeof(PluginParts).Assembly;
        if (parts.ApplicationParts.OfType<AssemblyPart>().Any(p => p.Assembly == assembly))
        {
            return;
        }

        foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
        {
            parts.ApplicationParts.Add(part);
        }
    }
}

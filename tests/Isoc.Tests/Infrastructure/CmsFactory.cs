using System.Globalization;
using Isoc.Cms;
using Isoc.Cms.Content;
using Isoc.Cms.Data;
using Isoc.Cms.Notifications;
using Isoc.Cms.Publishing;
using Isoc.Plugins.Consent;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Isoc.Tests.Infrastructure;

/// <summary>What a test host differs in; the defaults suit most tests.</summary>
public sealed record CmsHostOptions
{
    /// <summary>Replaces the host's <see cref="TimeProvider"/> (scheduling tests move time by hand).</summary>
    public FakeTimeProvider? Time { get; init; }

    public bool SchedulerEnabled { get; init; } = true;

    /// <summary>Import uSync/ at first start. Tests that bring their own document types turn it off.</summary>
    public bool ImportUSync { get; init; } = true;

    /// <summary>More configuration, e.g. "Isoc:Plugins:Consent:Enabled" = "false"; applied after the factory's own.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>More test services, applied after the engine's (ConfigureTestServices).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }
}

/// <summary>
/// The real site (<see cref="Program"/>) on a database of its own: SQLite in a fresh temp folder, or a fresh
/// PostgreSQL database on the server ISOC_TEST_POSTGRES names. Used as an xunit class fixture, so one host serves
/// every test of a class; <see cref="SqliteCmsFactory"/> and <see cref="PostgresCmsFactory"/> are the two fixtures.
/// </summary>
public class CmsFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminEmail = "admin@isoc.test";
    public const string AdminPassword = "Test-Admin-Pa55word!x";

    /// <summary>A node whose name starts with this cannot be published: <see cref="RefusePublishingHandler"/> cancels it.</summary>
    public const string RefusedPrefix = "Refused ";
    public const string RefusedMessage = "Publishing is refused by the test handler.";

    private readonly bool _ownsDatabase;
    private TestDatabase? _database;
    private int _disposed;

    protected CmsFactory(DatabaseProvider provider, CmsHostOptions? options = null)
    {
        Provider = provider;
        Options = options ?? new CmsHostOptions();
        _ownsDatabase = true;
    }

    /// <summary>A host on an existing database, which it leaves in place when disposed (a restart of the site).</summary>
    public CmsFactory(TestDatabase database, CmsHostOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        Provider = database.Provider;
        Options = options ?? new CmsHostOptions();
    }

    public DatabaseProvider Provider { get; }

    public CmsHostOptions Options { get; }

    public TestDatabase Database => _database ?? throw new InvalidOperationException("The fixture is not initialised yet (InitializeAsync creates the database).");

    public CommandCounter Commands { get; } = new();

    /// <summary>A new host with its own new database, started.</summary>
    public static async Task<CmsFactory> StartNewAsync(DatabaseProvider provider, CmsHostOptions? options = null)
    {
        var factory = new CmsFactory(provider, options);
        try
        {
            await factory.InitializeAsync();
            _ = factory.Server; // builds and starts the host: migrations, seed, administrator, snapshot
            return factory;
        }
        catch
        {
            await factory.DisposeAsync();
            throw;
        }
    }

    public virtual async Task InitializeAsync()
    {
        if (Provider == DatabaseProvider.Postgres)
        {
            _ = TestDatabase.ServerConnectionString(); // fails with how to run these tests when there is no server
        }

        if (Options.ImportUSync && !Directory.Exists(Path.Combine(RepoPaths.USync, "v17")))
        {
            throw new InvalidOperationException($"The seed content is missing: no {Path.Combine(RepoPaths.USync, "v17")}.");
        }

        _database ??= await TestDatabase.CreateAsync(Provider);
    }

    /// <summary>The snapshot readers see right now.</summary>
    public PublishedSnapshot Snapshot => Services.GetRequiredService<IPublishedSnapshotAccessor>().Current;

    public ContentTypeRegistry ContentTypes => Services.GetRequiredService<ContentTypeRegistry>();

    /// <summary>A client that shows redirects instead of following them.</summary>
    public HttpClient CreateSiteClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>Runs <paramref name="action"/> with the content service of a fresh scope, as one request would.</summary>
    public async Task<T> ContentAsync<T>(Func<IContentService, Task<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<IContentService>());
    }

    public async Task<T> DbAsync<T>(Func<CmsDbContext, Task<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<CmsDbContext>());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var database = Database;
        builder.UseSetting("Isoc:DataPath", database.DataPath);
        builder.UseSetting("Isoc:Database:Provider", database.Provider.ToString());
        builder.UseSetting("Isoc:Database:ConnectionString", database.ConnectionString ?? "");
        builder.UseSetting("Isoc:Install:AdminEmail", AdminEmail);
        builder.UseSetting("Isoc:Install:AdminPassword", AdminPassword);
        builder.UseSetting("Isoc:Install:ImportUSync", Options.ImportUSync.ToString(CultureInfo.InvariantCulture));
        // A copy per host: an export from the backoffice (an administrator's click in a test) must never rewrite the repository's uSync/.
        builder.UseSetting("Isoc:USync:RootFolder", CopyOfUSync(database.DataPath));
        builder.UseSetting("Isoc:Publishing:SchedulerInterval", "00:00:00.2");
        builder.UseSetting("Isoc:Publishing:SchedulerEnabled", Options.SchedulerEnabled.ToString(CultureInfo.InvariantCulture));
        foreach (var (key, value) in Options.Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services =>
        {
            if (Options.Time is { } time)
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(time);
            }

            // Parallel hosts must not share a key ring in the user's profile.
            services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(database.DataPath, "keys")));
            services.AddHttpContextAccessor();
            services.ConfigureDbContext<SqliteCmsDbContext>(o => o.AddInterceptors(Commands));
            services.ConfigureDbContext<PostgresCmsDbContext>(o => o.AddInterceptors(Commands));
            services.ConfigureDbContext<SqliteConsentDbContext>(o => o.AddInterceptors(Commands));
            services.ConfigureDbContext<PostgresConsentDbContext>(o => o.AddInterceptors(Commands));
            services.AddNotificationHandler<ContentPublishingNotification, RefusePublishingHandler>();
            Options.ConfigureServices?.Invoke(services);
        });
    }

    private static string CopyOfUSync(string dataPath)
    {
        var copy = Path.Combine(dataPath, "uSync");
        if (!Directory.Exists(copy))
        {
            foreach (var file in Directory.EnumerateFiles(RepoPaths.USync, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(copy, Path.GetRelativePath(RepoPaths.USync, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }

        return copy;
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await base.DisposeAsync();
        if (_ownsDatabase && _database is not null)
        {
            await _database.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}

/// <summary>The SQLite host of a test class.</summary>
public sealed class SqliteCmsFactory() : CmsFactory(DatabaseProvider.Sqlite);

/// <summary>The PostgreSQL host of a test class; fails (never skips) when ISOC_TEST_POSTGRES is not set.</summary>
public sealed class PostgresCmsFactory() : CmsFactory(DatabaseProvider.Postgres);

/// <summary>A "-ing" handler as a plugin would write one: it refuses to publish nodes named "Refused …".</summary>
public sealed class RefusePublishingHandler : INotificationHandler<ContentPublishingNotification>
{
    public Task HandleAsync(ContentPublishingNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (notification.Content.Names.Values.Any(n => n.StartsWith(CmsFactory.RefusedPrefix, StringComparison.Ordinal)))
        {
            notification.Cancel(CmsFactory.RefusedMessage);
        }

        return Task.CompletedTask;
    }
}

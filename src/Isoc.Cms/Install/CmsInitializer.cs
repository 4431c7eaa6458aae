using System.Security.Cryptography;
using Isoc.Cms.Content;
using Isoc.Cms.Data;
using Isoc.Cms.Publishing;
using Isoc.Cms.Security;
using Isoc.Cms.Sync;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Isoc.Cms.Install;

/// <summary>
/// Brings the database up to date before the site serves a request: applies migrations, fills an empty
/// database from uSync, creates the first administrator, then loads the published snapshot.
/// A second start finds everything in place and changes nothing.
/// </summary>
internal sealed partial class CmsInitializer(
    IServiceScopeFactory scopeFactory,
    ContentTypeRegistry contentTypes,
    PublishedSnapshotService snapshots,
    IOptions<InstallOptions> install,
    IOptions<DatabaseOptions> database,
    USyncFolder usyncFolder,
    TimeProvider time,
    ILogger<CmsInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        await using (var scope = scopeFactory.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            if (database.Value.Provider == DatabaseProvider.Sqlite)
            {
                // WAL lets readers and the one writer work at once; it is a property of the file, so set once.
                await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
                await db.Database.CloseConnectionAsync().ConfigureAwait(false);
            }

            // Migrate() also diffs the model against the last migration to warn of pending changes, which costs
            // a good part of a second; a start with nothing to apply (every start but the first) skips it.
            var pending = await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false);
            if (pending.Any())
            {
                await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            }

            var empty = !await db.Languages.AnyAsync(cancellationToken).ConfigureAwait(false)
                && !await db.ContentNodes.AnyAsync(cancellationToken).ConfigureAwait(false);
            if (empty && install.Value.ImportUSync)
            {
                var folder = usyncFolder.Resolve();
                if (folder is null)
                {
                    LogNoUSync(logger);
                }
                else
                {
                    var importer = scope.ServiceProvider.GetRequiredService<IUSyncImporter>();
                    var result = await importer.ImportAsync(folder, cancellationToken).ConfigureAwait(false);
                    LogImported(logger, folder, result.Languages, result.ContentTypes, result.Content);
                }
            }

            await EnsureAdministratorAsync(scope.ServiceProvider).ConfigureAwait(false);
        }

        var databaseTime = time.GetElapsedTime(started);
        await contentTypes.ReloadAsync(cancellationToken).ConfigureAwait(false);
        await snapshots.RebuildAsync(cancellationToken).ConfigureAwait(false);
        LogStarted(logger, (long)databaseTime.TotalMilliseconds, (long)snapshots.LastFullBuildDuration.TotalMilliseconds, (long)time.GetElapsedTime(started).TotalMilliseconds);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task EnsureAdministratorAsync(IServiceProvider services)
    {
        var roles = services.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
        foreach (var role in BackofficeRoles.All)
        {
            if (!await roles.RoleExistsAsync(role).ConfigureAwait(false))
            {
                await roles.CreateAsync(new IdentityRole<Guid>(role) { Id = Guid.NewGuid() }).ConfigureAwait(false);
            }
        }

        var users = services.GetRequiredService<UserManager<BackofficeUser>>();
        if (await users.Users.AnyAsync().ConfigureAwait(false))
        {
            return;
        }

        var email = install.Value.AdminEmail;
        var password = install.Value.AdminPassword;
        var generated = string.IsNullOrEmpty(password);
        if (generated)
        {
            password = GeneratePassword();
        }

        var admin = new BackofficeUser
        {
            Id = Guid.NewGuid(),
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = "Administrator",
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        var created = await users.CreateAsync(admin, password!).ConfigureAwait(false);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException("The first administrator could not be created: " + string.Join(" ", created.Errors.Select(e => e.Description)) + " Check Isoc:Install:AdminEmail and Isoc:Install:AdminPassword.");
        }

        await users.AddToRoleAsync(admin, BackofficeRoles.Administrator).ConfigureAwait(false);
        if (generated)
        {
            LogGeneratedPassword(logger, email, password!);
        }
        else
        {
            LogAdministrator(logger, email);
        }
    }

    private static string GeneratePassword()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        var chars = Enumerable.Range(0, 20).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]);
        // Identity's default rules want a digit, an upper- and a lower-case letter and a symbol.
        return string.Concat(chars) + "-7a";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported uSync from {Folder}: {Languages} languages, {ContentTypes} document types, {Content} content items")]
    private static partial void LogImported(ILogger logger, string folder, int languages, int contentTypes, int content);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database is empty and no uSync folder was found; the site starts without content")]
    private static partial void LogNoUSync(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "First administrator created: {Email} with the generated password {Password} (shown once; change it after signing in)")]
    private static partial void LogGeneratedPassword(ILogger logger, string email, string password);

    [LoggerMessage(Level = LogLevel.Information, Message = "First administrator created: {Email}")]
    private static partial void LogAdministrator(ILogger logger, string email);

    [LoggerMessage(Level = LogLevel.Information, Message = "Content engine ready in {TotalMs} ms (database and install {DatabaseMs} ms, published snapshot {SnapshotMs} ms)")]
    private static partial void LogStarted(ILogger logger, long databaseMs, long snapshotMs, long totalMs);
}

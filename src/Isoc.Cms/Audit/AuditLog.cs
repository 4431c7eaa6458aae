using Isoc.Cms.Content;
using Isoc.Cms.Data;
using Isoc.Cms.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Isoc.Cms.Audit;

public sealed record AuditEntry(DateTime At, string User, string Action, Guid? NodeKey, string? NodeName, string? Detail);

public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, int Total, int Page, int PageSize);

/// <summary>Every write to content, appended as it happens, and read back filtered by node and user, newest first.</summary>
public interface IAuditLog
{
    Task WriteAsync(string user, string action, ContentItem? content, string? detail, CancellationToken cancellationToken);

    Task<AuditPage> ReadAsync(Guid? nodeKey, string? user, int page, int pageSize, CancellationToken cancellationToken);
}

internal sealed class AuditLog(IServiceScopeFactory scopes, ContentTypeRegistry types, TimeProvider time) : IAuditLog
{
    public const int MaxPageSize = 200;

    public async Task WriteAsync(string user, string action, ContentItem? content, string? detail, CancellationToken cancellationToken)
    {
        // Its own scope: notification handlers are resolved from the root, and the audit must not ride on the caller's unit of work.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        db.AuditEntries.Add(new AuditEntryEntity
        {
            At = time.GetUtcNow().UtcDateTime,
            User = Clip(user, 255)!,
            Action = action,
            NodeKey = content?.Key,
            NodeName = Clip(content?.GetName(types.DefaultLanguage.IsoCode) ?? content?.Names.Values.FirstOrDefault(), 255),
            Detail = Clip(detail, 1000),
        });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<AuditPage> ReadAsync(Guid? nodeKey, string? user, int page, int pageSize, CancellationToken cancellationToken)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var query = db.AuditEntries.AsNoTracking();
        if (nodeKey is { } key)
        {
            query = query.Where(e => e.NodeKey == key);
        }

        if (!string.IsNullOrWhiteSpace(user))
        {
            query = query.Where(e => e.User == user);
        }

        var total = await query.CountAsync(cancellationToken).ConfigureAwait(false);
        var entries = await query.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(e => new AuditEntry(e.At, e.User, e.Action, e.NodeKey, e.NodeName, e.Detail))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new AuditPage(entries, total, page, pageSize);
    }

    private static string? Clip(string? text, int length) => text is null || text.Length <= length ? text : text[..length];
}

/// <summary>Writes an audit entry for each content write the engine announces.</summary>
internal sealed class AuditNotificationHandler(IAuditLog audit) :
    INotificationHandler<ContentSavedNotification>,
    INotificationHandler<ContentPublishedNotification>,
    INotificationHandler<ContentUnpublishedNotification>,
    INotificationHandler<ContentMovedNotification>,
    INotificationHandler<ContentMovedToRecycleBinNotification>,
    INotificationHandler<ContentRestoredNotification>,
    INotificationHandler<ContentSortedNotification>,
    INotificationHandler<ContentDeletedNotification>,
    INotificationHandler<ContentRolledBackNotification>,
    INotificationHandler<ContentCopiedNotification>
{
    public Task HandleAsync(ContentSavedNotification notification, CancellationToken cancellationToken) =>
        audit.WriteAsync(notification.User, "save", notification.Content, $"version {notification.Content.VersionNumber}", cancellationToken);

    public Task HandleAsync(ContentPublishedNotification notification, CancellationToken cancellationToken) =>
        audit.WriteAsync(notification.User, "publish", notification.Content, string.Join(", ", notification.Cultures), cancellationToken);

    public Task HandleAsync(ContentUnpublishedNotification notification, CancellationToken cancellationToken) =>
        audit.WriteAsync(notification.User, "unpublish", notification.Content, string.Join(", ", notification.Cultures), cancellationToken);

    public Task HandleAsync(ContentMovedNotification notification, CancellationToken cancellationToken) =>
        audit.WriteAsync(notification.User, "move", notification.Content, $"from {notification.OldParentKey?.ToString() ?? "the root"}", cancellationToken);

    public Task HandleAsync(ContentMovedToRecycleBinNotification notification, CancellationToken cancellationToken) =>
        audit.WriteAsync(notification.User, "recycle", notification.Content, null, cancellationToken);

    public Task HandleAsync(ContentRestoredNotification notification, CancellationToken cancellationToken) =>
        audit.WriteAsync(notification.User, "restore", notification.Content, null, cancellationToken);

    public Task HandleAsync(ContentSortedNotification notification, CancellationToken cancellationToken) =>
        audit.WriteAsync(notification.User, "sort", null, $"{notification.OrderedKeys.Count} items under {notification.ParentKey?.ToString() ?? "the root"}", cancellationToken);

    public Task HandleAsync(ContentDeletedNotification notification, CancellationToken cancellationToken) =>
        audit.WriteAsync(notification.User, "delete", notification.Content, null, cancellationToken);

    public Task HandleAsync(ContentRolledBackNotification notification, CancellationToken cancellationToken) =>
        audit.WriteAsync(notification.User, "rollback", notification.Content, $"from version id {notification.FromVersionId}", cancellationToken);

    public Task HandleAsync(ContentCopiedNotification notification, CancellationToken cancellationToken) =>
        audit.WriteAsync(notification.User, "copy", notification.Content, $"copied from {notification.SourceKey}", cancellationToken);
}

public static class AuditServiceCollectionExtensions
{
    /// <summary>The audit log and its subscriptions to every content write.</summary>
    public static IServiceCollection AddContentAudit(this IServiceCollection services)
    {
        services.AddSingleton<IAuditLog, AuditLog>();
        services.AddNotificationHandler<ContentSavedNotification, AuditNotificationHandler>();
        services.AddNotificationHandler<ContentPublishedNotification, AuditNotificationHandler>();
        services.AddNotificationHandler<ContentUnpublishedNotification, AuditNotificationHandler>();
        services.AddNotificationHandler<ContentMovedNotification, AuditNotificationHandler>();
        services.AddNotificationHandler<ContentMovedToRecycleBinNotification, AuditNotificationHandler>();
        services.AddNotificationHandler<ContentRestoredNotification, AuditNotificationHandler>();
        services.AddNotificationHandler<ContentSortedNotification, AuditNotificationHandler>();
        services.AddNotificationHandler<ContentDeletedNotification, AuditNotificationHandler>();
        services.AddNotificationHandler<ContentRolledBackNotification, AuditNotificationHandler>();
        services.AddNotificationHandler<ContentCopiedNotification, AuditNotificationHandler>();
        return services;
    }
}

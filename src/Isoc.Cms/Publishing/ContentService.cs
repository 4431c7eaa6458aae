using Isoc.Cms.Content;
using Isoc.Cms.Data;
using Isoc.Cms.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Isoc.Cms.Publishing;

/// <summary>
/// Every write to content goes through here: validate, save a version, publish, schedule, move, sort, trash, delete.
/// Each write raises its notifications; a cancelable "-ing" notification stops the write with its message.
/// </summary>
public interface IContentService
{
    Task<ContentItem?> GetAsync(Guid key, CancellationToken cancellationToken);
    Task<IReadOnlyList<ContentItem>> GetChildrenAsync(Guid? parentKey, CancellationToken cancellationToken);
    Task<IReadOnlyList<ContentItem>> GetRecycleBinAsync(CancellationToken cancellationToken);
    Task<OperationResult> CreateAsync(string contentTypeAlias, Guid? parentKey, ContentEdit edit, string user, CancellationToken cancellationToken, Guid? key = null);
    Task<OperationResult> SaveAsync(Guid key, ContentEdit edit, string user, CancellationToken cancellationToken);
    /// <summary>Publishes the current draft in the given cultures (null: every culture that has a name).</summary>
    Task<OperationResult> PublishAsync(Guid key, IReadOnlyList<string>? cultures, string user, CancellationToken cancellationToken);
    Task<OperationResult> PublishWithDescendantsAsync(Guid key, IReadOnlyList<string>? cultures, string user, CancellationToken cancellationToken);
    /// <summary>Unpublishes one culture, or every culture when <paramref name="culture"/> is null.</summary>
    Task<OperationResult> UnpublishAsync(Guid key, string? culture, string user, CancellationToken cancellationToken);
    Task<OperationResult> ScheduleAsync(Guid key, ScheduledAction action, string? culture, DateTime dueAtUtc, string user, CancellationToken cancellationToken);
    Task<IReadOnlyList<ScheduledChangeEntity>> GetScheduleAsync(Guid key, CancellationToken cancellationToken);
    Task<OperationResult> MoveAsync(Guid key, Guid? newParentKey, string user, CancellationToken cancellationToken);
    /// <summary>
    /// Copies a node (and, if asked, its descendants) under a parent as new, unpublished nodes. A name whose URL
    /// would clash with a sibling's gets " (copy)" added, as Umbraco adds " (1)".
    /// </summary>
    Task<OperationResult> CopyAsync(Guid key, Guid? newParentKey, bool withDescendants, string user, CancellationToken cancellationToken);
    /// <summary>The nodes (not in the bin) whose document type allows <paramref name="contentTypeAlias"/> below it.</summary>
    Task<IReadOnlyList<ContentItem>> GetPossibleParentsAsync(string contentTypeAlias, CancellationToken cancellationToken);
    Task<OperationResult> SortAsync(Guid? parentKey, IReadOnlyList<Guid> orderedKeys, string user, CancellationToken cancellationToken);
    Task<OperationResult> MoveToRecycleBinAsync(Guid key, string user, CancellationToken cancellationToken);
    Task<OperationResult> RestoreAsync(Guid key, Guid? parentKey, string user, CancellationToken cancellationToken);
    Task<OperationResult> DeleteAsync(Guid key, string user, CancellationToken cancellationToken);
    Task<IReadOnlyList<ContentVersionInfo>> GetVersionsAsync(Guid key, CancellationToken cancellationToken);
    Task<ContentItem?> GetVersionAsync(Guid key, long versionId, CancellationToken cancellationToken);
    Task<OperationResult> RollbackAsync(Guid key, long versionId, string user, CancellationToken cancellationToken);
}

internal sealed class ContentService(
    CmsDbContext db,
    ContentTypeRegistry contentTypes,
    PublishedSnapshotService snapshots,
    INotificationPublisher notifications,
    MarkupRenderer markup,
    TimeProvider time) : IContentService
{
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private string DefaultCulture => contentTypes.DefaultLanguage.IsoCode;

    public async Task<ContentItem?> GetAsync(Guid key, CancellationToken cancellationToken)
    {
        var node = await db.ContentNodes.AsNoTracking().FirstOrDefaultAsync(n => n.Key == key, cancellationToken);
        return node is null ? null : await CurrentAsync(node, cancellationToken);
    }

    public async Task<IReadOnlyList<ContentItem>> GetChildrenAsync(Guid? parentKey, CancellationToken cancellationToken)
    {
        var nodes = await db.ContentNodes.AsNoTracking().Where(n => n.ParentKey == parentKey && !n.Trashed).OrderBy(n => n.SortOrder).ToListAsync(cancellationToken);
        return await ToItemsAsync(nodes, cancellationToken);
    }

    public async Task<IReadOnlyList<ContentItem>> GetRecycleBinAsync(CancellationToken cancellationToken)
    {
        // The bin shows the nodes that were trashed themselves, not the descendants that went with them.
        var nodes = await db.ContentNodes.AsNoTracking().Where(n => n.Trashed && n.TrashedFromParentKey != null || n.Trashed && n.ParentKey == null).OrderBy(n => n.UpdateDate).ToListAsync(cancellationToken);
        return await ToItemsAsync(nodes, cancellationToken);
    }

    public async Task<OperationResult> CreateAsync(string contentTypeAlias, Guid? parentKey, ContentEdit edit, string user, CancellationToken cancellationToken, Guid? key = null)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var type = contentTypes.Get(contentTypeAlias);
        if (type is null)
        {
            return OperationResult.Invalid([new PropertyError("contentType", "", $"There is no document type '{contentTypeAlias}'.")]);
        }

        if (type.IsElement)
        {
            return OperationResult.NotAllowed($"'{type.Alias}' is an element type: it can only be used inside blocks.");
        }

        var level = 1;
        if (parentKey is { } pk)
        {
            var parent = await db.ContentNodes.AsNoTracking().FirstOrDefaultAsync(n => n.Key == pk, cancellationToken);
            if (parent is null || parent.Trashed)
            {
                return OperationResult.NotAllowed($"The parent {pk} does not exist.");
            }

            var parentType = contentTypes.Get(parent.ContentTypeAlias);
            if (parentType is null || !parentType.AllowedChildAliases.Contains(type.Alias, StringComparer.OrdinalIgnoreCase))
            {
                return OperationResult.NotAllowed($"'{type.Alias}' is not allowed under '{parent.ContentTypeAlias}'.");
            }

            level = parent.Level + 1;
        }
        else if (!type.AllowedAtRoot)
        {
            return OperationResult.NotAllowed($"'{type.Alias}' is not allowed at the root.");
        }

        var newKey = key ?? Guid.NewGuid();
        if (await db.ContentNodes.AnyAsync(n => n.Key == newKey, cancellationToken))
        {
            return OperationResult.Conflict($"Content with key {newKey} already exists.");
        }

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var values = new Dictionary<string, Dictionary<string, string?>>(StringComparer.OrdinalIgnoreCase);
        var mergeErrors = Merge(type, names, values, edit);
        if (mergeErrors.Count > 0)
        {
            return OperationResult.Invalid(mergeErrors);
        }

        var errors = await ValidateForSaveAsync(type, newKey, parentKey, names, values, cancellationToken);
        if (errors.Count > 0)
        {
            return OperationResult.Invalid(errors);
        }

        var now = Now;
        var sortOrder = await db.ContentNodes.Where(n => n.ParentKey == parentKey).Select(n => (int?)n.SortOrder).MaxAsync(cancellationToken) is { } max ? max + 1 : 0;
        var node = new ContentNodeEntity
        {
            Key = newKey,
            ParentKey = parentKey,
            ContentTypeAlias = type.Alias,
            Level = level,
            SortOrder = sortOrder,
            CreateDate = now,
            UpdateDate = now,
            CreatedBy = user,
            Revision = 1,
        };
        var version = NewVersion(newKey, 1, user, names, values, "save");

        var draft = Draft(node, version, []);
        var saving = new ContentSavingNotification(draft, user);
        await notifications.PublishAsync(saving, cancellationToken);
        if (saving.Cancelled)
        {
            return OperationResult.Cancelled(saving.CancelMessage);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.ContentNodes.Add(node);
        db.ContentVersions.Add(version);
        await db.SaveChangesAsync(cancellationToken);
        node.CurrentVersionId = version.Id;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var saved = Draft(node, version, []);
        await notifications.PublishAsync(new ContentSavedNotification(saved, user), cancellationToken);
        return OperationResult.Ok(saved);
    }

    public async Task<OperationResult> SaveAsync(Guid key, ContentEdit edit, string user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var node = await db.ContentNodes.FirstOrDefaultAsync(n => n.Key == key, cancellationToken);
        if (node is null)
        {
            return OperationResult.NotFound(key);
        }

        if (edit.ExpectedRevision is { } expected && expected != node.Revision)
        {
            return OperationResult.Conflict("Someone else saved this content since you opened it. Reload to see their changes, then make yours again.");
        }

        var type = contentTypes.Get(node.ContentTypeAlias)!;
        var current = await db.ContentVersions.AsNoTracking().FirstAsync(v => v.Id == node.CurrentVersionId, cancellationToken);
        var names = new Dictionary<string, string>(current.Names, StringComparer.Ordinal);
        var values = current.Values.ToDictionary(kv => kv.Key, kv => new Dictionary<string, string?>(kv.Value, StringComparer.Ordinal), StringComparer.OrdinalIgnoreCase);
        var mergeErrors = Merge(type, names, values, edit);
        if (mergeErrors.Count > 0)
        {
            return OperationResult.Invalid(mergeErrors);
        }

        var errors = await ValidateForSaveAsync(type, key, node.ParentKey, names, values, cancellationToken, current.Names);
        if (errors.Count > 0)
        {
            return OperationResult.Invalid(errors);
        }

        var version = NewVersion(key, current.VersionNumber + 1, user, names, values, "save");
        return await SaveVersionAsync(node, version, user, cancellationToken);
    }

    public async Task<OperationResult> RollbackAsync(Guid key, long versionId, string user, CancellationToken cancellationToken)
    {
        var node = await db.ContentNodes.FirstOrDefaultAsync(n => n.Key == key, cancellationToken);
        if (node is null)
        {
            return OperationResult.NotFound(key);
        }

        var source = await db.ContentVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Id == versionId && v.NodeKey == key, cancellationToken);
        if (source is null)
        {
            return new OperationResult { Status = OperationStatus.NotFound, Message = $"The node has no version {versionId}." };
        }

        var latestNumber = await db.ContentVersions.Where(v => v.NodeKey == key).MaxAsync(v => v.VersionNumber, cancellationToken);
        var version = NewVersion(key, latestNumber + 1, user, new Dictionary<string, string>(source.Names), source.Values.ToDictionary(kv => kv.Key, kv => new Dictionary<string, string?>(kv.Value)), "rollback");
        version.RolledBackFromVersionId = source.Id;
        var result = await SaveVersionAsync(node, version, user, cancellationToken);
        if (result.Success)
        {
            await notifications.PublishAsync(new ContentRolledBackNotification(result.Content!, source.Id, user), cancellationToken);
        }

        return result;
    }

    public async Task<OperationResult> PublishAsync(Guid key, IReadOnlyList<string>? cultures, string user, CancellationToken cancellationToken)
    {
        var result = await PublishCoreAsync(key, cultures, user, requireParent: true, cancellationToken);
        if (result.Success)
        {
            await snapshots.RefreshAsync([key], cancellationToken);
            await notifications.PublishAsync(new ContentPublishedNotification(result.Content!, result.Content!.Published.Keys.Where(c => cultures is null || cultures.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList(), user), cancellationToken);
        }

        return result;
    }

    public async Task<OperationResult> PublishWithDescendantsAsync(Guid key, IReadOnlyList<string>? cultures, string user, CancellationToken cancellationToken)
    {
        var first = await PublishCoreAsync(key, cultures, user, requireParent: true, cancellationToken);
        if (!first.Success)
        {
            return first;
        }

        var published = new List<ContentItem> { first.Content! };
        var failures = new List<PropertyError>();
        foreach (var descendantKey in await GetDescendantKeysAsync(key, cancellationToken))
        {
            var result = await PublishCoreAsync(descendantKey, cultures, user, requireParent: false, cancellationToken);
            if (result.Success)
            {
                published.Add(result.Content!);
            }
            else
            {
                // A descendant that cannot be published is reported and skipped; the rest go live.
                failures.AddRange(result.Errors.Count > 0
                    ? result.Errors.Select(e => e with { Message = $"{descendantKey}: {e.Message}" })
                    : [new PropertyError("content", "", $"{descendantKey}: {result.Message}")]);
            }
        }

        await snapshots.RefreshAsync(published.Select(p => p.Key).ToList(), cancellationToken);
        foreach (var item in published)
        {
            await notifications.PublishAsync(new ContentPublishedNotification(item, item.Published.Keys.ToList(), user), cancellationToken);
        }

        return failures.Count == 0
            ? OperationResult.Ok(published[0])
            : new OperationResult { Status = OperationStatus.Success, Content = published[0], Errors = failures, Message = $"{failures.Count} descendants could not be published." };
    }

    public async Task<OperationResult> UnpublishAsync(Guid key, string? culture, string user, CancellationToken cancellationToken)
    {
        var node = await db.ContentNodes.FirstOrDefaultAsync(n => n.Key == key, cancellationToken);
        if (node is null)
        {
            return OperationResult.NotFound(key);
        }

        var type = contentTypes.Get(node.ContentTypeAlias)!;
        var rows = await db.PublishedCultures.Where(p => p.NodeKey == key).ToListAsync(cancellationToken);
        string? canonical = null;
        if (culture is not null && type.VariesByCulture)
        {
            canonical = contentTypes.NormalizeCulture(culture);
            if (canonical is null)
            {
                return OperationResult.Invalid([new PropertyError("culture", culture, $"The site has no language '{culture}'.")]);
            }
        }

        var toRemove = canonical is null ? rows : rows.Where(r => r.Culture == canonical).ToList();
        if (toRemove.Count == 0)
        {
            return OperationResult.Ok(await CurrentAsync(node, cancellationToken));
        }

        var cultures = toRemove.Select(r => r.Culture).ToList();
        var item = await CurrentAsync(node, cancellationToken);
        var unpublishing = new ContentUnpublishingNotification(item, cultures, user);
        await notifications.PublishAsync(unpublishing, cancellationToken);
        if (unpublishing.Cancelled)
        {
            return OperationResult.Cancelled(unpublishing.CancelMessage);
        }

        db.PublishedCultures.RemoveRange(toRemove);
        Touch(node);
        await SaveChangesAsync(cancellationToken);
        await snapshots.RefreshAsync([key], cancellationToken);
        var after = await CurrentAsync(node, cancellationToken);
        await notifications.PublishAsync(new ContentUnpublishedNotification(after, cultures, user), cancellationToken);
        return OperationResult.Ok(after);
    }

    public async Task<OperationResult> ScheduleAsync(Guid key, ScheduledAction action, string? culture, DateTime dueAtUtc, string user, CancellationToken cancellationToken)
    {
        var node = await db.ContentNodes.AsNoTracking().FirstOrDefaultAsync(n => n.Key == key, cancellationToken);
        if (node is null)
        {
            return OperationResult.NotFound(key);
        }

        if (!Enum.IsDefined(action))
        {
            return OperationResult.Invalid([new PropertyError("action", "", "The action must be Publish or Unpublish.")]);
        }

        string? canonical = null;
        if (culture is not null)
        {
            canonical = contentTypes.NormalizeCulture(culture);
            if (canonical is null)
            {
                return OperationResult.Invalid([new PropertyError("culture", culture, $"The site has no language '{culture}'.")]);
            }
        }

        // A local time is converted, not relabelled: relabelling would shift the schedule by the server's offset.
        var due = dueAtUtc.Kind switch
        {
            DateTimeKind.Utc => dueAtUtc,
            DateTimeKind.Local => dueAtUtc.ToUniversalTime(),
            _ => DateTime.SpecifyKind(dueAtUtc, DateTimeKind.Utc),
        };
        db.ScheduledChanges.Add(new ScheduledChangeEntity
        {
            NodeKey = key,
            Culture = canonical,
            Action = action,
            DueAt = due,
            RequestedBy = user,
            RequestedAt = Now,
        });
        await db.SaveChangesAsync(cancellationToken);
        return OperationResult.Ok(await CurrentAsync(node, cancellationToken));
    }

    public async Task<IReadOnlyList<ScheduledChangeEntity>> GetScheduleAsync(Guid key, CancellationToken cancellationToken) =>
        await db.ScheduledChanges.AsNoTracking().Where(s => s.NodeKey == key).OrderBy(s => s.DueAt).ToListAsync(cancellationToken);

    public async Task<OperationResult> MoveAsync(Guid key, Guid? newParentKey, string user, CancellationToken cancellationToken)
    {
        var node = await db.ContentNodes.FirstOrDefaultAsync(n => n.Key == key, cancellationToken);
        if (node is null)
        {
            return OperationResult.NotFound(key);
        }

        var type = contentTypes.Get(node.ContentTypeAlias)!;
        var level = 1;
        if (newParentKey is { } pk)
        {
            if (pk == key || (await GetDescendantKeysAsync(key, cancellationToken)).Contains(pk))
            {
                return OperationResult.NotAllowed("A node cannot be moved below itself.");
            }

            var parent = await db.ContentNodes.AsNoTracking().FirstOrDefaultAsync(n => n.Key == pk && !n.Trashed, cancellationToken);
            if (parent is null)
            {
                return OperationResult.NotAllowed($"The parent {pk} does not exist.");
            }

            if (contentTypes.Get(parent.ContentTypeAlias) is not { } parentType || !parentType.AllowedChildAliases.Contains(type.Alias, StringComparer.OrdinalIgnoreCase))
            {
                return OperationResult.NotAllowed($"'{type.Alias}' is not allowed under '{parent.ContentTypeAlias}'.");
            }

            level = parent.Level + 1;
        }
        else if (!type.AllowedAtRoot)
        {
            return OperationResult.NotAllowed($"'{type.Alias}' is not allowed at the root.");
        }

        var item = await CurrentAsync(node, cancellationToken);
        var moving = new ContentMovingNotification(item, newParentKey, user);
        await notifications.PublishAsync(moving, cancellationToken);
        if (moving.Cancelled)
        {
            return OperationResult.Cancelled(moving.CancelMessage);
        }

        var oldParent = node.ParentKey;
        var sortOrder = await db.ContentNodes.Where(n => n.ParentKey == newParentKey && n.Key != key).Select(n => (int?)n.SortOrder).MaxAsync(cancellationToken) is { } max ? max + 1 : 0;
        node.ParentKey = newParentKey;
        node.SortOrder = sortOrder;
        var levelDelta = level - node.Level;
        node.Level = level;
        Touch(node);
        var descendants = await GetDescendantKeysAsync(key, cancellationToken);
        if (levelDelta != 0)
        {
            foreach (var descendant in await db.ContentNodes.Where(n => descendants.Contains(n.Key)).ToListAsync(cancellationToken))
            {
                descendant.Level += levelDelta;
            }
        }

        await SaveChangesAsync(cancellationToken);
        await snapshots.RefreshAsync([key, .. descendants], cancellationToken);
        var after = await CurrentAsync(node, cancellationToken);
        await notifications.PublishAsync(new ContentMovedNotification(after, oldParent, user), cancellationToken);
        return OperationResult.Ok(after);
    }

    public async Task<OperationResult> CopyAsync(Guid key, Guid? newParentKey, bool withDescendants, string user, CancellationToken cancellationToken)
    {
        var node = await db.ContentNodes.AsNoTracking().FirstOrDefaultAsync(n => n.Key == key, cancellationToken);
        if (node is null)
        {
            return OperationResult.NotFound(key);
        }

        if (node.Trashed)
        {
            return OperationResult.NotAllowed("Content in the recycle bin cannot be copied; restore it first.");
        }

        if (withDescendants && newParentKey is { } target && (target == key || (await GetDescendantKeysAsync(key, cancellationToken)).Contains(target)))
        {
            return OperationResult.NotAllowed("A node cannot be copied with its descendants below itself.");
        }

        if (await CheckPlacementAsync(node, newParentKey, cancellationToken) is { } refused)
        {
            return refused;
        }

        var source = await db.ContentVersions.AsNoTracking().FirstAsync(v => v.Id == node.CurrentVersionId, cancellationToken);
        var siblingIds = await db.ContentNodes.AsNoTracking().Where(n => n.ParentKey == newParentKey && !n.Trashed).Select(n => n.CurrentVersionId).ToListAsync(cancellationToken);
        var siblingNames = await db.ContentVersions.AsNoTracking().Where(v => siblingIds.Contains(v.Id)).Select(v => v.Names).ToListAsync(cancellationToken);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (culture, name) in source.Names)
        {
            var candidate = name;
            for (var n = 1; siblingNames.Any(s => s.TryGetValue(culture, out var other) && UrlSegments.FromName(other) == UrlSegments.FromName(candidate)); n++)
            {
                candidate = n == 1 ? $"{name} (copy)" : $"{name} (copy {n})";
            }

            names[culture] = candidate;
        }

        var copy = await CopyOneAsync(node, source, names, newParentKey, user, cancellationToken);
        if (!copy.Success || !withDescendants)
        {
            return copy;
        }

        // Children are copied level by level under their new parents; their names cannot clash there, as they did not before.
        var pending = new Queue<(Guid From, Guid To)>([(key, copy.Content!.Key)]);
        while (pending.TryDequeue(out var pair))
        {
            var children = await db.ContentNodes.AsNoTracking().Where(n => n.ParentKey == pair.From && !n.Trashed).OrderBy(n => n.SortOrder).ToListAsync(cancellationToken);
            foreach (var child in children)
            {
                var version = await db.ContentVersions.AsNoTracking().FirstAsync(v => v.Id == child.CurrentVersionId, cancellationToken);
                var childCopy = await CopyOneAsync(child, version, new Dictionary<string, string>(version.Names, StringComparer.Ordinal), pair.To, user, cancellationToken);
                if (!childCopy.Success)
                {
                    return new OperationResult { Status = OperationStatus.Success, Content = copy.Content, Message = $"Copied, but not every descendant: {childCopy.Message ?? string.Join(" ", childCopy.Errors.Select(e => e.Message))}" };
                }

                pending.Enqueue((child.Key, childCopy.Content!.Key));
            }
        }

        return copy;
    }

    private async Task<OperationResult> CopyOneAsync(ContentNodeEntity node, ContentVersionEntity source, Dictionary<string, string> names, Guid? parentKey, string user, CancellationToken cancellationToken)
    {
        var edit = new ContentEdit();
        foreach (var (culture, name) in names)
        {
            edit.WithName(culture, name);
        }

        foreach (var (alias, byCulture) in source.Values)
        {
            foreach (var (culture, value) in byCulture)
            {
                edit.WithValue(alias, value, culture);
            }
        }

        var created = await CreateAsync(node.ContentTypeAlias, parentKey, edit, user, cancellationToken);
        if (created.Success)
        {
            await notifications.PublishAsync(new ContentCopiedNotification(created.Content!, node.Key, user), cancellationToken);
        }

        return created;
    }

    public async Task<IReadOnlyList<ContentItem>> GetPossibleParentsAsync(string contentTypeAlias, CancellationToken cancellationToken)
    {
        var parentAliases = contentTypes.ContentTypes.Where(t => t.AllowedChildAliases.Contains(contentTypeAlias, StringComparer.OrdinalIgnoreCase)).Select(t => t.Alias).ToList();
        var nodes = await db.ContentNodes.AsNoTracking().Where(n => !n.Trashed && parentAliases.Contains(n.ContentTypeAlias)).OrderBy(n => n.Level).ThenBy(n => n.SortOrder).ToListAsync(cancellationToken);
        return await ToItemsAsync(nodes, cancellationToken);
    }

    public async Task<OperationResult> SortAsync(Guid? parentKey, IReadOnlyList<Guid> orderedKeys, string user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orderedKeys);
        var siblings = await db.ContentNodes.Where(n => n.ParentKey == parentKey && !n.Trashed).ToListAsync(cancellationToken);
        var unknown = orderedKeys.Where(k => siblings.All(s => s.Key != k)).ToList();
        if (unknown.Count > 0)
        {
            return OperationResult.Invalid([new PropertyError("sort", "", $"Not children of this parent: {string.Join(", ", unknown)}.")]);
        }

        if (orderedKeys.Distinct().Count() != orderedKeys.Count)
        {
            return OperationResult.Invalid([new PropertyError("sort", "", "A node is listed twice.")]);
        }

        // Nodes left out of the list keep their relative order after the listed ones.
        var order = orderedKeys.Concat(siblings.OrderBy(s => s.SortOrder).Select(s => s.Key).Where(k => !orderedKeys.Contains(k))).ToList();
        for (var i = 0; i < order.Count; i++)
        {
            var sibling = siblings.First(s => s.Key == order[i]);
            if (sibling.SortOrder != i)
            {
                sibling.SortOrder = i;
                Touch(sibling);
            }
        }

        await SaveChangesAsync(cancellationToken);
        await snapshots.RefreshAsync(order, cancellationToken);
        await notifications.PublishAsync(new ContentSortedNotification(parentKey, order, user), cancellationToken);
        return OperationResult.Ok();
    }

    public async Task<OperationResult> MoveToRecycleBinAsync(Guid key, string user, CancellationToken cancellationToken)
    {
        var node = await db.ContentNodes.FirstOrDefaultAsync(n => n.Key == key, cancellationToken);
        if (node is null)
        {
            return OperationResult.NotFound(key);
        }

        if (node.Trashed)
        {
            return OperationResult.NotAllowed("The node is already in the recycle bin.");
        }

        var item = await CurrentAsync(node, cancellationToken);
        var trashing = new ContentMovingToRecycleBinNotification(item, user);
        await notifications.PublishAsync(trashing, cancellationToken);
        if (trashing.Cancelled)
        {
            return OperationResult.Cancelled(trashing.CancelMessage);
        }

        var descendants = await GetDescendantKeysAsync(key, cancellationToken);
        node.Trashed = true;
        node.TrashedFromParentKey = node.ParentKey;
        Touch(node);
        foreach (var descendant in await db.ContentNodes.Where(n => descendants.Contains(n.Key)).ToListAsync(cancellationToken))
        {
            descendant.Trashed = true;
        }

        await SaveChangesAsync(cancellationToken);
        await db.ScheduledChanges.Where(s => s.NodeKey == key || descendants.Contains(s.NodeKey)).ExecuteDeleteAsync(cancellationToken);
        await snapshots.RefreshAsync([key, .. descendants], cancellationToken);
        var after = await CurrentAsync(node, cancellationToken);
        await notifications.PublishAsync(new ContentMovedToRecycleBinNotification(after, user), cancellationToken);
        return OperationResult.Ok(after);
    }

    public async Task<OperationResult> RestoreAsync(Guid key, Guid? parentKey, string user, CancellationToken cancellationToken)
    {
        var node = await db.ContentNodes.FirstOrDefaultAsync(n => n.Key == key, cancellationToken);
        if (node is null)
        {
            return OperationResult.NotFound(key);
        }

        if (!node.Trashed)
        {
            return OperationResult.NotAllowed("The node is not in the recycle bin.");
        }

        var target = parentKey ?? node.TrashedFromParentKey;
        if (target is { } t && !await db.ContentNodes.AnyAsync(n => n.Key == t && !n.Trashed, cancellationToken))
        {
            return OperationResult.NotAllowed("The original parent no longer exists; choose where to restore the node.");
        }

        // Checked before anything changes: a refused move after the node left the bin would leave it half restored.
        if (target != node.ParentKey && await CheckPlacementAsync(node, target, cancellationToken) is { } refused)
        {
            return refused;
        }

        var descendants = await GetDescendantKeysAsync(key, cancellationToken);
        node.Trashed = false;
        node.TrashedFromParentKey = null;
        Touch(node);
        foreach (var descendant in await db.ContentNodes.Where(n => descendants.Contains(n.Key)).ToListAsync(cancellationToken))
        {
            descendant.Trashed = false;
        }

        await SaveChangesAsync(cancellationToken);
        if (target != node.ParentKey)
        {
            var moved = await MoveAsync(key, target, user, cancellationToken);
            if (!moved.Success)
            {
                return moved;
            }
        }
        else
        {
            await snapshots.RefreshAsync([key, .. descendants], cancellationToken);
        }

        var after = await CurrentAsync(node, cancellationToken);
        await notifications.PublishAsync(new ContentRestoredNotification(after, user), cancellationToken);
        return OperationResult.Ok(after);
    }

    public async Task<OperationResult> DeleteAsync(Guid key, string user, CancellationToken cancellationToken)
    {
        var node = await db.ContentNodes.FirstOrDefaultAsync(n => n.Key == key, cancellationToken);
        if (node is null)
        {
            return OperationResult.NotFound(key);
        }

        var item = await CurrentAsync(node, cancellationToken);
        var deleting = new ContentDeletingNotification(item, user);
        await notifications.PublishAsync(deleting, cancellationToken);
        if (deleting.Cancelled)
        {
            return OperationResult.Cancelled(deleting.CancelMessage);
        }

        List<Guid> keys = [key, .. await GetDescendantKeysAsync(key, cancellationToken)];
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.ScheduledChanges.Where(s => keys.Contains(s.NodeKey)).ExecuteDeleteAsync(cancellationToken);
            await db.Redirects.Where(r => keys.Contains(r.NodeKey)).ExecuteDeleteAsync(cancellationToken);
            await db.PublishedCultures.Where(p => keys.Contains(p.NodeKey)).ExecuteDeleteAsync(cancellationToken);
            await db.ContentVersions.Where(v => keys.Contains(v.NodeKey)).ExecuteDeleteAsync(cancellationToken);
            await db.ContentNodes.Where(n => keys.Contains(n.Key)).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await snapshots.RefreshAsync(keys, cancellationToken);
        await notifications.PublishAsync(new ContentDeletedNotification(item, user), cancellationToken);
        return OperationResult.Ok(item);
    }

    public async Task<IReadOnlyList<ContentVersionInfo>> GetVersionsAsync(Guid key, CancellationToken cancellationToken)
    {
        var node = await db.ContentNodes.AsNoTracking().FirstOrDefaultAsync(n => n.Key == key, cancellationToken);
        if (node is null)
        {
            return [];
        }

        // Only the columns the list shows: a long history must not read (and parse) every version's values.
        var versions = await db.ContentVersions.AsNoTracking().Where(v => v.NodeKey == key).OrderByDescending(v => v.VersionNumber)
            .Select(v => new { v.Id, v.VersionNumber, v.CreatedAt, v.CreatedBy, v.Reason, v.PublishedCultures })
            .ToListAsync(cancellationToken);
        return versions.Select(v => new ContentVersionInfo(v.Id, v.VersionNumber, v.CreatedAt, v.CreatedBy, v.Reason, v.PublishedCultures, v.Id == node.CurrentVersionId)).ToList();
    }

    public async Task<ContentItem?> GetVersionAsync(Guid key, long versionId, CancellationToken cancellationToken)
    {
        var node = await db.ContentNodes.AsNoTracking().FirstOrDefaultAsync(n => n.Key == key, cancellationToken);
        return node is null ? null : await ToItemAsync(node, versionId, cancellationToken);
    }

    internal async Task<OperationResult> PublishCoreAsync(Guid key, IReadOnlyList<string>? cultures, string user, bool requireParent, CancellationToken cancellationToken)
    {
        var node = await db.ContentNodes.FirstOrDefaultAsync(n => n.Key == key, cancellationToken);
        if (node is null)
        {
            return OperationResult.NotFound(key);
        }

        if (node.Trashed)
        {
            return OperationResult.NotAllowed("Content in the recycle bin cannot be published.");
        }

        var type = contentTypes.Get(node.ContentTypeAlias)!;
        var version = await db.ContentVersions.FirstAsync(v => v.Id == node.CurrentVersionId, cancellationToken);
        List<string> targets;
        if (!type.VariesByCulture)
        {
            targets = [DefaultCulture];
        }
        else if (cultures is null)
        {
            targets = version.Names.Keys.ToList();
        }
        else
        {
            targets = [];
            foreach (var culture in cultures)
            {
                var canonical = contentTypes.NormalizeCulture(culture);
                if (canonical is null)
                {
                    return OperationResult.Invalid([new PropertyError("culture", culture, $"The site has no language '{culture}'.")]);
                }

                targets.Add(canonical);
            }
        }

        if (targets.Count == 0)
        {
            return OperationResult.Invalid([new PropertyError(ContentValidator.NameAlias, DefaultCulture, "A name is required.")]);
        }

        var errors = ContentValidator.Validate(type, version.Names, ReadOnly(OfType(type, version.Values)), targets, DefaultCulture).ToList();
        if (errors.Count > 0)
        {
            return OperationResult.Invalid(errors, await CurrentAsync(node, cancellationToken));
        }

        if (requireParent && node.ParentKey is { } parentKey)
        {
            var parentPublished = await db.PublishedCultures.Where(p => p.NodeKey == parentKey).Select(p => p.Culture).ToListAsync(cancellationToken);
            var parentNode = await db.ContentNodes.AsNoTracking().FirstAsync(n => n.Key == parentKey, cancellationToken);
            var parentVaries = contentTypes.Get(parentNode.ContentTypeAlias)?.VariesByCulture ?? false;
            var missing = targets.Where(c => parentVaries ? !parentPublished.Contains(c) : parentPublished.Count == 0).ToList();
            if (missing.Count > 0)
            {
                return OperationResult.NotAllowed($"Publish the parent first: it is not published in {string.Join(", ", missing)}.");
            }
        }

        var draft = await CurrentAsync(node, cancellationToken);
        var publishing = new ContentPublishingNotification(draft, targets, user);
        await notifications.PublishAsync(publishing, cancellationToken);
        if (publishing.Cancelled)
        {
            return OperationResult.Cancelled(publishing.CancelMessage);
        }

        var now = Now;
        var existing = await db.PublishedCultures.Where(p => p.NodeKey == key).ToListAsync(cancellationToken);
        foreach (var culture in targets)
        {
            var name = version.Names.TryGetValue(culture, out var n) ? n : version.Names.Values.First();
            var row = existing.FirstOrDefault(p => p.Culture == culture);
            if (row is null)
            {
                db.PublishedCultures.Add(new PublishedCultureEntity
                {
                    NodeKey = key,
                    Culture = culture,
                    VersionId = version.Id,
                    Name = name,
                    UrlSegment = UrlSegments.FromName(name),
                    PublishedAt = now,
                    PublishedBy = user,
                });
            }
            else
            {
                row.VersionId = version.Id;
                row.Name = name;
                row.UrlSegment = UrlSegments.FromName(name);
                row.PublishedAt = now;
                row.PublishedBy = user;
            }

            if (!version.PublishedCultures.Contains(culture))
            {
                version.PublishedCultures = [.. version.PublishedCultures, culture];
            }
        }

        version.LastPublishedAt = now;
        version.LastPublishedBy = user;
        Touch(node);
        await SaveChangesAsync(cancellationToken);
        return OperationResult.Ok(await CurrentAsync(node, cancellationToken));
    }

    private async Task<OperationResult> SaveVersionAsync(ContentNodeEntity node, ContentVersionEntity version, string user, CancellationToken cancellationToken)
    {
        var published = await LoadPublishedAsync([node.Key], cancellationToken);
        var saving = new ContentSavingNotification(Draft(node, version, published[node.Key]), user);
        await notifications.PublishAsync(saving, cancellationToken);
        if (saving.Cancelled)
        {
            return OperationResult.Cancelled(saving.CancelMessage);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.ContentVersions.Add(version);
        await db.SaveChangesAsync(cancellationToken);
        node.CurrentVersionId = version.Id;
        Touch(node);
        var saved = await SaveChangesAsync(cancellationToken);
        if (!saved)
        {
            return OperationResult.Conflict("Someone else saved this content at the same moment. Reload and try again.");
        }

        await transaction.CommitAsync(cancellationToken);
        var item = Draft(node, version, published[node.Key]);
        await notifications.PublishAsync(new ContentSavedNotification(item, user), cancellationToken);
        return OperationResult.Ok(item);
    }

    /// <summary>Null when <paramref name="node"/>'s type may live under <paramref name="parentKey"/> (or at the root), else why not.</summary>
    private async Task<OperationResult?> CheckPlacementAsync(ContentNodeEntity node, Guid? parentKey, CancellationToken cancellationToken)
    {
        var type = contentTypes.Get(node.ContentTypeAlias)!;
        if (parentKey is not { } pk)
        {
            return type.AllowedAtRoot ? null : OperationResult.NotAllowed($"'{type.Alias}' is not allowed at the root.");
        }

        var parentAlias = await db.ContentNodes.AsNoTracking().Where(n => n.Key == pk && !n.Trashed).Select(n => n.ContentTypeAlias).FirstOrDefaultAsync(cancellationToken);
        if (parentAlias is null)
        {
            return OperationResult.NotAllowed($"The parent {pk} does not exist.");
        }

        return contentTypes.Get(parentAlias) is { } parentType && parentType.AllowedChildAliases.Contains(type.Alias, StringComparer.OrdinalIgnoreCase)
            ? null
            : OperationResult.NotAllowed($"'{type.Alias}' is not allowed under '{parentAlias}'.");
    }

    private void Touch(ContentNodeEntity node)
    {
        node.UpdateDate = Now;
        node.Revision++;
    }

    private async Task<bool> SaveChangesAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    /// <summary>Applies an edit onto names and values; refuses cultures the site does not have.</summary>
    private List<PropertyError> Merge(ResolvedContentType type, Dictionary<string, string> names, Dictionary<string, Dictionary<string, string?>> values, ContentEdit edit)
    {
        var errors = new List<PropertyError>();
        foreach (var (culture, name) in edit.Names)
        {
            var canonical = type.VariesByCulture ? contentTypes.NormalizeCulture(culture) : DefaultCulture;
            if (canonical is null)
            {
                errors.Add(new PropertyError(ContentValidator.NameAlias, culture, $"The site has no language '{culture}'."));
                continue;
            }

            if (string.IsNullOrWhiteSpace(name))
            {
                names.Remove(canonical);
            }
            else
            {
                names[canonical] = name.Trim();
            }
        }

        foreach (var (alias, byCulture) in edit.Values)
        {
            var property = type.GetProperty(alias);
            if (property is null)
            {
                errors.Add(new PropertyError(alias, "", $"The document type '{type.Alias}' has no property '{alias}'."));
                continue;
            }

            if (!values.TryGetValue(property.Alias, out var stored))
            {
                values[property.Alias] = stored = new Dictionary<string, string?>(StringComparer.Ordinal);
            }

            var varies = property.VariesByCulture && type.VariesByCulture;
            foreach (var (culture, value) in byCulture)
            {
                string? key = varies ? contentTypes.NormalizeCulture(culture) : "";
                if (key is null)
                {
                    errors.Add(new PropertyError(property.Alias, culture, varies
                        ? $"The site has no language '{culture}'."
                        : $"{property.Name} does not vary by culture; send it with the empty culture."));
                    continue;
                }

                if (!varies && culture.Length > 0)
                {
                    errors.Add(new PropertyError(property.Alias, culture, $"{property.Name} does not vary by culture; send it with the empty culture."));
                    continue;
                }

                if (value is null)
                {
                    stored.Remove(key);
                }
                else
                {
                    // Rich text is cleaned on the way in as well as on the way out: what is stored (and exported
                    // to uSync, and served by the Delivery API) never holds a script. Markdown stays as typed; its
                    // raw HTML is never rendered.
                    stored[key] = property.EditorAlias == PropertyEditors.RichText ? markup.SanitizeHtml(value) : value;
                }
            }
        }

        return errors;
    }

    private async Task<List<PropertyError>> ValidateForSaveAsync(ResolvedContentType type, Guid key, Guid? parentKey, Dictionary<string, string> names, Dictionary<string, Dictionary<string, string?>> values, CancellationToken cancellationToken, Dictionary<string, string>? previousNames = null)
    {
        var cultures = names.Count == 0 ? [DefaultCulture] : names.Keys.ToList();
        var errors = ContentValidator.Validate(type, names, ReadOnly(OfType(type, values)), cultures, DefaultCulture).ToList();

        // Two siblings with the same URL segment would hide one of them: refuse the name instead. Only names whose
        // URL segment changes need the check, which reads every sibling: most saves change text, not names.
        var renamed = names.Where(n => previousNames is null || !previousNames.TryGetValue(n.Key, out var before) || UrlSegments.FromName(before) != UrlSegments.FromName(n.Value)).ToList();
        var siblings = renamed.Count == 0 ? [] : await db.ContentNodes.AsNoTracking().Where(n => n.ParentKey == parentKey && n.Key != key && !n.Trashed).Select(n => n.CurrentVersionId).ToListAsync(cancellationToken);
        if (siblings.Count > 0)
        {
            var siblingNames = await db.ContentVersions.AsNoTracking().Where(v => siblings.Contains(v.Id)).Select(v => v.Names).ToListAsync(cancellationToken);
            foreach (var (culture, name) in renamed)
            {
                var segment = UrlSegments.FromName(name);
                if (siblingNames.Any(s => s.TryGetValue(culture, out var other) && UrlSegments.FromName(other) == segment))
                {
                    errors.Add(new PropertyError(ContentValidator.NameAlias, type.VariesByCulture ? culture : "", $"Another item at this level already has the URL '{segment}' in {culture}; choose another name."));
                }
            }
        }

        return errors;
    }

    private ContentVersionEntity NewVersion(Guid key, int number, string user, Dictionary<string, string> names, Dictionary<string, Dictionary<string, string?>> values, string reason) => new()
    {
        NodeKey = key,
        VersionNumber = number,
        CreatedAt = Now,
        CreatedBy = user,
        Names = names,
        Values = values,
        Reason = reason,
    };

    private async Task<List<Guid>> GetDescendantKeysAsync(Guid key, CancellationToken cancellationToken)
    {
        var result = new List<Guid>();
        var frontier = new List<Guid> { key };
        while (frontier.Count > 0)
        {
            var current = frontier;
            var next = await db.ContentNodes.AsNoTracking().Where(n => n.ParentKey != null && current.Contains(n.ParentKey.Value)).Select(n => n.Key).ToListAsync(cancellationToken);
            result.AddRange(next);
            frontier = next;
        }

        return result;
    }

    private async Task<Dictionary<Guid, Dictionary<string, PublishedCultureInfo>>> LoadPublishedAsync(IReadOnlyCollection<Guid> keys, CancellationToken cancellationToken)
    {
        var rows = await db.PublishedCultures.AsNoTracking().Where(p => keys.Contains(p.NodeKey)).ToListAsync(cancellationToken);
        return keys.ToDictionary(
            k => k,
            k => rows.Where(r => r.NodeKey == k).ToDictionary(r => r.Culture, r => new PublishedCultureInfo(r.Culture, r.VersionId, r.Name, r.UrlSegment, r.PublishedAt, r.PublishedBy), StringComparer.Ordinal));
    }

    private async Task<IReadOnlyList<ContentItem>> ToItemsAsync(List<ContentNodeEntity> nodes, CancellationToken cancellationToken)
    {
        var versionIds = nodes.Select(n => n.CurrentVersionId).ToList();
        var versions = await db.ContentVersions.AsNoTracking().Where(v => versionIds.Contains(v.Id)).ToDictionaryAsync(v => v.Id, cancellationToken);
        var published = await LoadPublishedAsync(nodes.Select(n => n.Key).ToList(), cancellationToken);
        return nodes.Select(n => Draft(n, versions[n.CurrentVersionId], published[n.Key])).ToList();
    }

    private async Task<ContentItem> CurrentAsync(ContentNodeEntity node, CancellationToken cancellationToken) =>
        await ToItemAsync(node, null, cancellationToken) ?? throw new InvalidOperationException($"Content {node.Key} has no current version.");

    private async Task<ContentItem?> ToItemAsync(ContentNodeEntity node, long? versionId, CancellationToken cancellationToken)
    {
        var id = versionId ?? node.CurrentVersionId;
        var version = await db.ContentVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id && v.NodeKey == node.Key, cancellationToken);
        if (version is null)
        {
            return null;
        }

        var published = await LoadPublishedAsync([node.Key], cancellationToken);
        return Draft(node, version, published[node.Key]);
    }

    private static ContentItem Draft(ContentNodeEntity node, ContentVersionEntity version, Dictionary<string, PublishedCultureInfo> published) => new()
    {
        Key = node.Key,
        ParentKey = node.ParentKey,
        ContentTypeAlias = node.ContentTypeAlias,
        Level = node.Level,
        SortOrder = node.SortOrder,
        Trashed = node.Trashed,
        CreateDate = node.CreateDate,
        UpdateDate = node.UpdateDate,
        CreatedBy = node.CreatedBy,
        Revision = node.Revision,
        VersionId = version.Id,
        VersionNumber = version.VersionNumber,
        Names = new Dictionary<string, string>(version.Names),
        Values = ReadOnly(version.Values),
        Published = published,
    };

    /// <summary>
    /// The stored values of properties the type has now. A property removed in the settings section leaves its
    /// values in the versions (nothing is lost), and they must not stop the page from being saved or published.
    /// </summary>
    private static Dictionary<string, Dictionary<string, string?>> OfType(ResolvedContentType type, Dictionary<string, Dictionary<string, string?>> values) =>
        values.Where(kv => type.GetProperty(kv.Key) is not null).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase);

    private static Dictionary<string, IReadOnlyDictionary<string, string?>> ReadOnly(Dictionary<string, Dictionary<string, string?>> values) =>
        values.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, string?>)new Dictionary<string, string?>(kv.Value), StringComparer.OrdinalIgnoreCase);
}

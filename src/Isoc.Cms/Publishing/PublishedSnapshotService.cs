using System.Diagnostics;
using Isoc.Cms.Content;
using Isoc.Cms.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Isoc.Cms.Publishing;

/// <summary>Gives readers the current published snapshot. Reading it never touches the database.</summary>
public interface IPublishedSnapshotAccessor
{
    PublishedSnapshot Current { get; }
}

/// <summary>
/// Owns the published snapshot: builds it from the database at start, and after each write rebuilds it
/// with the changed nodes reloaded, then swaps it in atomically. Writers are serialised so no update is lost.
/// </summary>
public sealed partial class PublishedSnapshotService(
    IServiceScopeFactory scopeFactory,
    ContentTypeRegistry contentTypes,
    TimeProvider time,
    ILogger<PublishedSnapshotService> logger) : IPublishedSnapshotAccessor, IDisposable
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private volatile PublishedSnapshot _current = PublishedSnapshot.Empty;

    public PublishedSnapshot Current => _current;

    /// <summary>How long the last full build from the database took.</summary>
    public TimeSpan LastFullBuildDuration { get; private set; }

    /// <summary>How long the last refresh after a write took (reload the changed nodes, rebuild, record redirects).</summary>
    public TimeSpan LastRefreshDuration { get; private set; }

    /// <summary>Raised after a new snapshot is swapped in (output caches listen to evict).</summary>
    public event Action<PublishedSnapshot>? SnapshotChanged;

    public async Task RebuildAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var watch = Stopwatch.StartNew();
            await using var scope = scopeFactory.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var nodes = await LoadAsync(db, null, cancellationToken).ConfigureAwait(false);
            var redirects = await LoadRedirectsAsync(db, cancellationToken).ConfigureAwait(false);
            Swap(nodes, redirects);
            LastFullBuildDuration = watch.Elapsed;
            LogBuilt(logger, nodes.Count, watch.ElapsedMilliseconds);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Reloads the given nodes (published, changed, moved or removed) and swaps in the next snapshot.
    /// A node whose URL changed in a culture leaves a redirect from its old URL, for it and its descendants.
    /// </summary>
    public async Task RefreshAsync(IReadOnlyCollection<Guid> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var started = time.GetTimestamp();
            var before = _current;
            await using var scope = scopeFactory.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var reloaded = await LoadAsync(db, keys, cancellationToken).ConfigureAwait(false);
            var changedKeys = keys as IReadOnlySet<Guid> ?? keys.ToHashSet();
            var nodes = before.Nodes.Values.Where(n => !changedKeys.Contains(n.Key)).Concat(reloaded).ToList();

            // Build once to learn the new URLs, record redirects for the URLs that moved, then attach them.
            var next = Build(nodes, before.Redirects);
            var changed = await RecordRedirectsAsync(db, before, next, keys, cancellationToken).ConfigureAwait(false);
            if (changed > 0)
            {
                next = next.WithRedirects(await LoadRedirectsAsync(db, cancellationToken).ConfigureAwait(false));
                LogRedirects(logger, changed);
            }

            Publish(next);
            LastRefreshDuration = time.GetElapsedTime(started);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Dispose() => _writeLock.Dispose();

    private void Swap(IReadOnlyList<PublishedContent> nodes, IReadOnlyList<(string, string, Guid)> redirects) =>
        Publish(Build(nodes, redirects));

    private PublishedSnapshot Build(IReadOnlyList<PublishedContent> nodes, IReadOnlyCollection<(string, string, Guid)> redirects)
    {
        var cultures = contentTypes.Languages.Select(l => l.IsoCode).ToList();
        if (cultures.Count == 0)
        {
            cultures.Add(contentTypes.DefaultLanguage.IsoCode);
        }

        return PublishedSnapshot.Build(_current.Generation + 1, contentTypes.DefaultLanguage.IsoCode, cultures, nodes, redirects, time.GetUtcNow().UtcDateTime);
    }

    private void Publish(PublishedSnapshot next)
    {
        _current = next;
        SnapshotChanged?.Invoke(next);
    }

    private async Task<int> RecordRedirectsAsync(CmsDbContext db, PublishedSnapshot before, PublishedSnapshot after, IReadOnlyCollection<Guid> keys, CancellationToken cancellationToken)
    {
        var affected = new HashSet<Guid>();
        foreach (var key in keys)
        {
            affected.Add(key);
            foreach (var descendant in before.GetDescendants(key))
            {
                affected.Add(descendant.Key);
            }
        }

        var now = time.GetUtcNow().UtcDateTime;
        var added = 0;
        foreach (var culture in before.Cultures)
        {
            foreach (var key in affected)
            {
                var oldPath = before.GetPath(key, culture);
                var newPath = after.GetPath(key, culture);
                if (oldPath is null || newPath is null || oldPath == newPath || oldPath == "/")
                {
                    continue; // nothing to redirect from, or no longer reachable (a 404 is honest then)
                }

                var existing = await db.Redirects.FirstOrDefaultAsync(r => r.Culture == culture && r.Path == oldPath, cancellationToken).ConfigureAwait(false);
                if (existing is null)
                {
                    db.Redirects.Add(new RedirectEntity { Culture = culture, Path = oldPath, NodeKey = key, CreatedAt = now });
                }
                else
                {
                    existing.NodeKey = key;
                    existing.CreatedAt = now;
                }

                added++;
            }
        }

        if (added > 0)
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        return added;
    }

    private static async Task<List<(string, string, Guid)>> LoadRedirectsAsync(CmsDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.Redirects.AsNoTracking().Select(r => new { r.Culture, r.Path, r.NodeKey }).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(r => (r.Culture, r.Path, r.NodeKey)).ToList();
    }

    private async Task<List<PublishedContent>> LoadAsync(CmsDbContext db, IReadOnlyCollection<Guid>? keys, CancellationToken cancellationToken)
    {
        var nodeQuery = db.ContentNodes.AsNoTracking().Where(n => !n.Trashed);
        var cultureQuery = db.PublishedCultures.AsNoTracking();
        if (keys is not null)
        {
            var keyList = keys.ToList();
            nodeQuery = nodeQuery.Where(n => keyList.Contains(n.Key));
            cultureQuery = cultureQuery.Where(c => keyList.Contains(c.NodeKey));
        }

        var nodes = await nodeQuery.ToListAsync(cancellationToken).ConfigureAwait(false);
        var published = await cultureQuery.ToListAsync(cancellationToken).ConfigureAwait(false);
        var versionIds = published.Select(p => p.VersionId).Distinct().ToList();
        var versions = new Dictionary<long, ContentVersionEntity>();
        foreach (var chunk in versionIds.Chunk(500))
        {
            var chunkList = chunk.ToList();
            foreach (var version in await db.ContentVersions.AsNoTracking().Where(v => chunkList.Contains(v.Id)).ToListAsync(cancellationToken).ConfigureAwait(false))
            {
                versions[version.Id] = version;
            }
        }

        var publishedByNode = published.ToLookup(p => p.NodeKey);
        var result = new List<PublishedContent>(nodes.Count);
        foreach (var node in nodes)
        {
            var type = contentTypes.Get(node.ContentTypeAlias);
            var cultures = new Dictionary<string, PublishedCulture>(StringComparer.Ordinal);
            foreach (var state in publishedByNode[node.Key])
            {
                if (!versions.TryGetValue(state.VersionId, out var version))
                {
                    continue;
                }

                cultures[state.Culture] = new PublishedCulture
                {
                    Culture = state.Culture,
                    Name = state.Name,
                    UrlSegment = state.UrlSegment,
                    PublishDate = state.PublishedAt,
                    UpdateDate = version.CreatedAt,
                    Values = PublishedValues.ForCulture(version.Values, state.Culture, type),
                };
            }

            if (cultures.Count == 0)
            {
                continue;
            }

            result.Add(new PublishedContent
            {
                Key = node.Key,
                ParentKey = node.ParentKey,
                ContentTypeAlias = node.ContentTypeAlias,
                VariesByCulture = type?.VariesByCulture ?? false,
                Level = node.Level,
                SortOrder = node.SortOrder,
                CreateDate = node.CreateDate,
                Cultures = cultures,
            });
        }

        return result;
    }


    [LoggerMessage(Level = LogLevel.Information, Message = "Published snapshot built from the database: {Count} nodes in {Milliseconds} ms")]
    private static partial void LogBuilt(ILogger logger, int count, long milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recorded {Count} redirects from URLs that changed")]
    private static partial void LogRedirects(ILogger logger, int count);
}

using System.Globalization;
using System.Text.Json;
using Isoc.Cms.Content;
using Isoc.Cms.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Isoc.Cms.Media;

/// <summary>A media item as readers see it: the stored row plus its path in the tree and its URL.</summary>
public sealed record MediaItem
{
    public const string Folder = "Folder";
    public const string Image = "Image";
    public const string File = "File";

    public required Guid Key { get; init; }
    public Guid? ParentKey { get; init; }
    public required string MediaType { get; init; }
    public required string Name { get; init; }
    public int SortOrder { get; init; }
    public int Level { get; init; }
    public string? AltText { get; init; }
    public string? FileName { get; init; }
    public string? Extension { get; init; }
    public string? MimeType { get; init; }
    public long Bytes { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public string? Version { get; init; }
    public DateTime CreateDate { get; init; }
    public DateTime UpdateDate { get; init; }
    public required string CreatedBy { get; init; }
    public required string UpdatedBy { get; init; }

    /// <summary>The route of the item in the media tree from its names, like content: "/images/logo/".</summary>
    public required string Path { get; init; }

    public bool IsFolder => MediaType == Folder;

    public bool IsImage => MediaType == Image;

    /// <summary>Where the file is served, with its version so the answer can be cached for ever; null for folders.</summary>
    public string? Url => IsFolder || FileName is null ? null : $"/media/{Key:N}/{FileName}?v={Version}";

    /// <summary>The URL of a copy <paramref name="width"/> pixels wide (the original when it is not wider).</summary>
    public string? UrlOfWidth(int width) =>
        Url is null || !IsImage || Width is null || width >= Width ? Url : Url + "&width=" + width.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Every media item, read once and swapped whole after each write, so readers (the site, the API, the picker) never wait for the database.</summary>
public sealed class MediaSnapshot
{
    public static readonly MediaSnapshot Empty = new([], 0);

    private readonly Dictionary<Guid, MediaItem> _byKey;
    private readonly Dictionary<Guid, List<MediaItem>> _children;
    private readonly List<MediaItem> _roots;

    public MediaSnapshot(IEnumerable<MediaItemEntity> rows, long generation)
    {
        Generation = generation;
        var list = rows.ToList();
        var byKey = list.ToDictionary(r => r.Key);
        _byKey = [];
        foreach (var row in list)
        {
            var segments = new List<string>();
            var level = 0;
            for (var at = row; at is not null && level < 100; at = at.ParentKey is { } p && byKey.TryGetValue(p, out var parent) ? parent : null)
            {
                segments.Insert(0, UrlSegments.FromName(at.Name) is { Length: > 0 } s ? s : at.Key.ToString("N"));
                level++;
            }

            _byKey[row.Key] = new MediaItem
            {
                Key = row.Key,
                ParentKey = row.ParentKey,
                MediaType = row.MediaType,
                Name = row.Name,
                SortOrder = row.SortOrder,
                Level = level,
                AltText = row.AltText,
                FileName = row.FileName,
                Extension = row.Extension,
                MimeType = row.MimeType,
                Bytes = row.Bytes,
                Width = row.Width,
                Height = row.Height,
                Version = row.Version,
                CreateDate = row.CreateDate,
                UpdateDate = row.UpdateDate,
                CreatedBy = row.CreatedBy,
                UpdatedBy = row.UpdatedBy,
                Path = "/" + string.Join('/', segments) + "/",
            };
        }

        static IEnumerable<MediaItem> Ordered(IEnumerable<MediaItem> items) =>
            items.OrderBy(i => i.IsFolder ? 0 : 1).ThenBy(i => i.SortOrder).ThenBy(i => i.Name, StringComparer.OrdinalIgnoreCase);
        _roots = [.. Ordered(_byKey.Values.Where(i => i.ParentKey is null || !_byKey.ContainsKey(i.ParentKey.Value)))];
        _children = _byKey.Values.Where(i => i.ParentKey is { } p && _byKey.ContainsKey(p))
            .GroupBy(i => i.ParentKey!.Value)
            .ToDictionary(g => g.Key, g => Ordered(g).ToList());
    }

    /// <summary>Bumped on every write; part of the Delivery API's cache key.</summary>
    public long Generation { get; }

    public IReadOnlyCollection<MediaItem> All => _byKey.Values;

    public MediaItem? Get(Guid key) => _byKey.GetValueOrDefault(key);

    public IReadOnlyList<MediaItem> Children(Guid? parent) =>
        parent is { } key ? _children.TryGetValue(key, out var list) ? list : [] : _roots;

    /// <summary>An item by its route ("/images/logo/", case-insensitive, slashes optional).</summary>
    public MediaItem? GetByPath(string path)
    {
        var wanted = "/" + path.Trim('/') + "/";
        return _byKey.Values.FirstOrDefault(i => string.Equals(i.Path, wanted, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The folders from the root down to (not including) the item, for breadcrumbs.</summary>
    public IReadOnlyList<MediaItem> Ancestors(Guid key)
    {
        var result = new List<MediaItem>();
        for (var at = Get(key); at?.ParentKey is { } parent && Get(parent) is { } p && result.Count < 100; at = p)
        {
            result.Insert(0, p);
        }

        return result;
    }

    /// <summary>The media a MediaPicker3 value picks, in order, leaving out what no longer exists.</summary>
    public IReadOnlyList<MediaItem> Picked(string? value) =>
        [.. MediaPickerValue.Parse(value).Select(p => Get(p.MediaKey)).OfType<MediaItem>().Where(i => !i.IsFolder)];
}

/// <summary>One entry of a MediaPicker3 value, as Umbraco stores it: <c>[{"key":"…","mediaKey":"…"}]</c>.</summary>
public sealed record MediaPick(Guid Key, Guid MediaKey);

public static class MediaPickerValue
{
    public static IReadOnlyList<MediaPick> Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || !value.TrimStart().StartsWith('['))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(value);
            var picks = new List<MediaPick>();
            foreach (var element in document.RootElement.EnumerateArray())
            {
                if (element.ValueKind == JsonValueKind.Object
                    && element.TryGetProperty("mediaKey", out var mediaKey) && Guid.TryParse(mediaKey.GetString(), out var media))
                {
                    var key = element.TryGetProperty("key", out var k) && Guid.TryParse(k.GetString(), out var parsed) ? parsed : Guid.Empty;
                    picks.Add(new MediaPick(key, media));
                }
            }

            return picks;
        }
        catch (JsonException)
        {
            return [];
        }
        catch (InvalidOperationException)
        {
            return [];
        }
    }

    public static string Format(IEnumerable<MediaPick> picks) =>
        JsonSerializer.Serialize(picks.Select(p => new { key = p.Key, mediaKey = p.MediaKey }));
}

/// <summary>Holds the current <see cref="MediaSnapshot"/>; writers call <see cref="ReloadAsync"/> after committing.</summary>
public sealed class MediaLibrary(IServiceScopeFactory scopes) : IDisposable
{
    private readonly SemaphoreSlim _reload = new(1, 1);
    private MediaSnapshot _current = MediaSnapshot.Empty;

    public MediaSnapshot Current => Volatile.Read(ref _current);

    public void Dispose() => _reload.Dispose();

    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await _reload.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var rows = await db.Media.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _current, new MediaSnapshot(rows, Current.Generation + 1));
        }
        finally
        {
            _reload.Release();
        }
    }
}

/// <summary>Loads the media library at start, after the engine's initialiser has migrated the database.</summary>
internal sealed class MediaLibraryLoader(MediaLibrary library) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => library.ReloadAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

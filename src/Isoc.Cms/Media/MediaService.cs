using System.Globalization;
using Isoc.Cms.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Isoc.Cms.Media;

/// <summary>The outcome of a media write: the item, or the field at fault and a message to show beside it.</summary>
public sealed record MediaResult(MediaItem? Item, string? Field, string? Error)
{
    public bool Success => Error is null;

    public static MediaResult Ok(MediaItem item) => new(item, null, null);

    public static MediaResult Fail(string field, string error) => new(null, field, error);
}

/// <summary>A file to upload: its name as the browser sent it, its claimed length and its bytes.</summary>
public sealed record MediaUpload(string FileName, long Length, Stream Content);

/// <summary>A page or draft that picks a media item, so deleting the item would break it.</summary>
public sealed record MediaUsage(Guid NodeKey, string NodeName);

/// <summary>
/// Every write to the media library: upload, folders, rename and alt text, move, delete. A write checks everything first,
/// puts the file in place, then stores the row; if the row fails the file is removed, so nothing is ever half saved.
/// </summary>
public sealed class MediaService(CmsDbContext db, MediaLibrary library, MediaFileStore files, IOptions<MediaOptions> options, TimeProvider time)
{
    public const int MaxNameLength = 255;
    public const int MaxAltTextLength = 500;

    private MediaOptions Options => options.Value;

    public async Task<MediaResult> UploadAsync(Guid? parent, MediaUpload upload, string? name, string? altText, string user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        if (CheckParent(parent) is { } parentError)
        {
            return parentError;
        }

        if (upload.Length <= 0 || string.IsNullOrEmpty(upload.FileName))
        {
            return MediaResult.Fail("file", "Choose a file to upload.");
        }

        if (upload.Length > Options.MaxFileSize)
        {
            return MediaResult.Fail("file", $"The file is {Size(upload.Length)}; the largest allowed is {Size(Options.MaxFileSize)}.");
        }

        var fileName = MediaFileStore.CleanFileName(upload.FileName);
        var extension = Path.GetExtension(fileName).TrimStart('.').ToLowerInvariant();
        if (!Options.IsAllowedExtension(extension) || MediaFileTypes.Find(extension) is not { } type)
        {
            return MediaResult.Fail("file", $"Files of type {(extension.Length == 0 ? "(none)" : "." + extension)} are not allowed. Allowed: {string.Join(", ", Options.ImageExtensions.Concat(Options.DocumentExtensions))}.");
        }

        name = string.IsNullOrWhiteSpace(name) ? Path.GetFileNameWithoutExtension(fileName) : name.Trim();
        if (CheckText(name, altText) is { } textError)
        {
            return textError;
        }

        var staged = await files.StageAsync(upload.Content, Options.MaxFileSize, cancellationToken).ConfigureAwait(false);
        if (staged is null)
        {
            return MediaResult.Fail("file", $"The file is larger than the {Size(Options.MaxFileSize)} allowed.");
        }

        var committed = false;
        var key = Guid.NewGuid();
        try
        {
            if (MediaFileTypes.Check(type, staged.Path) is { } sniffError)
            {
                return MediaResult.Fail("file", sniffError);
            }

            int? width = null, height = null;
            if (type.IsImage)
            {
                if (MediaImages.ReadSize(staged.Path) is not { } size)
                {
                    return MediaResult.Fail("file", $"The {type.Description} cannot be read: it may be damaged.");
                }

                if ((long)size.Width * size.Height > Options.MaxImagePixels)
                {
                    return MediaResult.Fail("file", $"The image is {size.Width} × {size.Height} pixels; at most {Options.MaxImagePixels.ToString("N0", CultureInfo.InvariantCulture)} pixels are allowed. Make it smaller first.");
                }

                (width, height) = size;
            }

            var now = time.GetUtcNow().UtcDateTime;
            var row = new MediaItemEntity
            {
                Key = key,
                ParentKey = parent,
                MediaType = type.IsImage ? MediaItem.Image : MediaItem.File,
                Name = name,
                SortOrder = await NextSortOrderAsync(parent, cancellationToken).ConfigureAwait(false),
                AltText = type.IsImage && !string.IsNullOrWhiteSpace(altText) ? altText.Trim() : null,
                FileName = fileName,
                Extension = type.Extension,
                MimeType = type.MimeType,
                Bytes = staged.Length,
                Width = width,
                Height = height,
                Version = staged.Version,
                CreateDate = now,
                UpdateDate = now,
                CreatedBy = user,
                UpdatedBy = user,
            };
            files.Commit(staged, key, type.Extension);
            committed = true;
            db.Media.Add(row);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await library.ReloadAsync(cancellationToken).ConfigureAwait(false);
            return MediaResult.Ok(library.Current.Get(key)!);
        }
        catch
        {
            if (committed)
            {
                files.DeleteAll(key);
            }

            throw;
        }
        finally
        {
            if (!committed)
            {
                MediaFileStore.Discard(staged);
            }
        }
    }

    public async Task<MediaResult> CreateFolderAsync(Guid? parent, string? name, string user, CancellationToken cancellationToken)
    {
        if (CheckParent(parent) is { } parentError)
        {
            return parentError;
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            return MediaResult.Fail("name", "Enter a name for the folder.");
        }

        if (CheckText(name.Trim(), null) is { } textError)
        {
            return textError;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var row = new MediaItemEntity
        {
            Key = Guid.NewGuid(),
            ParentKey = parent,
            MediaType = MediaItem.Folder,
            Name = name.Trim(),
            SortOrder = await NextSortOrderAsync(parent, cancellationToken).ConfigureAwait(false),
            CreateDate = now,
            UpdateDate = now,
            CreatedBy = user,
            UpdatedBy = user,
        };
        db.Media.Add(row);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await library.ReloadAsync(cancellationToken).ConfigureAwait(false);
        return MediaResult.Ok(library.Current.Get(row.Key)!);
    }

    /// <summary>Renames an item and, for images, sets its alt text.</summary>
    public async Task<MediaResult> UpdateAsync(Guid key, string? name, string? altText, string user, CancellationToken cancellationToken)
    {
        var row = await db.Media.FirstOrDefaultAsync(m => m.Key == key, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return MediaResult.Fail("key", "That media item does not exist.");
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            return MediaResult.Fail("name", "Enter a name.");
        }

        if (CheckText(name.Trim(), altText) is { } textError)
        {
            return textError;
        }

        row.Name = name.Trim();
        row.AltText = row.MediaType == MediaItem.Image && !string.IsNullOrWhiteSpace(altText) ? altText.Trim() : null;
        row.UpdateDate = time.GetUtcNow().UtcDateTime;
        row.UpdatedBy = user;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await library.ReloadAsync(cancellationToken).ConfigureAwait(false);
        return MediaResult.Ok(library.Current.Get(key)!);
    }

    /// <summary>Moves an item into a folder (or to the root); a folder never into itself or below itself.</summary>
    public async Task<MediaResult> MoveAsync(Guid key, Guid? target, string user, CancellationToken cancellationToken)
    {
        var snapshot = library.Current;
        if (snapshot.Get(key) is null)
        {
            return MediaResult.Fail("key", "That media item does not exist.");
        }

        if (CheckParent(target) is { } parentError)
        {
            return parentError with { Field = "target" };
        }

        if (target is { } t && (t == key || snapshot.Ancestors(t).Any(a => a.Key == key)))
        {
            return MediaResult.Fail("target", "A folder cannot be moved into itself or one of its own folders.");
        }

        var row = await db.Media.FirstAsync(m => m.Key == key, cancellationToken).ConfigureAwait(false);
        row.ParentKey = target;
        row.SortOrder = await NextSortOrderAsync(target, cancellationToken).ConfigureAwait(false);
        row.UpdateDate = time.GetUtcNow().UtcDateTime;
        row.UpdatedBy = user;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await library.ReloadAsync(cancellationToken).ConfigureAwait(false);
        return MediaResult.Ok(library.Current.Get(key)!);
    }

    /// <summary>Deletes an item and its files; refused while a page (published or draft) picks it, or a folder is not empty.</summary>
    public async Task<MediaResult> DeleteAsync(Guid key, CancellationToken cancellationToken)
    {
        var item = library.Current.Get(key);
        if (item is null)
        {
            return MediaResult.Fail("key", "That media item does not exist.");
        }

        if (library.Current.Children(key).Count > 0)
        {
            return MediaResult.Fail("delete", "The folder is not empty: move or delete what is in it first.");
        }

        var usages = await FindUsagesAsync(key, cancellationToken).ConfigureAwait(false);
        if (usages.Count > 0)
        {
            return MediaResult.Fail("delete", $"Not deleted: {string.Join(", ", usages.Select(u => u.NodeName))} still {(usages.Count == 1 ? "uses" : "use")} it. Pick another image there first.");
        }

        await db.Media.Where(m => m.Key == key).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        files.DeleteAll(key);
        await library.ReloadAsync(cancellationToken).ConfigureAwait(false);
        return MediaResult.Ok(item);
    }

    /// <summary>The pages whose newest draft or published version mentions the item's key (MediaPicker3 values, rich text links).</summary>
    public async Task<IReadOnlyList<MediaUsage>> FindUsagesAsync(Guid key, CancellationToken cancellationToken)
    {
        var nodes = await db.ContentNodes.AsNoTracking().Select(n => new { n.Key, n.CurrentVersionId }).ToListAsync(cancellationToken).ConfigureAwait(false);
        var published = await db.PublishedCultures.AsNoTracking().Select(p => p.VersionId).ToListAsync(cancellationToken).ConfigureAwait(false);
        var versionIds = nodes.Select(n => n.CurrentVersionId).Concat(published).Distinct().ToList();
        var needles = new[] { key.ToString("D"), key.ToString("N") };
        var usages = new Dictionary<Guid, MediaUsage>();
        foreach (var chunk in versionIds.Chunk(500))
        {
            var versions = await db.ContentVersions.AsNoTracking().Where(v => chunk.Contains(v.Id)).ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var version in versions)
            {
                var mentions = version.Values.Values.SelectMany(c => c.Values)
                    .Any(v => v is not null && needles.Any(n => v.Contains(n, StringComparison.OrdinalIgnoreCase)));
                if (mentions && !usages.ContainsKey(version.NodeKey))
                {
                    usages[version.NodeKey] = new MediaUsage(version.NodeKey, version.Names.Values.FirstOrDefault() ?? version.NodeKey.ToString());
                }
            }
        }

        return [.. usages.Values.OrderBy(u => u.NodeName, StringComparer.OrdinalIgnoreCase)];
    }

    private MediaResult? CheckParent(Guid? parent) =>
        parent is { } p && library.Current.Get(p) is not { IsFolder: true }
            ? MediaResult.Fail("folder", "That folder does not exist.")
            : null;

    private static MediaResult? CheckText(string name, string? altText)
    {
        if (name.Length > MaxNameLength)
        {
            return MediaResult.Fail("name", $"The name is too long: at most {MaxNameLength} characters.");
        }

        if (name.Any(char.IsControl))
        {
            return MediaResult.Fail("name", "The name cannot contain control characters.");
        }

        if (altText is { Length: > MaxAltTextLength })
        {
            return MediaResult.Fail("altText", $"The alt text is too long: at most {MaxAltTextLength} characters.");
        }

        return null;
    }

    private async Task<int> NextSortOrderAsync(Guid? parent, CancellationToken cancellationToken) =>
        (await db.Media.Where(m => m.ParentKey == parent).MaxAsync(m => (int?)m.SortOrder, cancellationToken).ConfigureAwait(false) ?? -1) + 1;

    public static string Size(long bytes) => bytes switch
    {
        >= 1024 * 1024 => (bytes / (1024d * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
        >= 1024 => (bytes / 1024d).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " bytes",
    };
}

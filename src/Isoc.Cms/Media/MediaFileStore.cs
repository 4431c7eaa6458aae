using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Configuration;
using SkiaSharp;

namespace Isoc.Cms.Media;

/// <summary>An upload copied to a temporary file in the media folder, with its length and content hash.</summary>
public sealed record StagedFile(string Path, long Length, string Version);

/// <summary>
/// The media files under the data folder: <c>media/{key}/{version}.{ext}</c> for an original and
/// <c>media/{key}/{version}-w{width}.{ext}</c> for a resized copy. Paths are built from the item's key, its version hash and a
/// known extension only, never from an uploaded name, and every path is checked to stay inside the folder. Files are
/// written to a temporary name and moved into place, so a reader never sees half a file.
/// </summary>
public sealed class MediaFileStore
{
    private readonly ConcurrentDictionary<string, Task<string?>> _resizing = new(StringComparer.Ordinal);

    public MediaFileStore(IConfiguration configuration, IHostEnvironment environment)
    {
        Root = Path.Combine(IsocCmsBuilderExtensions.ResolveDataPath(configuration, environment), "media") + Path.DirectorySeparatorChar;
        Directory.CreateDirectory(TempFolder);
    }

    /// <summary>The media folder, ending with a separator.</summary>
    public string Root { get; }

    private string TempFolder => Path.Combine(Root, ".tmp");

    /// <summary>Copies an upload to a temporary file, stopping (and returning null) past <paramref name="maxBytes"/>.</summary>
    public async Task<StagedFile?> StageAsync(Stream upload, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var temp = Path.Combine(TempFolder, Guid.NewGuid().ToString("N"));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long length = 0;
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await upload.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    length += read;
                    if (length > maxBytes)
                    {
                        break;
                    }

                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }

            if (length > maxBytes)
            {
                File.Delete(temp);
                return null;
            }

            return new StagedFile(temp, length, Convert.ToHexStringLower(hash.GetHashAndReset())[..16]);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    public static void Discard(StagedFile staged)
    {
        ArgumentNullException.ThrowIfNull(staged);
        File.Delete(staged.Path);
    }

    /// <summary>Moves a staged file to its place as the original of an item.</summary>
    public void Commit(StagedFile staged, Guid key, string extension)
    {
        ArgumentNullException.ThrowIfNull(staged);
        var target = OriginalPath(key, staged.Version, extension);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(staged.Path, target, overwrite: true);
    }

    public string OriginalPath(Guid key, string version, string extension) =>
        Inside(Path.Combine(Root, key.ToString("N"), $"{Safe(version)}.{Safe(extension)}"));

    public string VariantPath(Guid key, string version, int width, string extension) =>
        Inside(Path.Combine(Root, key.ToString("N"), string.Create(CultureInfo.InvariantCulture, $"{Safe(version)}-w{width}.{Safe(extension)}")));

    /// <summary>Removes every file of an item (originals and resized copies).</summary>
    public void DeleteAll(Guid key)
    {
        var folder = Inside(Path.Combine(Root, key.ToString("N")));
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// The path of a resized copy, made on first request and kept: concurrent requests for the same copy share one resize,
    /// and the file appears atomically. Null when the original cannot be decoded.
    /// </summary>
    public async Task<string?> GetOrCreateVariantAsync(MediaItem item, int width, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var extension = MediaImages.VariantExtension(item.Extension!);
        var path = VariantPath(item.Key, item.Version!, width, extension);
        if (File.Exists(path))
        {
            return path;
        }

        var task = _resizing.GetOrAdd(path, _ => Task.Run(() => CreateVariant(item, width, path, extension), CancellationToken.None));
        try
        {
            return await task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (task.IsCompleted)
            {
                _resizing.TryRemove(new KeyValuePair<string, Task<string?>>(path, task));
            }
        }
    }

    private string? CreateVariant(MediaItem item, int width, string path, string extension)
    {
        var bytes = MediaImages.Resize(OriginalPath(item.Key, item.Version!, item.Extension!), width, extension);
        if (bytes is null)
        {
            return null;
        }

        var temp = Path.Combine(TempFolder, Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
        return path;
    }

    /// <summary>Only letters and digits reach a path; anything else would be a bug, so it fails loudly.</summary>
    private static string Safe(string part)
    {
        if (part.Length == 0 || !part.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException($"'{part}' cannot be part of a media path.", nameof(part));
        }

        return part.ToLowerInvariant();
    }

    private string Inside(string path)
    {
        var full = Path.GetFullPath(path);
        if (!full.StartsWith(Root, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("A media path left the media folder.");
        }

        return full;
    }

    /// <summary>
    /// The name shown in the file's URL: letters, digits, '-', '_' and one '.', lower case, at most 100 characters.
    /// "../../etc/passwd" becomes "passwd", "C:\x\Résumé 2024.PDF" becomes "resume-2024.pdf".
    /// </summary>
    public static string CleanFileName(string? uploaded)
    {
        var name = (uploaded ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var normalized = name.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(normalized.Length);
        foreach (var c in normalized)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append('-');
            }
        }

        var cleaned = builder.ToString();
        var dot = cleaned.LastIndexOf('.');
        var stem = (dot < 0 ? cleaned : cleaned[..dot]).Replace('.', '-');
        var extension = dot < 0 ? "" : cleaned[(dot + 1)..].Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        while (stem.Contains("--", StringComparison.Ordinal))
        {
            stem = stem.Replace("--", "-", StringComparison.Ordinal);
        }

        stem = stem.Trim('-', '_');
        if (stem.Length == 0)
        {
            stem = "file";
        }

        if (stem.Length > 90)
        {
            stem = stem[..90];
        }

        return extension.Length == 0 ? stem : $"{stem}.{extension[..Math.Min(extension.Length, 9)]}";
    }
}

/// <summary>Reading image sizes and making resized copies with SkiaSharp.</summary>
public static class MediaImages
{
    /// <summary>Width and height read from the header, or null when the file is not a decodable image.</summary>
    public static (int Width, int Height)? ReadSize(string path)
    {
        using var codec = SKCodec.Create(path);
        return codec is null || codec.Info.Width <= 0 || codec.Info.Height <= 0 ? null : (codec.Info.Width, codec.Info.Height);
    }

    /// <summary>GIF copies are written as PNG (Skia writes no GIF); the others keep their format.</summary>
    public static string VariantExtension(string extension) => extension switch
    {
        "gif" => "png",
        "jpeg" => "jpg",
        _ => extension,
    };

    public static byte[]? Resize(string path, int width, string extension)
    {
        using var original = SKBitmap.Decode(path);
        if (original is null || original.Width <= 0)
        {
            return null;
        }

        var height = Math.Max(1, (int)Math.Round(original.Height * (double)width / original.Width));
        using var resized = original.Resize(new SKImageInfo(width, height, original.ColorType, original.AlphaType), new SKSamplingOptions(SKCubicResampler.Mitchell));
        if (resized is null)
        {
            return null;
        }

        using var image = SKImage.FromBitmap(resized);
        var format = extension switch
        {
            "jpg" => SKEncodedImageFormat.Jpeg,
            "webp" => SKEncodedImageFormat.Webp,
            _ => SKEncodedImageFormat.Png,
        };
        using var data = image.Encode(format, 85);
        return data?.ToArray();
    }
}

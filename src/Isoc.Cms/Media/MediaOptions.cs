using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Isoc.Cms.Media;

/// <summary>Settings under "Isoc:Media": what may be uploaded, how large, and which resized widths exist.</summary>
public sealed class MediaOptions
{
    public const string Section = "Isoc:Media";

    /// <summary>The largest file accepted, in bytes (default 20 MB).</summary>
    [Range(1024, 1L << 30)]
    public long MaxFileSize { get; set; } = 20L * 1024 * 1024;

    /// <summary>Image extensions accepted; each must be one the engine can check and decode.</summary>
    public List<string> ImageExtensions { get; set; } = ["jpg", "jpeg", "png", "gif", "webp"];

    /// <summary>Document extensions accepted; served for download (SVG only ever as an attachment).</summary>
    public List<string> DocumentExtensions { get; set; } = ["pdf", "docx", "xlsx", "pptx", "txt", "csv", "svg"];

    /// <summary>
    /// The only widths a resized image is made in; a request for another width gets the next one up. A bounded set keeps
    /// the number of files one image can cause on disk (and the CPU spent making them) small whatever the requests.
    /// </summary>
    public List<int> Widths { get; set; } = [160, 320, 640, 960, 1280, 1920];

    /// <summary>Images with more pixels than this are refused at upload: decoding one would take too much memory.</summary>
    [Range(1, 200_000_000)]
    public long MaxImagePixels { get; set; } = 50_000_000;

    public bool IsImageExtension(string extension) => ImageExtensions.Contains(extension, StringComparer.OrdinalIgnoreCase);

    public bool IsAllowedExtension(string extension) =>
        IsImageExtension(extension) || DocumentExtensions.Contains(extension, StringComparer.OrdinalIgnoreCase);

    /// <summary>The width a request for <paramref name="requested"/> pixels is served in: the next allowed width up, or the largest.</summary>
    public int SnapWidth(int requested)
    {
        var widths = Widths.Order().ToList();
        return widths.FirstOrDefault(w => w >= requested, widths[^1]);
    }
}

internal sealed class MediaOptionsValidator : IValidateOptions<MediaOptions>
{
    public ValidateOptionsResult Validate(string? name, MediaOptions options)
    {
        var errors = new List<string>();
        foreach (var extension in options.ImageExtensions)
        {
            if (MediaFileTypes.Find(extension) is not { IsImage: true })
            {
                errors.Add($"Isoc:Media:ImageExtensions: '{extension}' is not an image type the engine can check ({string.Join(", ", MediaFileTypes.All.Where(t => t.IsImage).Select(t => t.Extension))}).");
            }
        }

        foreach (var extension in options.DocumentExtensions)
        {
            if (MediaFileTypes.Find(extension) is not { IsImage: false })
            {
                errors.Add($"Isoc:Media:DocumentExtensions: '{extension}' is not a document type the engine can check ({string.Join(", ", MediaFileTypes.All.Where(t => !t.IsImage).Select(t => t.Extension))}).");
            }
        }

        if (options.Widths.Count == 0 || options.Widths.Count > 20 || options.Widths.Any(w => w is < 16 or > 4096))
        {
            errors.Add("Isoc:Media:Widths: between 1 and 20 widths, each from 16 to 4096 pixels.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

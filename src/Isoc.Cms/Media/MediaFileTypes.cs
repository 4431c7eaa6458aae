using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace Isoc.Cms.Media;

/// <summary>A file type the engine can accept: its extension, MIME type, and whether it is an image it can decode and resize.</summary>
public sealed record MediaFileType(string Extension, string MimeType, bool IsImage, string Description)
{
    /// <summary>Served inline (images, PDF) or only as a download (everything else, SVG above all).</summary>
    public bool Inline => IsImage || Extension == "pdf";
}

/// <summary>
/// Content sniffing: the bytes of an upload must be what its name claims. A PNG renamed .jpg, an executable renamed .pdf,
/// an HTML page renamed .txt, or an SVG carrying script are refused, so nothing the site serves can turn into a page
/// that runs code in its origin.
/// </summary>
public static partial class MediaFileTypes
{
    public static readonly IReadOnlyList<MediaFileType> All =
    [
        new("jpg", "image/jpeg", true, "JPEG image"),
        new("jpeg", "image/jpeg", true, "JPEG image"),
        new("png", "image/png", true, "PNG image"),
        new("gif", "image/gif", true, "GIF image"),
        new("webp", "image/webp", true, "WebP image"),
        new("pdf", "application/pdf", false, "PDF document"),
        new("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", false, "Word document"),
        new("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", false, "Excel workbook"),
        new("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", false, "PowerPoint presentation"),
        new("txt", "text/plain", false, "text file"),
        new("csv", "text/csv", false, "CSV file"),
        new("svg", "image/svg+xml", false, "SVG drawing"),
    ];

    public static MediaFileType? Find(string? extension) =>
        All.FirstOrDefault(t => string.Equals(t.Extension, extension, StringComparison.OrdinalIgnoreCase));

    /// <summary>Null when the file's bytes are of the type; otherwise why not, in words for the person uploading.</summary>
    public static string? Check(MediaFileType type, string path)
    {
        ArgumentNullException.ThrowIfNull(type);
        Span<byte> head = stackalloc byte[16];
        int read;
        using (var stream = File.OpenRead(path))
        {
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        head = head[..read];
        var notIt = $"The file's content is not a {type.Description}, though its name ends in .{type.Extension}.";
        switch (type.Extension)
        {
            case "jpg" or "jpeg":
                return head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? null : notIt;
            case "png":
                return head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? null : notIt;
            case "gif":
                return head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8) ? null : notIt;
            case "webp":
                return head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8) ? null : notIt;
            case "pdf":
                return head.StartsWith("%PDF-"u8) ? null : notIt;
            case "docx":
                return CheckOfficeZip(path, "word/") ? null : notIt;
            case "xlsx":
                return CheckOfficeZip(path, "xl/") ? null : notIt;
            case "pptx":
                return CheckOfficeZip(path, "ppt/") ? null : notIt;
            case "txt" or "csv":
                return ReadText(path) is { } text && !LooksLikeMarkup(text) ? null : notIt;
            case "svg":
                if (ReadText(path) is not { } svg || !svg.Contains("<svg", StringComparison.OrdinalIgnoreCase))
                {
                    return notIt;
                }

                return ActiveSvg().IsMatch(svg)
                    ? "The SVG drawing contains script, event handlers, entities or embedded content, which are not allowed: export it again as a plain drawing."
                    : null;
            default:
                return notIt;
        }
    }

    private static bool CheckOfficeZip(string path, string folder)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            return zip.GetEntry("[Content_Types].xml") is not null
                && zip.Entries.Any(e => e.FullName.StartsWith(folder, StringComparison.Ordinal))
                && !zip.Entries.Any(e => e.FullName.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase));
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>The file as UTF-8 text, or null when it is not (invalid UTF-8 or NUL bytes: binary).</summary>
    private static string? ReadText(string path)
    {
        try
        {
            var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(File.ReadAllBytes(path));
            return text.Contains('\0', StringComparison.Ordinal) ? null : text;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>A "text" file that a browser would sniff as HTML is not text.</summary>
    private static bool LooksLikeMarkup(string text) => HtmlStart().IsMatch(text.AsSpan(0, Math.Min(text.Length, 1024)).ToString());

    [GeneratedRegex(@"<\s*script|\son[a-z]+\s*=|javascript\s*:|<!ENTITY|<!DOCTYPE|<\s*foreignObject|<\s*iframe|<\s*embed|<\s*object|href\s*=\s*[""']?\s*data:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex ActiveSvg();

    [GeneratedRegex(@"^\s*<\s*(!doctype|html|head|body|script|iframe|svg|\?xml)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HtmlStart();
}

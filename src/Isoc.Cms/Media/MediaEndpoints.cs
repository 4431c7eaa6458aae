using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Isoc.Cms.Media;

/// <summary>
/// Serves media files at <c>/media/{key}/{file-name}</c>. A URL carrying the item's current version (<c>?v=</c>) is
/// immutable and cached for a year; without it, for five minutes. <c>?width=N</c> gives a resized copy of an image in the
/// next allowed width up, made once and kept on disk.
/// </summary>
internal static class MediaEndpoints
{
    public const string Immutable = "public, max-age=31536000, immutable";
    public const string Short = "public, max-age=300";

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapMethods("/media/{key:guid}/{fileName}", [HttpMethods.Get, HttpMethods.Head], ServeAsync)
            .WithName("MediaFile")
            .ExcludeFromDescription();

    private static async Task<IResult> ServeAsync(
        Guid key,
        string fileName,
        [FromQuery] string? width,
        [FromQuery(Name = "v")] string? version,
        HttpContext http,
        [FromServices] MediaLibrary library,
        [FromServices] MediaFileStore files,
        [FromServices] IOptions<MediaOptions> options,
        CancellationToken cancellationToken)
    {
        var item = library.Current.Get(key);
        if (item is null || item.IsFolder || item.FileName is null || item.Version is null || item.Extension is null
            || !string.Equals(item.FileName, fileName, StringComparison.OrdinalIgnoreCase)
            || MediaFileTypes.Find(item.Extension) is not { } type)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: "No such media file.");
        }

        var path = files.OriginalPath(item.Key, item.Version, item.Extension);
        var contentType = type.MimeType;
        var tag = item.Version;
        if (width is not null)
        {
            if (!int.TryParse(width, NumberStyles.None, CultureInfo.InvariantCulture, out var requested) || requested <= 0)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad Request", detail: "'width' must be a positive whole number of pixels.");
            }

            if (!item.IsImage)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad Request", detail: "Only images can be resized.");
            }

            var snapped = options.Value.SnapWidth(requested);
            if (item.Width is { } original && snapped < original)
            {
                var variant = await files.GetOrCreateVariantAsync(item, snapped, cancellationToken).ConfigureAwait(false);
                if (variant is null)
                {
                    return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: "The image cannot be resized.");
                }

                path = variant;
                var variantExtension = MediaImages.VariantExtension(item.Extension);
                contentType = MediaFileTypes.Find(variantExtension)?.MimeType ?? contentType;
                tag = string.Create(CultureInfo.InvariantCulture, $"{item.Version}-w{snapped}");
            }
        }

        if (!File.Exists(path))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: "No such media file.");
        }

        http.Response.Headers.CacheControl = string.Equals(version, item.Version, StringComparison.Ordinal) ? Immutable : Short;
        // SVG and office files are downloads, never pages: a drawing opened in the site's origin could run script.
        return Results.File(
            path,
            contentType,
            fileDownloadName: type.Inline ? null : item.FileName,
            lastModified: item.UpdateDate,
            entityTag: new EntityTagHeaderValue($"\"{tag}\""),
            enableRangeProcessing: true);
    }
}

using Isoc.Cms.Media;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Isoc.Cms.Backoffice.Media;

/// <summary>One folder of the media library as the backoffice lists it, with the forms' messages.</summary>
public sealed record MediaFolderView(
    MediaItem? Folder,
    IReadOnlyList<MediaItem> Ancestors,
    IReadOnlyList<MediaItem> Items,
    MediaOptions Limits,
    bool CanDelete,
    string? Message,
    string? UploadError = null,
    string? FolderError = null,
    string? AltTextError = null);

/// <summary>One media item's page: details, rename and alt text, move, delete, and the pages that use it.</summary>
public sealed record MediaItemView(
    MediaItem Item,
    IReadOnlyList<MediaItem> Ancestors,
    IReadOnlyList<MediaItem> Folders,
    IReadOnlyList<MediaUsage> Usages,
    bool CanDelete,
    string? Message,
    string? Field = null,
    string? Error = null);

/// <summary>
/// The media section: browse folders, upload (multipart, antiforgery like every backoffice form), create folders, rename,
/// set alt text, move. Every signed-in user may add and edit media; deleting needs the Publish policy (editors and
/// administrators), as deleting pages does.
/// </summary>
[Route(BackofficeAuthentication.BasePath + "/media")]
[Authorize(Policy = BackofficePolicies.Access)]
[AutoValidateAntiforgeryToken]
public sealed class MediaController(MediaLibrary library, MediaService media, IOptions<MediaOptions> options, IAuthorizationService authorization) : Controller
{
    private const string FolderView = "~/Backoffice/Views/Media/Index.cshtml";
    private const string ItemView = "~/Backoffice/Views/Media/Item.cshtml";

    [HttpGet("")]
    public async Task<IActionResult> Index(Guid? folder) =>
        await FolderPageAsync(folder, TempData["Message"] as string);

    [HttpPost("upload")]
    [UploadLimit]
    public async Task<IActionResult> Upload(Guid? folder, IFormFile? file, string? name, string? altText, CancellationToken cancellationToken)
    {
        if (file is null)
        {
            return await FolderPageAsync(folder, null, uploadError: "Choose a file to upload.", status: StatusCodes.Status400BadRequest);
        }

        MediaResult result;
        await using (var stream = file.OpenReadStream())
        {
            result = await media.UploadAsync(folder, new MediaUpload(file.FileName, file.Length, stream), name, altText, UserName, cancellationToken);
        }

        if (!result.Success)
        {
            return result.Field == "altText"
                ? await FolderPageAsync(folder, null, altTextError: result.Error, status: StatusCodes.Status400BadRequest)
                : await FolderPageAsync(folder, null, uploadError: result.Error, status: StatusCodes.Status400BadRequest);
        }

        TempData["Message"] = $"Uploaded {result.Item!.Name}.";
        return Redirect(FolderUrl(folder));
    }

    [HttpPost("folder")]
    public async Task<IActionResult> CreateFolder(Guid? folder, string? folderName, CancellationToken cancellationToken)
    {
        var result = await media.CreateFolderAsync(folder, folderName, UserName, cancellationToken);
        if (!result.Success)
        {
            return await FolderPageAsync(folder, null, folderError: result.Error, status: StatusCodes.Status400BadRequest);
        }

        TempData["Message"] = $"Folder {result.Item!.Name} created.";
        return Redirect(FolderUrl(folder));
    }

    [HttpGet("{key:guid}")]
    public async Task<IActionResult> Item(Guid key, CancellationToken cancellationToken) =>
        await ItemPageAsync(key, TempData["Message"] as string, null, null, StatusCodes.Status200OK, cancellationToken);

    [HttpPost("{key:guid}")]
    public async Task<IActionResult> Save(Guid key, string? name, string? altText, CancellationToken cancellationToken)
    {
        var result = await media.UpdateAsync(key, name, altText, UserName, cancellationToken);
        return await AfterAsync(key, result, "Saved.", cancellationToken);
    }

    [HttpPost("{key:guid}/move")]
    public async Task<IActionResult> Move(Guid key, string? target, CancellationToken cancellationToken)
    {
        Guid? destination = Guid.TryParse(target, out var parsed) ? parsed : null;
        var result = await media.MoveAsync(key, destination, UserName, cancellationToken);
        return await AfterAsync(key, result, "Moved.", cancellationToken);
    }

    [HttpPost("{key:guid}/delete")]
    [Authorize(Policy = BackofficePolicies.Publish)]
    public async Task<IActionResult> Delete(Guid key, CancellationToken cancellationToken)
    {
        var parent = library.Current.Get(key)?.ParentKey;
        var result = await media.DeleteAsync(key, cancellationToken);
        if (!result.Success)
        {
            return await ItemPageAsync(key, null, result.Field, result.Error, StatusCodes.Status409Conflict, cancellationToken);
        }

        TempData["Message"] = $"Deleted {result.Item!.Name}.";
        return Redirect(FolderUrl(parent));
    }

    private async Task<IActionResult> AfterAsync(Guid key, MediaResult result, string message, CancellationToken cancellationToken)
    {
        if (!result.Success)
        {
            return await ItemPageAsync(key, null, result.Field, result.Error, StatusCodes.Status400BadRequest, cancellationToken);
        }

        TempData["Message"] = message;
        return Redirect($"/umbraco/media/{key}");
    }

    private async Task<IActionResult> FolderPageAsync(Guid? folder, string? message, string? uploadError = null, string? folderError = null, string? altTextError = null, int status = StatusCodes.Status200OK)
    {
        var snapshot = library.Current;
        var current = folder is { } f ? snapshot.Get(f) : null;
        if (folder is not null && current is not { IsFolder: true })
        {
            return NotFound();
        }

        Response.StatusCode = status;
        return View(FolderView, new MediaFolderView(
            current,
            current is null ? [] : snapshot.Ancestors(current.Key),
            snapshot.Children(folder),
            options.Value,
            await CanDeleteAsync(),
            message,
            uploadError,
            folderError,
            altTextError));
    }

    private async Task<IActionResult> ItemPageAsync(Guid key, string? message, string? field, string? error, int status, CancellationToken cancellationToken)
    {
        var snapshot = library.Current;
        if (snapshot.Get(key) is not { } item)
        {
            return NotFound();
        }

        var folders = snapshot.All.Where(i => i.IsFolder && i.Key != key && !snapshot.Ancestors(i.Key).Any(a => a.Key == key))
            .OrderBy(i => i.Path, StringComparer.OrdinalIgnoreCase).ToList();
        var usages = await media.FindUsagesAsync(key, cancellationToken);
        Response.StatusCode = status;
        return View(ItemView, new MediaItemView(item, snapshot.Ancestors(key), folders, usages, await CanDeleteAsync(), message, field, error));
    }

    private async Task<bool> CanDeleteAsync() => (await authorization.AuthorizeAsync(User, BackofficePolicies.Publish)).Succeeded;

    private string UserName => User.Identity?.Name ?? "unknown";

    private static string FolderUrl(Guid? folder) => folder is { } f ? $"/umbraco/media?folder={f}" : "/umbraco/media";

    /// <summary>
    /// Lets the upload's body be a little larger than the largest file (the form's other fields and multipart framing), so a
    /// file just past the limit reaches the service and gets a message beside the field instead of a bare 413.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method)]
    private sealed class UploadLimitAttribute : Attribute, IAuthorizationFilter
    {
        public void OnAuthorization(AuthorizationFilterContext context)
        {
            var limits = context.HttpContext.RequestServices.GetRequiredService<IOptions<MediaOptions>>().Value;
            var allowed = (limits.MaxFileSize * 2) + (1024 * 1024);
            if (context.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = allowed;
            }

            context.HttpContext.Features.Set<IFormFeature>(null);
            var form = new FormOptions { MultipartBodyLengthLimit = allowed };
            context.HttpContext.Features.Set<IFormFeature>(new FormFeature(context.HttpContext.Request, form));
        }
    }
}

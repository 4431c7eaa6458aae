using Isoc.Cms.Content;
using Isoc.Cms.Publishing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Isoc.Cms.Backoffice.Content;

/// <summary>A node as a choice in a list: its key, its name in the default language and how deep it sits.</summary>
public sealed record NodeChoice(Guid Key, string Name, int Level);

public sealed record ContentActions(
    ContentItem Item,
    string Name,
    IReadOnlyList<NodeChoice> MoveTargets,
    IReadOnlyList<NodeChoice> CopyTargets,
    bool RootAllowed,
    int ChildCount,
    bool CanPublish,
    IReadOnlyList<string> Cultures,
    string? Message,
    bool MessageIsError);

public sealed record SortChildren(Guid? ParentKey, string ParentName, IReadOnlyList<NodeChoice> Children, string? Message, bool MessageIsError);

public sealed record RecycleBin(IReadOnlyList<NodeChoice> Items, bool CanPublish, string? Message, bool MessageIsError);

/// <summary>
/// Tree operations over the content service: move, copy, sort, recycle bin, publish with descendants. Whatever
/// changes what visitors see (move, sort, trash, restore, delete, publish) needs the Publish policy; a copy is a
/// new unpublished page, so writers may make one. Each form carries what it was drawn from (the node's revision,
/// the children's order) and is refused with a message when someone else changed it in between.
/// </summary>
[Route(BackofficeAuthentication.BasePath)]
[Authorize(Policy = BackofficePolicies.Access)]
[AutoValidateAntiforgeryToken]
public sealed class ContentTreeController(IContentService content, ContentTypeRegistry types, IAuthorizationService authorization) : Controller
{
    private const string ActionsView = "~/Backoffice/Views/Content/Actions.cshtml";
    private const string SortView = "~/Backoffice/Views/Content/Sort.cshtml";
    private const string BinView = "~/Backoffice/Views/Content/RecycleBin.cshtml";
    private const string StaleMessage = "Someone else changed this page after you opened it, so nothing was done. Look at it again, then retry.";

    private string UserName => User.Identity?.Name ?? "unknown";

    [HttpGet("content/{key:guid}/actions")]
    public async Task<IActionResult> Actions(Guid key, CancellationToken cancellationToken)
    {
        var item = await content.GetAsync(key, cancellationToken);
        return item is null || item.Trashed ? NotFound() : View(ActionsView, await ActionsModelAsync(item, TempData["Message"] as string, false, cancellationToken));
    }

    [HttpPost("content/{key:guid}/move")]
    [Authorize(Policy = BackofficePolicies.Publish)]
    public Task<IActionResult> Move(Guid key, string? parent, int revision, CancellationToken cancellationToken) =>
        NodeActionAsync(key, revision, async item =>
        {
            if (!TryParent(parent, out var target))
            {
                return OperationResult.Invalid([new PropertyError("parent", "", "Choose where to move the page.")]);
            }

            return await content.MoveAsync(key, target, UserName, cancellationToken);
        }, "Moved. Its address on the site changed with it.", cancellationToken);

    [HttpPost("content/{key:guid}/copy")]
    public async Task<IActionResult> Copy(Guid key, string? parent, bool withDescendants, CancellationToken cancellationToken)
    {
        var item = await content.GetAsync(key, cancellationToken);
        if (item is null || item.Trashed)
        {
            return NotFound();
        }

        var result = TryParent(parent, out var target)
            ? await content.CopyAsync(key, target, withDescendants, UserName, cancellationToken)
            : OperationResult.Invalid([new PropertyError("parent", "", "Choose where to put the copy.")]);
        if (!result.Success)
        {
            return await RefusedAsync(item, result, cancellationToken);
        }

        TempData["Message"] = result.Message ?? "Copied. The copy is not published: visitors do not see it yet.";
        return RedirectToAction(nameof(ContentEditorController.Edit), "ContentEditor", new { key = result.Content!.Key });
    }

    [HttpPost("content/{key:guid}/trash")]
    [Authorize(Policy = BackofficePolicies.Publish)]
    public async Task<IActionResult> Trash(Guid key, int revision, CancellationToken cancellationToken)
    {
        var item = await content.GetAsync(key, cancellationToken);
        if (item is null || item.Trashed)
        {
            return NotFound();
        }

        if (item.Revision != revision)
        {
            return await RefusedAsync(item, OperationResult.Conflict(StaleMessage), cancellationToken);
        }

        var result = await content.MoveToRecycleBinAsync(key, UserName, cancellationToken);
        if (!result.Success)
        {
            return await RefusedAsync(item, result, cancellationToken);
        }

        TempData["Message"] = $"\"{NameOf(item)}\" and the pages below it are in the recycle bin; visitors no longer see them.";
        return RedirectToAction(nameof(Bin));
    }

    [HttpPost("content/{key:guid}/publish-descendants")]
    [Authorize(Policy = BackofficePolicies.Publish)]
    public Task<IActionResult> PublishWithDescendants(Guid key, string? culture, int revision, CancellationToken cancellationToken) =>
        NodeActionAsync(key, revision, async item =>
        {
            IReadOnlyList<string>? cultures = string.IsNullOrEmpty(culture) ? null : [types.NormalizeCulture(culture) ?? culture];
            return await content.PublishWithDescendantsAsync(key, cultures, UserName, cancellationToken);
        }, "Published with the pages below it.", cancellationToken);

    [HttpGet("content/sort")]
    [Authorize(Policy = BackofficePolicies.Publish)]
    public async Task<IActionResult> Sort(Guid? parent, CancellationToken cancellationToken)
    {
        var model = await SortModelAsync(parent, TempData["Message"] as string, false, cancellationToken);
        return model is null ? NotFound() : View(SortView, model);
    }

    /// <summary>
    /// Moves one child up or down. The form posts the order it showed; a different order now means someone else
    /// sorted or added a page meanwhile, and the request is refused rather than applied to a list nobody saw.
    /// </summary>
    [HttpPost("content/sort")]
    [Authorize(Policy = BackofficePolicies.Publish)]
    public async Task<IActionResult> Sort(Guid? parent, List<Guid> keys, string? move, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var model = await SortModelAsync(parent, null, false, cancellationToken);
        if (model is null)
        {
            return NotFound();
        }

        if (!model.Children.Select(c => c.Key).SequenceEqual(keys))
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            return View(SortView, model with { Message = "The order changed after you opened this page (someone else sorted, added or moved a page), so nothing was done. This is the order now.", MessageIsError = true });
        }

        var parts = (move ?? "").Split(':');
        var index = parts.Length == 2 && Guid.TryParse(parts[0], out var moved) ? keys.IndexOf(moved) : -1;
        var target = parts.Length == 2 ? parts[1] switch { "up" => index - 1, "down" => index + 1, _ => -1 } : -1;
        if (index < 0 || target < 0 || target >= keys.Count)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(SortView, model with { Message = "Choose a page to move up or down.", MessageIsError = true });
        }

        (keys[index], keys[target]) = (keys[target], keys[index]);
        var result = await content.SortAsync(parent, keys, UserName, cancellationToken);
        if (!result.Success)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(SortView, model with { Message = result.Message ?? string.Join(" ", result.Errors.Select(e => e.Message)), MessageIsError = true });
        }

        TempData["Message"] = $"Moved \"{model.Children[index].Name}\" {parts[1]}.";
        return Redirect($"{BackofficeAuthentication.BasePath}/content/sort{(parent is null ? "" : $"?parent={parent}")}");
    }

    [HttpGet("recycle-bin")]
    public async Task<IActionResult> Bin(CancellationToken cancellationToken) =>
        View(BinView, await BinModelAsync(TempData["Message"] as string, false, cancellationToken));

    [HttpPost("recycle-bin/{key:guid}/restore")]
    [Authorize(Policy = BackofficePolicies.Publish)]
    public Task<IActionResult> Restore(Guid key, CancellationToken cancellationToken) =>
        BinActionAsync(key, () => content.RestoreAsync(key, null, UserName, cancellationToken), "Restored to where it was. Publish it again for visitors to see it.", cancellationToken);

    [HttpPost("recycle-bin/{key:guid}/delete")]
    [Authorize(Policy = BackofficePolicies.Publish)]
    public Task<IActionResult> Delete(Guid key, CancellationToken cancellationToken) =>
        BinActionAsync(key, () => content.DeleteAsync(key, UserName, cancellationToken), "Deleted for good, with its history.", cancellationToken);

    private async Task<IActionResult> BinActionAsync(Guid key, Func<Task<OperationResult>> action, string done, CancellationToken cancellationToken)
    {
        var item = await content.GetAsync(key, cancellationToken);
        if (item is null || !item.Trashed)
        {
            // Already restored or deleted by someone else: say so on the bin as it is now.
            Response.StatusCode = StatusCodes.Status409Conflict;
            return View(BinView, await BinModelAsync("That page is no longer in the recycle bin.", true, cancellationToken));
        }

        var result = await action();
        if (!result.Success)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(BinView, await BinModelAsync(result.Message ?? "That did not work.", true, cancellationToken));
        }

        TempData["Message"] = $"\"{NameOf(item)}\": {done}";
        return RedirectToAction(nameof(Bin));
    }

    private async Task<IActionResult> NodeActionAsync(Guid key, int revision, Func<ContentItem, Task<OperationResult>> action, string done, CancellationToken cancellationToken)
    {
        var item = await content.GetAsync(key, cancellationToken);
        if (item is null || item.Trashed)
        {
            return NotFound();
        }

        if (item.Revision != revision)
        {
            return await RefusedAsync(item, OperationResult.Conflict(StaleMessage), cancellationToken);
        }

        var result = await action(item);
        if (!result.Success)
        {
            return await RefusedAsync(item, result, cancellationToken);
        }

        TempData["Message"] = result.Errors.Count > 0 ? $"{done} {result.Message} {string.Join(" ", result.Errors.Select(e => e.Message))}" : done;
        return RedirectToAction(nameof(Actions), new { key });
    }

    private async Task<IActionResult> RefusedAsync(ContentItem item, OperationResult result, CancellationToken cancellationToken)
    {
        Response.StatusCode = result.Status == OperationStatus.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        var current = await content.GetAsync(item.Key, cancellationToken) ?? item;
        var message = result.Message ?? string.Join(" ", result.Errors.Select(e => e.Message));
        return View(ActionsView, await ActionsModelAsync(current, "Nothing was done: " + message, true, cancellationToken));
    }

    private async Task<ContentActions> ActionsModelAsync(ContentItem item, string? message, bool isError, CancellationToken cancellationToken)
    {
        var type = types.Get(item.ContentTypeAlias);
        var parents = (await content.GetPossibleParentsAsync(item.ContentTypeAlias, cancellationToken)).Select(Choice).ToList();
        var children = await content.GetChildrenAsync(item.Key, cancellationToken);
        return new ContentActions(
            item,
            NameOf(item),
            [.. parents.Where(p => p.Key != item.Key && p.Key != item.ParentKey)],
            parents,
            type?.AllowedAtRoot ?? false,
            children.Count,
            (await authorization.AuthorizeAsync(User, BackofficePolicies.Publish)).Succeeded,
            [.. types.Languages.Select(l => l.IsoCode)],
            message,
            isError);
    }

    private async Task<SortChildren?> SortModelAsync(Guid? parent, string? message, bool isError, CancellationToken cancellationToken)
    {
        var parentItem = parent is { } key ? await content.GetAsync(key, cancellationToken) : null;
        if (parent is not null && (parentItem is null || parentItem.Trashed))
        {
            return null;
        }

        var children = await content.GetChildrenAsync(parent, cancellationToken);
        return new SortChildren(parent, parentItem is null ? "the root" : NameOf(parentItem), [.. children.Select(Choice)], message, isError);
    }

    private async Task<RecycleBin> BinModelAsync(string? message, bool isError, CancellationToken cancellationToken) =>
        new([.. (await content.GetRecycleBinAsync(cancellationToken)).Select(Choice)], (await authorization.AuthorizeAsync(User, BackofficePolicies.Publish)).Succeeded, message, isError);

    private NodeChoice Choice(ContentItem item) => new(item.Key, NameOf(item), item.Level);

    private string NameOf(ContentItem item) => item.GetName(types.DefaultLanguage.IsoCode) ?? item.Names.Values.FirstOrDefault() ?? "(no name)";

    /// <summary>"root" is the top of the tree; anything else must be a node key.</summary>
    private static bool TryParent(string? value, out Guid? parent)
    {
        parent = null;
        if (value == "root")
        {
            return true;
        }

        if (Guid.TryParse(value, out var key))
        {
            parent = key;
            return true;
        }

        return false;
    }
}

using Isoc.Cms.Content;
using Isoc.Cms.Publishing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Isoc.Cms.Backoffice;

/// <summary>A node of the content tree as the dashboard lists it: its name in the default language and where it is published.</summary>
/// <summary>
/// A node of the content tree as the dashboard lists it: its name in the default language, where it is published,
/// its children, and whether it has more below than the tree shows (then it links to its own branch).
/// </summary>
public sealed record ContentTreeNode(ContentItem Item, string Name, IReadOnlyList<string> PublishedCultures, IReadOnlyList<ContentTreeNode> Children, bool HasHiddenChildren = false);

public sealed record BackofficeDashboard(string UserName, IReadOnlyList<string> Roles, IReadOnlyList<ContentTreeNode> Tree, int RecycleBinCount, ContentItem? Branch = null, bool CanPublish = false);

/// <summary>The backoffice's start page: who is signed in, and the content tree, a few levels deep or from one branch.</summary>
[Route(BackofficeAuthentication.BasePath)]
[Authorize(Policy = BackofficePolicies.Access)]
public sealed class BackofficeDashboardController(IContentService content, ContentTypeRegistry types, IAuthorizationService authorization) : Controller
{
    /// <summary>Levels drawn at once; a deeper branch is opened on its own page (?branch=key), so a large site stays quick to list.</summary>
    public const int Depth = 4;

    [HttpGet("")]
    public async Task<IActionResult> Index(Guid? branch, CancellationToken cancellationToken)
    {
        var culture = types.DefaultLanguage.IsoCode;
        ContentItem? branchItem = null;
        if (branch is { } key && ((branchItem = await content.GetAsync(key, cancellationToken)) is null || branchItem.Trashed))
        {
            return NotFound();
        }

        var tree = branchItem is null
            ? await LevelAsync(null, 1, culture, cancellationToken)
            : [Node(branchItem, culture, await LevelAsync(branchItem.Key, 2, culture, cancellationToken), hasHidden: false)];
        var bin = await content.GetRecycleBinAsync(cancellationToken);
        var roles = User.Claims.Where(c => c.Type == System.Security.Claims.ClaimTypes.Role).Select(c => c.Value).ToList();
        var canPublish = (await authorization.AuthorizeAsync(User, BackofficePolicies.Publish)).Succeeded;
        return View("~/Backoffice/Views/Dashboard.cshtml", new BackofficeDashboard(User.Identity?.Name ?? "", roles, tree, bin.Count, branchItem, canPublish));
    }

    private async Task<List<ContentTreeNode>> LevelAsync(Guid? parent, int depth, string culture, CancellationToken cancellationToken)
    {
        var nodes = new List<ContentTreeNode>();
        foreach (var child in await content.GetChildrenAsync(parent, cancellationToken))
        {
            if (depth >= Depth)
            {
                var hidden = (await content.GetChildrenAsync(child.Key, cancellationToken)).Count > 0;
                nodes.Add(Node(child, culture, [], hidden));
            }
            else
            {
                nodes.Add(Node(child, culture, await LevelAsync(child.Key, depth + 1, culture, cancellationToken), hasHidden: false));
            }
        }

        return nodes;
    }

    private static ContentTreeNode Node(ContentItem item, string culture, IReadOnlyList<ContentTreeNode> children, bool hasHidden) =>
        new(item, item.GetName(culture) ?? item.Names.Values.FirstOrDefault() ?? "(no name)", [.. item.Published.Keys.Order(StringComparer.Ordinal)], children, hasHidden);
}

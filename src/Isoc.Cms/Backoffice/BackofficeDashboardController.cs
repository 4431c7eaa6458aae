using Isoc.Cms.Content;
using Isoc.Cms.Publishing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Isoc.Cms.Backoffice;

/// <summary>A node of the content tree as the dashboard lists it: its name in the default language and where it is published.</summary>
public sealed record ContentTreeNode(ContentItem Item, string Name, IReadOnlyList<string> PublishedCultures, IReadOnlyList<ContentTreeNode> Children);

public sealed record BackofficeDashboard(string UserName, IReadOnlyList<string> Roles, IReadOnlyList<ContentTreeNode> Tree, int RecycleBinCount);

/// <summary>The backoffice's start page: who is signed in, and the content tree two levels deep.</summary>
[Route(BackofficeAuthentication.BasePath)]
[Authorize(Policy = BackofficePolicies.Access)]
public sealed class BackofficeDashboardController(IContentService content, ContentTypeRegistry types) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var culture = types.DefaultLanguage.IsoCode;
        var tree = new List<ContentTreeNode>();
        foreach (var root in await content.GetChildrenAsync(null, cancellationToken))
        {
            var children = new List<ContentTreeNode>();
            foreach (var child in await content.GetChildrenAsync(root.Key, cancellationToken))
            {
                children.Add(Node(child, culture, []));
            }

            tree.Add(Node(root, culture, children));
        }

        var bin = await content.GetRecycleBinAsync(cancellationToken);
        var roles = User.Claims.Where(c => c.Type == System.Security.Claims.ClaimTypes.Role).Select(c => c.Value).ToList();
        return View("~/Backoffice/Views/Dashboard.cshtml", new BackofficeDashboard(User.Identity?.Name ?? "", roles, tree, bin.Count));
    }

    private static ContentTreeNode Node(ContentItem item, string culture, IReadOnlyList<ContentTreeNode> children) =>
        new(item, item.GetName(culture) ?? item.Names.Values.FirstOrDefault() ?? "(no name)", [.. item.Published.Keys.Order(StringComparer.Ordinal)], children);
}

using Isoc.Cms.Content;
using Isoc.Cms.Data;
using Microsoft.EntityFrameworkCore;

namespace Isoc.Cms.Backoffice.Content;

/// <summary>A node a content picker can choose: its UDI, its name in the editor's culture and its depth in the tree.</summary>
public sealed record PickableNode(Guid Key, string Udi, string Name, int Depth, bool Published);

/// <summary>
/// The content tree, flattened in tree order, for content pickers and page links. Drafts are pickable too (a link
/// may be prepared before its target goes live), trashed nodes are not. One query, and only for editors that
/// have a picker: a page without one never pays for it.
/// </summary>
public sealed class ContentPickerSource(CmsDbContext db)
{
    public async Task<IReadOnlyList<PickableNode>> GetTreeAsync(string culture, string defaultCulture, CancellationToken cancellationToken)
    {
        var rows = await (
                from node in db.ContentNodes.AsNoTracking()
                where !node.Trashed
                join version in db.ContentVersions.AsNoTracking() on node.CurrentVersionId equals version.Id
                select new { node.Key, node.ParentKey, node.SortOrder, version.Names })
            .ToListAsync(cancellationToken);
        var published = (await db.PublishedCultures.AsNoTracking().Where(p => p.Culture == culture).Select(p => p.NodeKey).ToListAsync(cancellationToken)).ToHashSet();
        var children = rows.ToLookup(r => r.ParentKey);
        var result = new List<PickableNode>(rows.Count);

        void Walk(Guid? parent, int depth)
        {
            foreach (var row in children[parent].OrderBy(r => r.SortOrder))
            {
                result.Add(new PickableNode(row.Key, EditorValues.Udi(row.Key), NameOf(row.Names), depth, published.Contains(row.Key)));
                Walk(row.Key, depth + 1);
            }
        }

        string NameOf(Dictionary<string, string> names) =>
            names.FirstOrDefault(n => string.Equals(n.Key, culture, StringComparison.OrdinalIgnoreCase)).Value
            ?? names.FirstOrDefault(n => string.Equals(n.Key, defaultCulture, StringComparison.OrdinalIgnoreCase)).Value
            ?? names.Values.FirstOrDefault()
            ?? "(no name)";

        Walk(null, 0);
        return result;
    }
}

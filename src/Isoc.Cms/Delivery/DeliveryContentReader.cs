using System.Globalization;
using System.Security.Claims;
using Isoc.Cms.Content;
using Isoc.Cms.Publishing;

namespace Isoc.Cms.Delivery;

/// <summary>Where an item answers: its path relative to its start item (the root it lives under) and that root.</summary>
internal sealed record ItemRoute(string Path, Guid StartItemId, string StartItemPath);

/// <summary>One item as the API writes it, whether it comes from the published snapshot or (in preview) from a draft.</summary>
internal sealed record DeliveryItem(
    Guid Key,
    string ContentTypeAlias,
    string Name,
    DateTime CreateDate,
    DateTime UpdateDate,
    IReadOnlyDictionary<string, string?> Values,
    ItemRoute Route,
    IReadOnlyList<KeyValuePair<string, ItemRoute>> Cultures);

/// <summary>
/// The published snapshot as one request of the Delivery API sees it: in one culture, under an optional start item,
/// with disallowed content types and items the reader may not see left out. Reads memory only, never the database.
/// </summary>
internal sealed class DeliveryContentReader
{
    private readonly DeliveryApiOptions _options;
    private readonly IDeliveryContentAccess _access;
    private readonly ClaimsPrincipal _user;
    private readonly DeliveryQueryCache? _queryCache;
    private StringComparer? _nameComparer;

    public DeliveryContentReader(
        PublishedSnapshot snapshot,
        string culture,
        string? startItemHeader,
        DeliveryApiOptions options,
        IDeliveryContentAccess access,
        ClaimsPrincipal user,
        DeliveryQueryCache? queryCache = null)
    {
        _queryCache = queryCache;
        Snapshot = snapshot;
        Culture = culture;
        _options = options;
        _access = access;
        _user = user;
        StartItem = ResolveStartItem(startItemHeader);
    }

    public PublishedSnapshot Snapshot { get; }

    public string Culture { get; }

    /// <summary>The root named by the Start-Item header (a root's URL segment or GUID); null when absent or unknown.</summary>
    public PublishedContent? StartItem { get; }

    /// <summary>Published in the request's culture with a URL there, of an allowed type, and readable by this reader.</summary>
    public bool IsVisible(PublishedContent node) => IsPublishedHere(node) && _access.CanRead(node, _user);

    /// <summary>Published in the request's culture with a URL there, and of an allowed type (whoever reads).</summary>
    private bool IsPublishedHere(PublishedContent node) =>
        Snapshot.GetPath(node.Key, Culture) is not null && _options.IsAllowed(node.ContentTypeAlias);

    public PublishedContent? GetVisible(Guid key) => Snapshot.Get(key) is { } node && IsVisible(node) ? node : null;

    /// <summary>The item at a route path ("about/", "/about/"), relative to the start item when there is one.</summary>
    public PublishedContent? ResolvePath(string path)
    {
        var trimmed = path.Trim('/');
        PublishedContent? node;
        if (StartItem is null || IsFirstRoot(StartItem))
        {
            node = Snapshot.GetByPath(Culture, "/" + trimmed);
        }
        else
        {
            var segment = StartItem.ForCulture(Culture)?.UrlSegment;
            node = segment is null ? null : Snapshot.GetByPath(Culture, "/" + segment + "/" + trimmed);
        }

        return node is not null && IsVisible(node) ? node : null;
    }

    /// <summary>A fetch target: a GUID or a route path.</summary>
    public PublishedContent? ResolveTarget(FetchSelector selector) =>
        selector.TargetId is { } id ? GetVisible(id) : ResolvePath(selector.Target);

    /// <summary>The items a query starts from, in tree order, before filters; null when the fetch target does not exist.</summary>
    public IEnumerable<PublishedContent>? Select(FetchSelector? fetch)
    {
        if (fetch is null)
        {
            return Everything();
        }

        if (fetch.Target.Trim('/').Length == 0 && StartItem is null)
        {
            // "children:/" are the roots, "descendants:/" everything; "/" has no ancestors.
            return fetch.Kind switch
            {
                FetchKind.Children => Snapshot.Roots,
                FetchKind.Descendants => Everything(),
                _ => [],
            };
        }

        if (ResolveTarget(fetch) is not { } target)
        {
            return null;
        }

        return fetch.Kind switch
        {
            FetchKind.Children => Snapshot.GetChildren(target.Key),
            FetchKind.Descendants => Snapshot.GetDescendants(target.Key),
            _ => Snapshot.GetAncestors(target.Key).Reverse(),
        };
    }

    /// <summary>
    /// Runs a query: select, keep what is published here and matches every filter, sort (stable: tree order breaks ties),
    /// then keep what this reader may read. The sorted list before the access check depends only on the snapshot and the
    /// query, so it is memoised per snapshot: paging through a large listing sorts it once.
    /// </summary>
    public IReadOnlyList<PublishedContent> Query(FetchSelector? fetch, IReadOnlyList<QueryFilter> filters, IReadOnlyList<SortOption> sorts, out bool targetFound)
    {
        var result = _queryCache is null
            ? Run(fetch, filters, sorts)
            : _queryCache.GetOrAdd(Snapshot, QueryKey(fetch, filters, sorts), () => Run(fetch, filters, sorts));
        targetFound = result.TargetFound;
        if (_access is PublicDeliveryContentAccess)
        {
            return result.Items;
        }

        return result.Items.Where(n => _access.CanRead(n, _user)).ToList();
    }

    private DeliveryQueryResult Run(FetchSelector? fetch, IReadOnlyList<QueryFilter> filters, IReadOnlyList<SortOption> sorts)
    {
        var selected = Select(fetch);
        if (selected is null)
        {
            return new DeliveryQueryResult(false, []);
        }

        var items = selected.Where(n => IsPublishedHere(n) && filters.All(f => Matches(n, f)));
        if (sorts.Count == 0)
        {
            return new DeliveryQueryResult(true, items.ToArray());
        }

        IOrderedEnumerable<PublishedContent>? ordered = null;
        foreach (var sort in sorts)
        {
            ordered = sort.Field switch
            {
                SortField.Name => Then(ordered, items, n => NameOf(n), sort.Descending, NameComparer),
                SortField.CreateDate => Then(ordered, items, n => n.CreateDate, sort.Descending, Comparer<DateTime>.Default),
                SortField.UpdateDate => Then(ordered, items, n => UpdateDateOf(n), sort.Descending, Comparer<DateTime>.Default),
                SortField.Level => Then(ordered, items, n => n.Level, sort.Descending, Comparer<int>.Default),
                _ => Then(ordered, items, n => n.SortOrder, sort.Descending, Comparer<int>.Default),
            };
        }

        return new DeliveryQueryResult(true, ordered!.ToArray());
    }

    /// <summary>Everything a query's result depends on besides the snapshot (the reader is left out: access is checked after).</summary>
    private string QueryKey(FetchSelector? fetch, IReadOnlyList<QueryFilter> filters, IReadOnlyList<SortOption> sorts)
    {
        var key = new System.Text.StringBuilder(128);
        key.Append(Culture).Append('|').Append(StartItem?.Key.ToString() ?? "-").Append('|');
        key.Append(fetch is null ? "-" : fetch.Kind + ":" + fetch.Target).Append('|');
        foreach (var filter in filters)
        {
            key.Append(filter.Field).Append(filter.Operator).Append(filter.Date.Ticks).Append('[');
            foreach (var value in filter.Values)
            {
                key.Append(value.Length).Append(':').Append(value);
            }

            key.Append(']');
        }

        key.Append('|');
        foreach (var sort in sorts)
        {
            key.Append(sort.Field).Append(sort.Descending ? '-' : '+');
        }

        return key.ToString();
    }

    public string NameOf(PublishedContent node) => node.ForCulture(Culture)?.Name ?? "";

    public DateTime UpdateDateOf(PublishedContent node) => node.ForCulture(Culture)?.UpdateDate ?? node.CreateDate;

    /// <summary>The item in the request's culture, with its route and its routes in every culture it is published in.</summary>
    public DeliveryItem? ToItem(PublishedContent node)
    {
        if (node.ForCulture(Culture) is not { } data || Route(node.Key, Culture) is not { } route)
        {
            return null;
        }

        var cultures = new List<KeyValuePair<string, ItemRoute>>();
        if (node.VariesByCulture)
        {
            foreach (var culture in Snapshot.Cultures)
            {
                if (node.Cultures.ContainsKey(culture) && Route(node.Key, culture) is { } cultureRoute)
                {
                    cultures.Add(new(culture.ToLowerInvariant(), cultureRoute));
                }
            }
        }

        return new DeliveryItem(node.Key, node.ContentTypeAlias, data.Name, node.CreateDate, data.UpdateDate, data.Values, route, cultures);
    }

    /// <summary>A draft (preview) in the request's culture; null when it has no name in that culture.</summary>
    public DeliveryItem? ToItem(ContentItem draft, ResolvedContentType? type)
    {
        var varies = type?.VariesByCulture ?? false;
        var name = draft.GetName(Culture) ?? (varies ? null : draft.Names.Values.FirstOrDefault());
        if (name is null)
        {
            return null;
        }

        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (alias, byCulture) in draft.Values)
        {
            var propertyVaries = varies && type?.GetProperty(alias) is { VariesByCulture: true };
            if (byCulture.TryGetValue(propertyVaries ? Culture : "", out var value))
            {
                values[alias] = value;
            }
        }

        var cultures = new List<KeyValuePair<string, ItemRoute>>();
        if (varies)
        {
            foreach (var culture in Snapshot.Cultures)
            {
                if (draft.GetName(culture) is not null)
                {
                    cultures.Add(new(culture.ToLowerInvariant(), Route(draft.Key, culture) ?? PreviewRoute(draft, culture)));
                }
            }
        }

        return new DeliveryItem(draft.Key, draft.ContentTypeAlias, name, draft.CreateDate, draft.UpdateDate, values,
            Route(draft.Key, Culture) ?? PreviewRoute(draft, Culture), cultures);
    }

    /// <summary>The route of a published item in a culture: its path relative to its root, and the root.</summary>
    public ItemRoute? Route(Guid key, string culture)
    {
        if (Snapshot.GetPath(key, culture) is not { } path || Snapshot.Get(key) is not { } node)
        {
            return null;
        }

        var root = RootOf(node);
        var segment = root.ForCulture(culture)?.UrlSegment ?? "";
        if (!IsFirstRoot(root))
        {
            // Other roots answer at "/{segment}/…" on the site; in the API their items are relative to the root.
            var prefix = "/" + segment;
            path = path.StartsWith(prefix + "/", StringComparison.Ordinal) ? path[prefix.Length..] : path;
        }

        return new ItemRoute(path, root.Key, segment);
    }

    /// <summary>A never-published draft answers at "preview-{id}" under the root of its nearest published ancestor.</summary>
    private ItemRoute PreviewRoute(ContentItem draft, string culture)
    {
        var path = "/preview-" + draft.Key.ToString("D", CultureInfo.InvariantCulture) + "/";
        var parent = draft.ParentKey is { } parentKey ? Snapshot.Get(parentKey) : null;
        var root = parent is null ? (Snapshot.Roots.Count > 0 ? Snapshot.Roots[0] : null) : RootOf(parent);
        return root is null
            ? new ItemRoute(path, draft.Key, "")
            : new ItemRoute(path, root.Key, root.ForCulture(culture)?.UrlSegment ?? "");
    }

    private PublishedContent RootOf(PublishedContent node) => Snapshot.GetAncestors(node.Key).LastOrDefault() ?? node;

    private bool IsFirstRoot(PublishedContent node) => Snapshot.Roots.Count > 0 && Snapshot.Roots[0].Key == node.Key;

    private PublishedContent? ResolveStartItem(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var value = header.Trim().Trim('/');
        if (Guid.TryParse(value, out var key))
        {
            return Snapshot.Get(key) is { ParentKey: null } root ? root : null;
        }

        return Snapshot.Roots.FirstOrDefault(r => r.Cultures.Values.Any(c => string.Equals(c.UrlSegment, value, StringComparison.OrdinalIgnoreCase)));
    }

    private IEnumerable<PublishedContent> Everything()
    {
        foreach (var root in Snapshot.Roots)
        {
            yield return root;
            foreach (var node in Snapshot.GetDescendants(root.Key))
            {
                yield return node;
            }
        }
    }

    private bool Matches(PublishedContent node, QueryFilter filter)
    {
        switch (filter.Field)
        {
            case FilterField.ContentType:
            {
                var match = filter.Values.Any(v => string.Equals(v, node.ContentTypeAlias, StringComparison.OrdinalIgnoreCase));
                return filter.Operator == FilterOperator.IsNot ? !match : match;
            }

            case FilterField.Name:
            {
                var name = NameOf(node);
                var match = filter.Values.Any(v => name.Contains(v, StringComparison.OrdinalIgnoreCase));
                return filter.Operator == FilterOperator.IsNot ? !match : match;
            }

            default:
            {
                var date = filter.Field == FilterField.CreateDate ? node.CreateDate : UpdateDateOf(node);
                return filter.Operator switch
                {
                    FilterOperator.GreaterThan => date > filter.Date,
                    FilterOperator.GreaterThanOrEqual => date >= filter.Date,
                    FilterOperator.LessThan => date < filter.Date,
                    FilterOperator.LessThanOrEqual => date <= filter.Date,
                    _ => date == filter.Date,
                };
            }
        }
    }

    private StringComparer NameComparer => _nameComparer ??= CreateNameComparer(Culture);

    private static StringComparer CreateNameComparer(string culture)
    {
        try
        {
            return StringComparer.Create(CultureInfo.GetCultureInfo(culture), ignoreCase: true);
        }
        catch (CultureNotFoundException)
        {
            return StringComparer.OrdinalIgnoreCase;
        }
    }

    private static IOrderedEnumerable<PublishedContent> Then<TKey>(
        IOrderedEnumerable<PublishedContent>? ordered,
        IEnumerable<PublishedContent> items,
        Func<PublishedContent, TKey> key,
        bool descending,
        IComparer<TKey> comparer) =>
        ordered is null
            ? (descending ? items.OrderByDescending(key, comparer) : items.OrderBy(key, comparer))
            : (descending ? ordered.ThenByDescending(key, comparer) : ordered.ThenBy(key, comparer));
}

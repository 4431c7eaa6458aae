namespace Isoc.Cms.Publishing;

/// <summary>
/// Everything published, with its tree and its URLs, frozen at one moment. A reader holds one snapshot
/// for the whole request, so it never sees half a publish; a publish builds the next one and swaps it in.
/// </summary>
public sealed class PublishedSnapshot
{
    private static readonly Guid RootKey = Guid.Empty;

    // Plain dictionaries, never handed out mutable: building a FrozenDictionary of 10,000 keys costs more
    // than it saves on lookups, and a publish builds the next snapshot while visitors wait to see it.
    private readonly Dictionary<Guid, Guid[]> _children;
    private readonly Dictionary<string, CultureRoutes> _routes;

    private PublishedSnapshot(
        long generation,
        string defaultCulture,
        IReadOnlyList<string> cultures,
        IReadOnlyDictionary<Guid, PublishedContent> nodes,
        Dictionary<Guid, Guid[]> children,
        Dictionary<string, CultureRoutes> routes,
        IReadOnlyCollection<(string Culture, string Path, Guid Key)> redirects,
        DateTime builtAt)
    {
        Redirects = redirects;
        Generation = generation;
        DefaultCulture = defaultCulture;
        Cultures = cultures;
        Nodes = nodes;
        _children = children;
        _routes = routes;
        BuiltAt = builtAt;
    }

    public static PublishedSnapshot Empty { get; } = Build(0, "en-US", ["en-US"], [], [], DateTime.UnixEpoch);

    /// <summary>Increases by one with every swap; caches key on it.</summary>
    public long Generation { get; }

    public string DefaultCulture { get; }

    public IReadOnlyList<string> Cultures { get; }

    public IReadOnlyDictionary<Guid, PublishedContent> Nodes { get; }

    public DateTime BuiltAt { get; }

    /// <summary>Every recorded redirect, including those whose target is not published now (it may come back).</summary>
    public IReadOnlyCollection<(string Culture, string Path, Guid Key)> Redirects { get; }

    public PublishedContent? Get(Guid key) => Nodes.TryGetValue(key, out var node) ? node : null;

    /// <summary>The root nodes, in sort order.</summary>
    public IReadOnlyList<PublishedContent> Roots => Resolve(_children.TryGetValue(RootKey, out var keys) ? keys : []);

    public IReadOnlyList<PublishedContent> GetChildren(Guid key) => Resolve(_children.TryGetValue(key, out var keys) ? keys : []);

    /// <summary>Children that can be reached in <paramref name="culture"/> (published there, with a URL).</summary>
    public IEnumerable<PublishedContent> GetChildren(Guid key, string culture) => GetChildren(key).Where(c => GetPath(c.Key, culture) is not null);

    public IEnumerable<PublishedContent> GetAncestors(Guid key)
    {
        var node = Get(key);
        while (node?.ParentKey is { } parentKey && Get(parentKey) is { } parent)
        {
            yield return parent;
            node = parent;
        }
    }

    public IEnumerable<PublishedContent> GetDescendants(Guid key)
    {
        var stack = new Stack<Guid>(_children.TryGetValue(key, out var first) ? first.Reverse() : []);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            if (Nodes.TryGetValue(current, out var node))
            {
                yield return node;
            }

            if (_children.TryGetValue(current, out var next))
            {
                for (var i = next.Length - 1; i >= 0; i--)
                {
                    stack.Push(next[i]);
                }
            }
        }
    }

    /// <summary>The node's URL path in a culture, relative to the culture's root ("/", "/about/"), or null when it cannot be reached there.</summary>
    public string? GetPath(Guid key, string culture) =>
        _routes.TryGetValue(culture, out var routes) && routes.PathByKey.TryGetValue(key, out var path) ? path : null;

    /// <summary>The node at a culture-relative path; the path is matched case-insensitively, with or without its trailing slash.</summary>
    public PublishedContent? GetByPath(string culture, string path)
    {
        if (!_routes.TryGetValue(culture, out var routes))
        {
            return null;
        }

        return routes.KeyByPath.TryGetValue(NormalizePath(path), out var key) ? Get(key) : null;
    }

    /// <summary>The node an old URL used to lead to, if it was renamed or moved.</summary>
    public PublishedContent? GetRedirect(string culture, string path)
    {
        if (!_routes.TryGetValue(culture, out var routes))
        {
            return null;
        }

        return routes.Redirects.TryGetValue(NormalizePath(path), out var key) ? Get(key) : null;
    }

    public static string NormalizePath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var trimmed = path.Trim('/');
        return trimmed.Length == 0 ? "/" : "/" + trimmed.ToLowerInvariant() + "/";
    }

    /// <summary>Builds a snapshot from published nodes; URLs follow the tree (the first root is the site's home at "/").</summary>
    public static PublishedSnapshot Build(
        long generation,
        string defaultCulture,
        IReadOnlyList<string> cultures,
        IEnumerable<PublishedContent> nodes,
        IEnumerable<(string Culture, string Path, Guid Key)> redirects,
        DateTime builtAt)
    {
        ArgumentNullException.ThrowIfNull(cultures);
        var nodeMap = nodes.ToDictionary(n => n.Key);
        var childLists = new Dictionary<Guid, List<PublishedContent>>();
        foreach (var node in nodeMap.Values)
        {
            var parent = node.ParentKey is { } p && nodeMap.ContainsKey(p) ? p : (node.ParentKey is null ? RootKey : (Guid?)null);
            if (parent is null)
            {
                continue; // the parent is not published at all: the node is unreachable
            }

            if (!childLists.TryGetValue(parent.Value, out var list))
            {
                childLists[parent.Value] = list = [];
            }

            list.Add(node);
        }

        var children = childLists.ToDictionary(
            kv => kv.Key,
            kv => kv.Value.OrderBy(n => n.SortOrder).ThenBy(n => n.CreateDate).Select(n => n.Key).ToArray());

        var redirectList = redirects as IReadOnlyCollection<(string Culture, string Path, Guid Key)> ?? redirects.ToList();
        var routes = new Dictionary<string, CultureRoutes>(StringComparer.Ordinal);
        foreach (var culture in cultures)
        {
            var pathByKey = new Dictionary<Guid, string>();
            var keyByPath = new Dictionary<string, Guid>(StringComparer.Ordinal);
            var roots = children.TryGetValue(RootKey, out var rootKeys) ? rootKeys : [];
            for (var i = 0; i < roots.Length; i++)
            {
                var root = nodeMap[roots[i]];
                if (root.ForCulture(culture) is not { } data)
                {
                    continue;
                }

                // Like Umbraco's hideTopLevelNodeFromPath: the first root is the home page and its children hang off "/".
                var isHome = i == 0;
                var rootPath = isHome ? "/" : "/" + data.UrlSegment + "/";
                AddRoutes(root.Key, rootPath, isHome ? "/" : rootPath);
            }

            routes[culture] = new CultureRoutes(pathByKey, keyByPath, RedirectMap(culture, redirectList, pathByKey, keyByPath));

            void AddRoutes(Guid key, string path, string childBase)
            {
                if (!keyByPath.TryAdd(path, key))
                {
                    return; // an earlier sibling already answers at this URL
                }

                pathByKey[key] = path;
                if (!children.TryGetValue(key, out var kids))
                {
                    return;
                }

                foreach (var kid in kids)
                {
                    if (nodeMap[kid].ForCulture(culture) is { } kidData)
                    {
                        var kidPath = childBase + kidData.UrlSegment + "/";
                        AddRoutes(kid, kidPath, kidPath);
                    }
                }
            }
        }

        return new PublishedSnapshot(generation, defaultCulture, cultures, nodeMap, children, routes, redirectList, builtAt);
    }

    /// <summary>The same snapshot with another set of redirects: a publish learns which URLs moved only after building.</summary>
    public PublishedSnapshot WithRedirects(IReadOnlyCollection<(string Culture, string Path, Guid Key)> redirects)
    {
        ArgumentNullException.ThrowIfNull(redirects);
        var routes = _routes.ToDictionary(
            kv => kv.Key,
            kv => kv.Value with { Redirects = RedirectMap(kv.Key, redirects, kv.Value.PathByKey, kv.Value.KeyByPath) },
            StringComparer.Ordinal);
        return new PublishedSnapshot(Generation, DefaultCulture, Cultures, Nodes, _children, routes, redirects, BuiltAt);
    }

    private static Dictionary<string, Guid> RedirectMap(
        string culture,
        IReadOnlyCollection<(string Culture, string Path, Guid Key)> redirects,
        Dictionary<Guid, string> pathByKey,
        Dictionary<string, Guid> keyByPath)
    {
        var map = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var (redirectCulture, path, key) in redirects)
        {
            // A live page always wins over a redirect, and a redirect to a page that is gone is dropped (404 is honest then).
            if (string.Equals(redirectCulture, culture, StringComparison.Ordinal) && !keyByPath.ContainsKey(path) && pathByKey.ContainsKey(key))
            {
                map[path] = key;
            }
        }

        return map;
    }

    private List<PublishedContent> Resolve(Guid[] keys)
    {
        var list = new List<PublishedContent>(keys.Length);
        foreach (var key in keys)
        {
            if (Nodes.TryGetValue(key, out var node))
            {
                list.Add(node);
            }
        }

        return list;
    }

    private sealed record CultureRoutes(
        Dictionary<Guid, string> PathByKey,
        Dictionary<string, Guid> KeyByPath,
        Dictionary<string, Guid> Redirects);
}

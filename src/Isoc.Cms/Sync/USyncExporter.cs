using System.Xml.Linq;
using Isoc.Cms.Content;
using Isoc.Cms.Data;
using Microsoft.EntityFrameworkCore;
using static Isoc.Cms.Sync.USyncXml;

namespace Isoc.Cms.Sync;

/// <summary>
/// Writes languages, data types, document types and content to uSync v17 files. The output depends only on the
/// database's content (fixed element order, cultures in ordinal order, no timestamps of the export itself),
/// so exporting an imported folder gives the same bytes back.
/// </summary>
internal sealed class USyncExporter(CmsDbContext db) : IUSyncExporter
{
    public async Task<int> ExportAsync(string rootFolder, CancellationToken cancellationToken) =>
        (await ExportWithReportAsync(rootFolder, cancellationToken).ConfigureAwait(false)).Files;

    public async Task<USyncExportReport> ExportWithReportAsync(string rootFolder, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootFolder);
        var languages = await db.Languages.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        var dataTypes = await db.DataTypes.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        var documentTypes = await db.DocumentTypes.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        var nodes = await db.ContentNodes.AsNoTracking().Where(n => !n.Trashed).ToListAsync(cancellationToken).ConfigureAwait(false);
        var versionIds = nodes.Select(n => n.CurrentVersionId).ToList();
        var versions = new Dictionary<long, ContentVersionEntity>();
        foreach (var chunk in versionIds.Chunk(500))
        {
            var ids = chunk.ToList();
            foreach (var version in await db.ContentVersions.AsNoTracking().Where(v => ids.Contains(v.Id)).ToListAsync(cancellationToken).ConfigureAwait(false))
            {
                versions[version.Id] = version;
            }
        }

        var published = (await db.PublishedCultures.AsNoTracking().Select(p => new { p.NodeKey, p.Culture }).ToListAsync(cancellationToken).ConfigureAwait(false))
            .ToLookup(p => p.NodeKey, p => p.Culture);

        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);

        foreach (var language in languages.OrderBy(l => l.IsoCode, StringComparer.Ordinal))
        {
            Add(files, LanguagesFolder, FileName(language.IsoCode), language.Key, Language(language));
        }

        foreach (var dataType in dataTypes.OrderBy(d => d.Name, StringComparer.Ordinal).ThenBy(d => d.Key))
        {
            Add(files, DataTypesFolder, FileName(dataType.Name), dataType.Key, DataType(dataType));
        }

        var typeKeys = documentTypes.ToDictionary(t => t.Alias, t => t.Key, StringComparer.OrdinalIgnoreCase);
        foreach (var type in documentTypes.OrderBy(t => t.Alias, StringComparer.Ordinal))
        {
            Add(files, ContentTypesFolder, FileName(type.Alias), type.Key, ContentType(type, typeKeys));
        }

        var defaultCulture = (languages.FirstOrDefault(l => l.IsDefault) ?? languages.OrderBy(l => l.IsoCode, StringComparer.Ordinal).FirstOrDefault())?.IsoCode ?? "en-US";
        var resolvedTypes = ContentTypeRegistry.Resolve(documentTypes);
        var variesByAlias = documentTypes.ToDictionary(t => t.Alias, t => t.VariesByCulture, StringComparer.OrdinalIgnoreCase);
        var byKey = nodes.ToDictionary(n => n.Key);
        string DefaultName(ContentNodeEntity node) =>
            versions.TryGetValue(node.CurrentVersionId, out var v) ? NameIn(v, defaultCulture) : "";

        string PathOf(ContentNodeEntity node)
        {
            var parts = new List<string>();
            for (var current = node; current is not null; current = current.ParentKey is { } p && byKey.TryGetValue(p, out var parent) ? parent : null)
            {
                parts.Add(DefaultName(current));
            }

            parts.Reverse();
            return "/" + string.Join('/', parts);
        }

        var ordered = nodes
            .Select(n => (Node: n, Path: PathOf(n)))
            .OrderBy(x => x.Node.Level)
            .ThenBy(x => x.Path, StringComparer.Ordinal)
            .ThenBy(x => x.Node.SortOrder)
            .ThenBy(x => x.Node.Key);
        foreach (var (node, path) in ordered)
        {
            if (!versions.TryGetValue(node.CurrentVersionId, out var version))
            {
                continue;
            }

            var parent = node.ParentKey is { } pk && byKey.TryGetValue(pk, out var p) ? p : null;
            var varies = variesByAlias.TryGetValue(node.ContentTypeAlias, out var v) && v;
            var type = resolvedTypes.GetValueOrDefault(node.ContentTypeAlias);
            var element = Content(node, version, parent is null ? null : DefaultName(parent), path, varies, defaultCulture, published[node.Key].ToHashSet(StringComparer.Ordinal), alias => type?.GetProperty(alias) is not null);
            var segment = UrlSegments.FromName(DefaultName(node));
            Add(files, ContentFolder, segment.Length == 0 ? "content" : segment, node.Key, element);
        }

        var versionFolder = Path.Combine(rootFolder, VersionFolder);
        foreach (var folder in ManagedFolders)
        {
            Directory.CreateDirectory(Path.Combine(versionFolder, folder));
        }

        // Every file was rendered above, before anything is written: a failure there leaves the folder as it was.
        // Each file is written beside itself and renamed over the old one, so no reader sees half a file.
        var changes = new List<USyncFileChange>();
        foreach (var (relative, bytes) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var path = Path.Combine(versionFolder, relative);
            var exists = File.Exists(path);
            if (!exists || !(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false)).AsSpan().SequenceEqual(bytes))
            {
                var temporary = path + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
                await File.WriteAllBytesAsync(temporary, bytes, cancellationToken).ConfigureAwait(false);
                File.Move(temporary, path, overwrite: true);
                changes.Add(new USyncFileChange(relative, exists ? USyncFileChangeKind.Changed : USyncFileChangeKind.Added));
            }
        }

        // Files this export did not write belong to items that no longer exist.
        var written = files.Keys.Select(k => Path.GetFullPath(Path.Combine(versionFolder, k))).ToHashSet(StringComparer.Ordinal);
        foreach (var folder in ManagedFolders)
        {
            foreach (var stale in Directory.EnumerateFiles(Path.Combine(versionFolder, folder), "*" + Extension, SearchOption.AllDirectories).ToList())
            {
                if (!written.Contains(Path.GetFullPath(stale)))
                {
                    File.Delete(stale);
                    changes.Add(new USyncFileChange(Path.GetRelativePath(versionFolder, stale).Replace('\\', '/'), USyncFileChangeKind.Deleted));
                }
            }
        }

        return new USyncExportReport(files.Count, changes);
    }

    /// <summary>Adds a file; a second item with the same file name gets its key appended so neither is lost.</summary>
    private static void Add(Dictionary<string, byte[]> files, string folder, string name, Guid key, XElement root)
    {
        var relative = folder + "/" + name + Extension;
        if (files.ContainsKey(relative))
        {
            relative = folder + "/" + name + "_" + key.ToString("N")[..8] + Extension;
        }

        files[relative] = Serialize(root);
    }

    private static string NameIn(ContentVersionEntity version, string culture) =>
        version.Names.TryGetValue(culture, out var name) ? name
        : version.Names.OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => n.Value).FirstOrDefault() ?? "";

    private static XElement Language(LanguageEntity language) =>
        new(
            "Language",
            new XAttribute("Key", language.Key),
            new XAttribute("Alias", language.IsoCode),
            new XAttribute("Level", "0"),
            Text("IsoCode", language.IsoCode),
            Text("CultureName", language.CultureName),
            Text("IsMandatory", Bool(language.IsMandatory)),
            Text("IsDefault", Bool(language.IsDefault)),
            Text("Fallback", language.FallbackIsoCode));

    private static XElement DataType(DataTypeEntity dataType)
    {
        var info = new XElement(
            "Info",
            Text("Name", dataType.Name),
            Text("EditorAlias", dataType.EditorAlias),
            Text("DatabaseType", dataType.DatabaseType));
        if (!string.IsNullOrEmpty(dataType.Folder))
        {
            info.Add(Text("Folder", dataType.Folder));
        }

        return new XElement(
            "DataType",
            new XAttribute("Key", dataType.Key),
            new XAttribute("Alias", dataType.Name),
            new XAttribute("Level", "1"),
            info,
            CData("Config", dataType.ConfigJson));
    }

    private static XElement ContentType(DocumentTypeEntity type, Dictionary<string, Guid> typeKeys)
    {
        Guid KeyOf(string alias) => typeKeys.TryGetValue(alias, out var key) ? key : Guid.Empty;

        var info = new XElement(
            "Info",
            Text("Name", type.Name),
            Text("Icon", type.Icon),
            Text("Thumbnail", "folder.png"),
            Text("Description", type.Description),
            Text("AllowAtRoot", Bool(type.AllowedAtRoot)),
            Text("IsListView", Bool(false)),
            Text("Variations", type.VariesByCulture ? "Culture" : "Nothing"),
            Text("IsElement", Bool(type.IsElement)));
        if (!string.IsNullOrEmpty(type.Folder))
        {
            info.Add(Text("Folder", type.Folder));
        }

        info.Add(new XElement("Compositions", type.CompositionAliases.Select(a => new XElement("Composition", new XAttribute("Key", KeyOf(a)), a))));

        var groupNames = type.Groups.ToDictionary(g => g.Alias, g => g.Name, StringComparer.OrdinalIgnoreCase);
        return new XElement(
            "ContentType",
            new XAttribute("Key", type.Key),
            new XAttribute("Alias", type.Alias),
            new XAttribute("Level", "1"),
            info,
            new XElement("Structure", type.AllowedChildAliases.Select(a => new XElement("ContentType", new XAttribute("Key", KeyOf(a)), a))),
            new XElement("GenericProperties", type.Properties.Select(p => new XElement(
                "GenericProperty",
                Text("Key", p.Key.ToString()),
                Text("Name", p.Name),
                Text("Alias", p.Alias),
                Text("Definition", p.DataTypeKey.ToString()),
                Text("Type", p.EditorAlias),
                Text("Mandatory", Bool(p.Mandatory)),
                Text("Validation", p.ValidationRegex),
                CData("Description", p.Description),
                Text("SortOrder", Int(p.SortOrder)),
                p.GroupAlias is { } group
                    ? new XElement("Tab", new XAttribute("Alias", group), groupNames.TryGetValue(group, out var caption) ? caption : group)
                    : new XElement("Tab"),
                Text("Variations", p.VariesByCulture ? "Culture" : "Nothing"),
                Text("MandatoryMessage", p.MandatoryMessage),
                Text("ValidationRegExpMessage", p.ValidationRegexMessage)))),
            new XElement("Tabs", type.Groups.Select(g => new XElement(
                "Tab",
                Text("Key", g.Key.ToString()),
                Text("Caption", g.Name),
                Text("Alias", g.Alias),
                Text("Type", g.Type),
                Text("SortOrder", Int(g.SortOrder))))));
    }

    private static XElement Content(
        ContentNodeEntity node,
        ContentVersionEntity version,
        string? parentName,
        string path,
        bool varies,
        string defaultCulture,
        HashSet<string> publishedCultures,
        Func<string, bool> isProperty)
    {
        var defaultName = NameIn(version, defaultCulture);
        var nodeName = new XElement("NodeName", new XAttribute("Default", defaultName));
        var publishedElement = new XElement("Published", new XAttribute("Default", Bool(publishedCultures.Count > 0)));
        if (varies)
        {
            foreach (var (culture, name) in version.Names.OrderBy(n => n.Key, StringComparer.Ordinal))
            {
                nodeName.Add(new XElement("Name", new XAttribute("Culture", culture), name));
            }

            foreach (var culture in version.Names.Keys.Union(publishedCultures).Order(StringComparer.Ordinal))
            {
                publishedElement.Add(new XElement("Published", new XAttribute("Culture", culture), Bool(publishedCultures.Contains(culture))));
            }
        }

        var parent = node.ParentKey is { } parentKey
            ? new XElement("Parent", new XAttribute("Key", parentKey), parentName ?? "")
            : new XElement("Parent", new XAttribute("Key", Guid.Empty));

        var properties = new XElement("Properties");
        // Values of a property since removed from the type stay in the database's versions, but the files
        // describe the type as it is now: an import would refuse a value for a property the type lacks.
        foreach (var (alias, byCulture) in version.Values.Where(v => isProperty(v.Key)).OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            var values = byCulture.Where(v => v.Value is not null).OrderBy(v => v.Key, StringComparer.Ordinal).ToList();
            if (values.Count == 0)
            {
                continue;
            }

            properties.Add(new XElement(alias, values.Select(v => v.Key.Length == 0
                ? new XElement("Value", new XCData(v.Value!))
                : new XElement("Value", new XAttribute("Culture", v.Key), new XCData(v.Value!)))));
        }

        return new XElement(
            "Content",
            new XAttribute("Key", node.Key),
            new XAttribute("Alias", defaultName),
            new XAttribute("Level", Int(node.Level)),
            new XElement(
                "Info",
                parent,
                Text("Path", path),
                Text("Trashed", Bool(node.Trashed)),
                Text("ContentType", node.ContentTypeAlias),
                Text("CreateDate", Date(node.CreateDate)),
                nodeName,
                Text("SortOrder", Int(node.SortOrder)),
                publishedElement),
            properties);
    }
}

using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using Isoc.Cms.Content;
using Isoc.Cms.Data;
using Isoc.Cms.Publishing;
using Microsoft.EntityFrameworkCore;

namespace Isoc.Cms.Sync;

/// <summary>
/// Reads uSync v17 files into the database. Every file is parsed and checked first; only when all of them
/// are sound is anything written, in one transaction. Items whose key exists are updated.
/// </summary>
internal sealed class USyncImporter(
    CmsDbContext db,
    ContentTypeRegistry contentTypes,
    PublishedSnapshotService snapshots,
    TimeProvider time) : IUSyncImporter
{
    private const string User = "uSync";

    public async Task<USyncImportResult> ImportAsync(string rootFolder, CancellationToken cancellationToken) =>
        (await RunAsync(rootFolder, dryRun: false, cancellationToken).ConfigureAwait(false)).Counts;

    public Task<USyncImportPreview> PreviewAsync(string rootFolder, CancellationToken cancellationToken) =>
        RunAsync(rootFolder, dryRun: true, cancellationToken);

    private async Task<USyncImportPreview> RunAsync(string rootFolder, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootFolder);
        var versionFolder = Path.Combine(rootFolder, USyncXml.VersionFolder);
        if (!Directory.Exists(versionFolder))
        {
            throw new USyncImportException(versionFolder, 0, "The folder does not exist.");
        }

        // 1. Parse every file.
        var languages = Files(versionFolder, USyncXml.LanguagesFolder).Select(ParseLanguage).ToList();
        var dataTypes = Files(versionFolder, USyncXml.DataTypesFolder).Select(ParseDataType).ToList();
        var documentTypes = Files(versionFolder, USyncXml.ContentTypesFolder).Select(ParseContentType).ToList();
        var content = Files(versionFolder, USyncXml.ContentFolder).Select(ParseContent).ToList();

        // 2. Check them against each other and against what the database already holds.
        var existingLanguages = await db.Languages.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        var existingDataTypeKeys = await db.DataTypes.AsNoTracking().Select(d => d.Key).ToListAsync(cancellationToken).ConfigureAwait(false);
        var existingTypes = await db.DocumentTypes.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        var existingNodes = await db.ContentNodes.AsNoTracking().Select(n => new { n.Key, n.Level }).ToDictionaryAsync(n => n.Key, n => n.Level, cancellationToken).ConfigureAwait(false);

        CheckUnique(languages, l => l.Entity.Key.ToString(), "language key");
        CheckUnique(languages, l => l.Entity.IsoCode.ToUpperInvariant(), "language ISO code");
        CheckUnique(dataTypes, d => d.Entity.Key.ToString(), "data type key");
        CheckUnique(documentTypes, d => d.Entity.Key.ToString(), "document type key");
        CheckUnique(documentTypes, d => d.Entity.Alias.ToUpperInvariant(), "document type alias");
        CheckUnique(content, c => c.Key.ToString(), "content key");

        var defaults = languages.Where(l => l.Entity.IsDefault).ToList();
        if (defaults.Count > 1)
        {
            throw defaults[1].File.Error(defaults[1].File.Root, $"Only one language can be the default; {defaults[0].Entity.IsoCode} already is.");
        }

        var allLanguages = languages.Select(l => l.Entity)
            .Concat(existingLanguages.Where(e => !languages.Any(l => l.Entity.Key == e.Key || string.Equals(l.Entity.IsoCode, e.IsoCode, StringComparison.OrdinalIgnoreCase))))
            .ToList();
        var defaultCulture = (defaults.Count == 1 ? defaults[0].Entity : allLanguages.FirstOrDefault(l => l.IsDefault) ?? allLanguages.FirstOrDefault())?.IsoCode;

        var dataTypeKeys = dataTypes.Select(d => d.Entity.Key).Concat(existingDataTypeKeys).ToHashSet();
        var allTypes = documentTypes.Select(d => d.Entity)
            .Concat(existingTypes.Where(e => !documentTypes.Any(d => d.Entity.Key == e.Key || string.Equals(d.Entity.Alias, e.Alias, StringComparison.OrdinalIgnoreCase))))
            .ToList();
        var typeAliases = allTypes.Select(t => t.Alias).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var type in documentTypes)
        {
            CheckDocumentType(type, typeAliases, dataTypeKeys);
        }

        var resolved = ContentTypeRegistry.Resolve(allTypes);
        var contentByKey = content.ToDictionary(c => c.Key);
        foreach (var item in content)
        {
            CheckContent(item, resolved, allLanguages, defaultCulture, contentByKey, existingNodes.Keys);
        }

        foreach (var item in content)
        {
            item.Level = LevelOf(item, contentByKey, existingNodes, []);
        }

        CheckSiblingSegments(content);
        var counts = new USyncImportResult(languages.Count, dataTypes.Count, documentTypes.Count, content.Count);
        if (dryRun)
        {
            return new USyncImportPreview(counts, await PreviewItemsAsync(languages, dataTypes, documentTypes, content, existingTypes, existingNodes.Keys, cancellationToken).ConfigureAwait(false));
        }

        // 3. Write everything, or nothing.
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await WriteLanguagesAsync(languages, cancellationToken).ConfigureAwait(false);
            await WriteDataTypesAsync(dataTypes, cancellationToken).ConfigureAwait(false);
            await WriteDocumentTypesAsync(documentTypes, cancellationToken).ConfigureAwait(false);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            foreach (var item in content.OrderBy(c => c.Level).ThenBy(c => c.SortOrder).ThenBy(c => c.Key))
            {
                await WriteContentAsync(item, cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        await contentTypes.ReloadAsync(cancellationToken).ConfigureAwait(false);
        await snapshots.RebuildAsync(cancellationToken).ConfigureAwait(false);
        return new USyncImportPreview(counts, []);
    }

    private async Task<List<USyncPreviewItem>> PreviewItemsAsync(
        List<ParsedLanguage> languages,
        List<ParsedDataType> dataTypes,
        List<ParsedDocumentType> documentTypes,
        List<ParsedContent> content,
        List<DocumentTypeEntity> existingTypes,
        IEnumerable<Guid> existingNodes,
        CancellationToken cancellationToken)
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        string Change<T>(T incoming, T? current)
            where T : class =>
            current is null ? "new" : JsonSerializer.Serialize(incoming, json) == JsonSerializer.Serialize(current, json) ? "unchanged" : "changed";

        var items = new List<USyncPreviewItem>();
        var currentLanguages = await db.Languages.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        items.AddRange(languages.Select(l => new USyncPreviewItem("language", l.Entity.IsoCode, Change(l.Entity, currentLanguages.FirstOrDefault(c => c.Key == l.Entity.Key)))));
        var currentDataTypes = await db.DataTypes.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        items.AddRange(dataTypes.Select(d => new USyncPreviewItem("data type", d.Entity.Name, Change(d.Entity, currentDataTypes.FirstOrDefault(c => c.Key == d.Entity.Key)))));
        items.AddRange(documentTypes.Select(d => new USyncPreviewItem("document type", d.Entity.Alias, Change(d.Entity, existingTypes.FirstOrDefault(c => c.Key == d.Entity.Key)))));

        // Content is imported as a new version of each existing item, so an existing one is "updated" rather than compared.
        var nodes = existingNodes.ToHashSet();
        items.AddRange(content.Select(c => new USyncPreviewItem("content", c.Names.Values.FirstOrDefault() ?? c.Key.ToString(), nodes.Contains(c.Key) ? "updated (a new version)" : "new")));
        return items;
    }

    private static List<USyncFile> Files(string versionFolder, string folder)
    {
        var path = Path.Combine(versionFolder, folder);
        if (!Directory.Exists(path))
        {
            return [];
        }

        return Directory.EnumerateFiles(path, "*" + USyncXml.Extension, SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(USyncFile.Load)
            .ToList();
    }

    private static void CheckUnique<T>(IReadOnlyList<T> items, Func<T, string> key, string what)
        where T : IParsed
    {
        var seen = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!seen.TryAdd(key(item), item))
            {
                throw item.File.Error(item.File.Root, $"The {what} is also used by {seen[key(item)].File.Path}.");
            }
        }
    }

    // ---- parsing ----

    private static ParsedLanguage ParseLanguage(USyncFile file)
    {
        file.ExpectRoot("Language");
        var root = file.Root;
        var key = file.GuidAttribute(root, "Key");
        var isoCode = file.RequiredText(root, "IsoCode");
        try
        {
            _ = CultureInfo.GetCultureInfo(isoCode, predefinedOnly: true);
        }
        catch (CultureNotFoundException)
        {
            throw file.Error(root.Element("IsoCode"), $"'{isoCode}' is not a known culture.");
        }

        return new ParsedLanguage(file, new LanguageEntity
        {
            Key = key,
            IsoCode = isoCode,
            CultureName = file.RequiredText(root, "CultureName"),
            IsMandatory = file.Bool(root, "IsMandatory", false),
            IsDefault = file.Bool(root, "IsDefault", false),
            FallbackIsoCode = USyncFile.OptionalValue(root, "Fallback"),
        });
    }

    private static ParsedDataType ParseDataType(USyncFile file)
    {
        file.ExpectRoot("DataType");
        var root = file.Root;
        var key = file.GuidAttribute(root, "Key");
        var alias = file.Attribute(root, "Alias");
        var info = file.Element(root, "Info");
        var config = root.Element("Config");
        var json = config?.Value.Trim() is { Length: > 0 } text ? text : "{}";
        try
        {
            using var _ = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw file.Error(config, "The configuration is not valid JSON: " + ex.Message);
        }

        return new ParsedDataType(file, new DataTypeEntity
        {
            Key = key,
            Name = USyncFile.OptionalValue(info, "Name") ?? alias,
            EditorAlias = file.RequiredText(info, "EditorAlias"),
            DatabaseType = USyncFile.OptionalValue(info, "DatabaseType") ?? "Ntext",
            Folder = USyncFile.OptionalValue(info, "Folder"),
            ConfigJson = json,
        });
    }

    private static ParsedDocumentType ParseContentType(USyncFile file)
    {
        file.ExpectRoot("ContentType");
        var root = file.Root;
        var key = file.GuidAttribute(root, "Key");
        var alias = file.Attribute(root, "Alias");
        if (alias.Length == 0)
        {
            throw file.Error(root, "The Alias attribute is empty.");
        }

        var info = file.Element(root, "Info");
        var entity = new DocumentTypeEntity
        {
            Key = key,
            Alias = alias,
            Name = file.RequiredText(info, "Name"),
            Icon = USyncFile.OptionalValue(info, "Icon") ?? "icon-document",
            Description = USyncFile.OptionalValue(info, "Description"),
            AllowedAtRoot = file.Bool(info, "AllowAtRoot", false),
            VariesByCulture = file.VariesByCulture(info, "Variations"),
            IsElement = file.Bool(info, "IsElement", false),
            Folder = USyncFile.OptionalValue(info, "Folder"),
        };

        var references = new List<(XElement At, string Alias)>();
        foreach (var composition in info.Element("Compositions")?.Elements("Composition") ?? [])
        {
            var compositionAlias = composition.Value.Trim();
            entity.CompositionAliases.Add(compositionAlias);
            references.Add((composition, compositionAlias));
        }

        foreach (var child in root.Element("Structure")?.Elements("ContentType") ?? [])
        {
            var childAlias = child.Value.Trim();
            entity.AllowedChildAliases.Add(childAlias);
            references.Add((child, childAlias));
        }

        foreach (var tab in root.Element("Tabs")?.Elements("Tab") ?? [])
        {
            entity.Groups.Add(new PropertyGroupDefinition
            {
                Key = file.GuidValue(tab, "Key"),
                Alias = file.RequiredText(tab, "Alias"),
                Name = file.RequiredText(tab, "Caption"),
                Type = USyncFile.OptionalValue(tab, "Type") ?? "Group",
                SortOrder = file.Int(tab, "SortOrder", 0),
            });
        }

        var definitions = new List<(XElement At, Guid DataTypeKey)>();
        foreach (var property in root.Element("GenericProperties")?.Elements("GenericProperty") ?? [])
        {
            var definition = file.GuidValue(property, "Definition");
            definitions.Add((property.Element("Definition")!, definition));
            var tab = property.Element("Tab");
            entity.Properties.Add(new PropertyTypeDefinition
            {
                Key = file.GuidValue(property, "Key"),
                Alias = file.RequiredText(property, "Alias"),
                Name = file.RequiredText(property, "Name"),
                EditorAlias = file.RequiredText(property, "Type"),
                DataTypeKey = definition,
                Description = USyncFile.OptionalValue(property, "Description"),
                Mandatory = file.Bool(property, "Mandatory", false),
                MandatoryMessage = USyncFile.OptionalValue(property, "MandatoryMessage"),
                ValidationRegex = USyncFile.OptionalValue(property, "Validation"),
                ValidationRegexMessage = USyncFile.OptionalValue(property, "ValidationRegExpMessage"),
                VariesByCulture = file.VariesByCulture(property, "Variations"),
                GroupAlias = tab?.Attribute("Alias")?.Value is { Length: > 0 } group ? group : null,
                SortOrder = file.Int(property, "SortOrder", 0),
            });
        }

        return new ParsedDocumentType(file, entity, references, definitions);
    }

    private static ParsedContent ParseContent(USyncFile file)
    {
        file.ExpectRoot("Content");
        var root = file.Root;
        var info = file.Element(root, "Info");
        var parent = file.Element(info, "Parent");
        var parentKey = file.GuidAttribute(parent, "Key");
        var typeElement = file.Element(info, "ContentType");
        var createText = USyncFile.OptionalValue(info, "CreateDate");
        var createDate = DateTime.UnixEpoch;
        if (createText is not null && !DateTime.TryParse(createText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out createDate))
        {
            throw file.Error(info.Element("CreateDate"), $"'{createText}' is not a date.");
        }

        var nodeName = file.Element(info, "NodeName");
        var names = new List<(XElement At, string Culture, string Name)>();
        foreach (var name in nodeName.Elements("Name"))
        {
            names.Add((name, file.Attribute(name, "Culture"), name.Value.Trim()));
        }

        var publishedElement = info.Element("Published");
        var published = new List<(XElement At, string Culture)>();
        var publishedDefault = false;
        if (publishedElement is not null)
        {
            publishedDefault = publishedElement.Attribute("Default") is { } d && file.ParseBool(publishedElement, d.Value);
            foreach (var culture in publishedElement.Elements("Published"))
            {
                if (file.ParseBool(culture, culture.Value))
                {
                    published.Add((culture, file.Attribute(culture, "Culture")));
                }
            }
        }

        var values = new List<(XElement At, string Alias, string Culture, string Value)>();
        foreach (var property in root.Element("Properties")?.Elements() ?? [])
        {
            foreach (var value in property.Elements("Value"))
            {
                values.Add((value, property.Name.LocalName, value.Attribute("Culture")?.Value ?? "", value.Value));
            }
        }

        return new ParsedContent(file)
        {
            Key = file.GuidAttribute(root, "Key"),
            ParentKey = parentKey == Guid.Empty ? null : parentKey,
            ParentElement = parent,
            ContentTypeAlias = file.RequiredText(info, "ContentType"),
            ContentTypeElement = typeElement,
            Trashed = file.Bool(info, "Trashed", false),
            CreateDate = DateTime.SpecifyKind(createDate, DateTimeKind.Utc),
            DefaultName = nodeName.Attribute("Default")?.Value.Trim() ?? "",
            NameElement = nodeName,
            RawNames = names,
            SortOrder = file.Int(info, "SortOrder", 0),
            PublishedDefault = publishedDefault,
            PublishedElement = publishedElement ?? info,
            RawPublished = published,
            RawValues = values,
        };
    }

    // ---- checks ----

    private static void CheckDocumentType(ParsedDocumentType type, HashSet<string> typeAliases, HashSet<Guid> dataTypeKeys)
    {
        foreach (var (at, alias) in type.References)
        {
            if (!typeAliases.Contains(alias))
            {
                throw type.File.Error(at, $"No document type has the alias '{alias}'.");
            }
        }

        foreach (var (at, key) in type.Definitions)
        {
            if (!dataTypeKeys.Contains(key))
            {
                throw type.File.Error(at, $"No data type has the key {key}.");
            }
        }
    }

    private static void CheckContent(
        ParsedContent item,
        System.Collections.Frozen.FrozenDictionary<string, ResolvedContentType> types,
        IReadOnlyList<LanguageEntity> languages,
        string? defaultCulture,
        Dictionary<Guid, ParsedContent> inFiles,
        IEnumerable<Guid> inDatabase)
    {
        var file = item.File;
        if (!types.TryGetValue(item.ContentTypeAlias, out var type))
        {
            throw file.Error(item.ContentTypeElement, $"No document type has the alias '{item.ContentTypeAlias}'.");
        }

        item.Type = type;
        if (item.ParentKey is { } parentKey && !inFiles.ContainsKey(parentKey) && !inDatabase.Contains(parentKey))
        {
            throw file.Error(item.ParentElement, $"The parent {parentKey} is neither in the uSync files nor in the database.");
        }

        if (defaultCulture is null)
        {
            throw file.Error(file.Root, "Content needs at least one language, and there is none.");
        }

        string Culture(XElement at, string culture) =>
            languages.FirstOrDefault(l => string.Equals(l.IsoCode, culture, StringComparison.OrdinalIgnoreCase))?.IsoCode
            ?? throw file.Error(at, $"The site has no language '{culture}'.");

        if (type.VariesByCulture)
        {
            foreach (var (at, culture, name) in item.RawNames)
            {
                if (name.Length > 0)
                {
                    item.Names[Culture(at, culture)] = name;
                }
            }

            if (item.Names.Count == 0 && item.DefaultName.Length > 0)
            {
                item.Names[defaultCulture] = item.DefaultName;
            }

            foreach (var (at, culture) in item.RawPublished)
            {
                item.PublishedCultures.Add(Culture(at, culture));
            }

            if (item.RawPublished.Count == 0 && item.PublishedDefault)
            {
                item.PublishedCultures.Add(defaultCulture);
            }
        }
        else
        {
            var name = item.DefaultName.Length > 0 ? item.DefaultName : item.RawNames.Select(n => n.Name).FirstOrDefault(n => n.Length > 0);
            if (name is not null)
            {
                item.Names[defaultCulture] = name;
            }

            if (item.PublishedDefault || item.RawPublished.Count > 0)
            {
                item.PublishedCultures.Add(defaultCulture);
            }
        }

        if (item.Names.Count == 0)
        {
            throw file.Error(item.NameElement, "The content has no name.");
        }

        foreach (var culture in item.PublishedCultures)
        {
            if (!item.Names.ContainsKey(culture))
            {
                throw file.Error(item.PublishedElement, $"The content is published in {culture} but has no name in it.");
            }
        }

        foreach (var (at, alias, culture, value) in item.RawValues)
        {
            var property = type.GetProperty(alias) ?? throw file.Error(at, $"The document type '{type.Alias}' has no property '{alias}'.");
            var varies = property.VariesByCulture && type.VariesByCulture;
            string key;
            if (varies)
            {
                key = culture.Length > 0 ? Culture(at, culture) : throw file.Error(at, $"{property.Alias} varies by culture: its <Value> needs a Culture attribute.");
            }
            else
            {
                key = culture.Length == 0 ? "" : throw file.Error(at, $"{property.Alias} does not vary by culture: its <Value> takes no Culture attribute.");
            }

            if (!item.Values.TryGetValue(property.Alias, out var byCulture))
            {
                item.Values[property.Alias] = byCulture = new Dictionary<string, string?>(StringComparer.Ordinal);
            }

            byCulture[key] = value;
        }

        if (item.PublishedCultures.Count > 0)
        {
            var readOnly = item.Values.ToDictionary(v => v.Key, v => (IReadOnlyDictionary<string, string?>)v.Value, StringComparer.OrdinalIgnoreCase);
            var errors = ContentValidator.Validate(type, item.Names, readOnly, item.PublishedCultures, defaultCulture);
            if (errors.Count > 0)
            {
                var first = errors[0];
                throw file.Error(file.Root, $"The content cannot be published: {first.Alias}{(first.Culture.Length > 0 ? " (" + first.Culture + ")" : "")}: {first.Message}");
            }
        }
    }

    private static int LevelOf(ParsedContent item, Dictionary<Guid, ParsedContent> inFiles, Dictionary<Guid, int> inDatabase, HashSet<Guid> visiting)
    {
        if (item.Level > 0)
        {
            return item.Level;
        }

        if (!visiting.Add(item.Key))
        {
            throw item.File.Error(item.ParentElement, "The content is its own ancestor.");
        }

        var level = item.ParentKey switch
        {
            null => 1,
            { } key when inFiles.TryGetValue(key, out var parent) => LevelOf(parent, inFiles, inDatabase, visiting) + 1,
            { } key => inDatabase[key] + 1,
        };
        item.Level = level;
        return level;
    }

    private static void CheckSiblingSegments(IReadOnlyList<ParsedContent> content)
    {
        var seen = new Dictionary<(Guid?, string, string), ParsedContent>();
        foreach (var item in content.Where(c => !c.Trashed))
        {
            foreach (var (culture, name) in item.Names)
            {
                var segment = UrlSegments.FromName(name);
                if (!seen.TryAdd((item.ParentKey, culture, segment), item))
                {
                    throw item.File.Error(item.NameElement, $"The URL segment '{segment}' in {culture} is also used by a sibling in {seen[(item.ParentKey, culture, segment)].File.Path}.");
                }
            }
        }
    }

    // ---- writing ----

    private async Task WriteLanguagesAsync(List<ParsedLanguage> languages, CancellationToken cancellationToken)
    {
        var existing = await db.Languages.ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var language in languages.Select(l => l.Entity))
        {
            var row = existing.FirstOrDefault(e => e.Key == language.Key);
            var clash = existing.FirstOrDefault(e => e.Key != language.Key && string.Equals(e.IsoCode, language.IsoCode, StringComparison.OrdinalIgnoreCase));
            if (clash is not null)
            {
                db.Languages.Remove(clash);
                existing.Remove(clash);
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }

            if (row is null)
            {
                db.Languages.Add(language);
                existing.Add(language);
            }
            else
            {
                row.IsoCode = language.IsoCode;
                row.CultureName = language.CultureName;
                row.IsDefault = language.IsDefault;
                row.IsMandatory = language.IsMandatory;
                row.FallbackIsoCode = language.FallbackIsoCode;
            }
        }

        if (languages.FirstOrDefault(l => l.Entity.IsDefault) is { } newDefault)
        {
            foreach (var other in existing.Where(e => e.Key != newDefault.Entity.Key))
            {
                other.IsDefault = false;
            }
        }
    }

    private async Task WriteDataTypesAsync(List<ParsedDataType> dataTypes, CancellationToken cancellationToken)
    {
        var keys = dataTypes.Select(d => d.Entity.Key).ToList();
        var existing = await db.DataTypes.Where(d => keys.Contains(d.Key)).ToDictionaryAsync(d => d.Key, cancellationToken).ConfigureAwait(false);
        foreach (var dataType in dataTypes.Select(d => d.Entity))
        {
            if (!existing.TryGetValue(dataType.Key, out var row))
            {
                db.DataTypes.Add(dataType);
                continue;
            }

            row.Name = dataType.Name;
            row.EditorAlias = dataType.EditorAlias;
            row.DatabaseType = dataType.DatabaseType;
            row.Folder = dataType.Folder;
            row.ConfigJson = dataType.ConfigJson;
        }
    }

    private async Task WriteDocumentTypesAsync(List<ParsedDocumentType> documentTypes, CancellationToken cancellationToken)
    {
        var existing = await db.DocumentTypes.ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var type in documentTypes.Select(d => d.Entity))
        {
            var clash = existing.FirstOrDefault(e => e.Key != type.Key && string.Equals(e.Alias, type.Alias, StringComparison.OrdinalIgnoreCase));
            if (clash is not null)
            {
                db.DocumentTypes.Remove(clash);
                existing.Remove(clash);
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }

            var row = existing.FirstOrDefault(e => e.Key == type.Key);
            if (row is null)
            {
                db.DocumentTypes.Add(type);
                continue;
            }

            row.Alias = type.Alias;
            row.Name = type.Name;
            row.Icon = type.Icon;
            row.Description = type.Description;
            row.AllowedAtRoot = type.AllowedAtRoot;
            row.VariesByCulture = type.VariesByCulture;
            row.IsElement = type.IsElement;
            row.Folder = type.Folder;
            row.AllowedChildAliases = type.AllowedChildAliases;
            row.CompositionAliases = type.CompositionAliases;
            row.Properties = type.Properties;
            row.Groups = type.Groups;
        }
    }

    private async Task WriteContentAsync(ParsedContent item, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var node = await db.ContentNodes.FirstOrDefaultAsync(n => n.Key == item.Key, cancellationToken).ConfigureAwait(false);
        var versionNumber = 1;
        if (node is null)
        {
            node = new ContentNodeEntity
            {
                Key = item.Key,
                ContentTypeAlias = item.Type!.Alias,
                CreatedBy = User,
                Revision = 0,
            };
            db.ContentNodes.Add(node);
        }
        else
        {
            versionNumber = (await db.ContentVersions.Where(v => v.NodeKey == item.Key).MaxAsync(v => (int?)v.VersionNumber, cancellationToken).ConfigureAwait(false) ?? 0) + 1;
        }

        node.ParentKey = item.ParentKey;
        node.ContentTypeAlias = item.Type!.Alias;
        node.Level = item.Level;
        node.SortOrder = item.SortOrder;
        node.Trashed = item.Trashed;
        node.CreateDate = item.CreateDate;
        node.UpdateDate = now;
        node.Revision++;

        var publishedCultures = item.PublishedCultures.Order(StringComparer.Ordinal).ToList();
        var version = new ContentVersionEntity
        {
            NodeKey = item.Key,
            VersionNumber = versionNumber,
            CreatedAt = now,
            CreatedBy = User,
            Names = new Dictionary<string, string>(item.Names, StringComparer.Ordinal),
            Values = item.Values,
            Reason = "import",
            PublishedCultures = publishedCultures,
            LastPublishedAt = publishedCultures.Count > 0 ? now : null,
            LastPublishedBy = publishedCultures.Count > 0 ? User : null,
        };
        db.ContentVersions.Add(version);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        node.CurrentVersionId = version.Id;

        var rows = await db.PublishedCultures.Where(p => p.NodeKey == item.Key).ToListAsync(cancellationToken).ConfigureAwait(false);
        db.PublishedCultures.RemoveRange(rows.Where(r => !publishedCultures.Contains(r.Culture)));
        foreach (var culture in publishedCultures)
        {
            var name = item.Names[culture];
            var row = rows.FirstOrDefault(r => r.Culture == culture);
            if (row is null)
            {
                db.PublishedCultures.Add(row = new PublishedCultureEntity
                {
                    NodeKey = item.Key,
                    Culture = culture,
                    Name = name,
                    UrlSegment = UrlSegments.FromName(name),
                    PublishedBy = User,
                });
            }

            row.VersionId = version.Id;
            row.Name = name;
            row.UrlSegment = UrlSegments.FromName(name);
            row.PublishedAt = now;
            row.PublishedBy = User;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    // ---- parsed items ----

    private interface IParsed
    {
        USyncFile File { get; }
    }

    private sealed record ParsedLanguage(USyncFile File, LanguageEntity Entity) : IParsed;

    private sealed record ParsedDataType(USyncFile File, DataTypeEntity Entity) : IParsed;

    private sealed record ParsedDocumentType(
        USyncFile File,
        DocumentTypeEntity Entity,
        IReadOnlyList<(XElement At, string Alias)> References,
        IReadOnlyList<(XElement At, Guid DataTypeKey)> Definitions) : IParsed;

    private sealed class ParsedContent(USyncFile file) : IParsed
    {
        public USyncFile File { get; } = file;
        public required Guid Key { get; init; }
        public Guid? ParentKey { get; init; }
        public required XElement ParentElement { get; init; }
        public required string ContentTypeAlias { get; init; }
        public required XElement ContentTypeElement { get; init; }
        public bool Trashed { get; init; }
        public DateTime CreateDate { get; init; }
        public required string DefaultName { get; init; }
        public required XElement NameElement { get; init; }
        public required IReadOnlyList<(XElement At, string Culture, string Name)> RawNames { get; init; }
        public int SortOrder { get; init; }
        public bool PublishedDefault { get; init; }
        public required XElement PublishedElement { get; init; }
        public required List<(XElement At, string Culture)> RawPublished { get; init; }
        public required IReadOnlyList<(XElement At, string Alias, string Culture, string Value)> RawValues { get; init; }

        // Filled by the checks.
        public ResolvedContentType? Type { get; set; }
        public int Level { get; set; }
        public Dictionary<string, string> Names { get; } = new(StringComparer.Ordinal);
        public HashSet<string> PublishedCultures { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, Dictionary<string, string?>> Values { get; } = new(StringComparer.OrdinalIgnoreCase);
    }
}

using System.Collections.Frozen;
using Isoc.Cms.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Isoc.Cms.Content;

/// <summary>A document type with its compositions folded in: every property a node of this type has.</summary>
public sealed record ResolvedContentType(
    Guid Key,
    string Alias,
    string Name,
    string Icon,
    bool AllowedAtRoot,
    bool VariesByCulture,
    bool IsElement,
    IReadOnlyList<string> AllowedChildAliases,
    IReadOnlyList<string> CompositionAliases,
    IReadOnlyList<PropertyTypeDefinition> Properties,
    IReadOnlyList<PropertyGroupDefinition> Groups)
{
    public PropertyTypeDefinition? GetProperty(string alias) =>
        Properties.FirstOrDefault(p => string.Equals(p.Alias, alias, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// Document types and languages, held in memory. They change rarely (import, settings), and every
/// write and every render needs them, so they are loaded once and reloaded when told.
/// </summary>
public sealed class ContentTypeRegistry(IServiceScopeFactory scopeFactory)
{
    private volatile RegistryState _state = RegistryState.Empty;

    public IReadOnlyList<LanguageEntity> Languages => _state.Languages;

    public LanguageEntity DefaultLanguage => _state.Languages.FirstOrDefault(l => l.IsDefault)
        ?? (_state.Languages.Count > 0 ? _state.Languages[0] : null)
        ?? new LanguageEntity { IsoCode = "en-US", CultureName = "English (United States)", IsDefault = true };

    public IReadOnlyCollection<ResolvedContentType> ContentTypes => _state.Types.Values;

    public ResolvedContentType? Get(string alias) => _state.Types.TryGetValue(alias, out var type) ? type : null;

    /// <summary>The canonical spelling of a culture code ("en-us" gives "en-US"), or null when the site has no such language.</summary>
    public string? NormalizeCulture(string? culture)
    {
        if (string.IsNullOrWhiteSpace(culture))
        {
            return null;
        }

        return _state.Languages.FirstOrDefault(l => string.Equals(l.IsoCode, culture, StringComparison.OrdinalIgnoreCase))?.IsoCode;
    }

    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var languages = await db.Languages.AsNoTracking().OrderByDescending(l => l.IsDefault).ThenBy(l => l.IsoCode).ToListAsync(cancellationToken).ConfigureAwait(false);
        var types = await db.DocumentTypes.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        _state = new RegistryState(languages, Resolve(types));
    }

    internal static FrozenDictionary<string, ResolvedContentType> Resolve(IReadOnlyList<DocumentTypeEntity> types)
    {
        var byAlias = types.ToDictionary(t => t.Alias, StringComparer.OrdinalIgnoreCase);
        var resolved = new Dictionary<string, ResolvedContentType>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in types)
        {
            var properties = new List<PropertyTypeDefinition>();
            var groups = new List<PropertyGroupDefinition>();
            Collect(type, byAlias, properties, groups, new HashSet<string>(StringComparer.OrdinalIgnoreCase));
            resolved[type.Alias] = new ResolvedContentType(
                type.Key, type.Alias, type.Name, type.Icon, type.AllowedAtRoot, type.VariesByCulture, type.IsElement,
                type.AllowedChildAliases, type.CompositionAliases, properties, groups.OrderBy(g => g.SortOrder).ToList());
        }

        return resolved.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    private static void Collect(
        DocumentTypeEntity type,
        Dictionary<string, DocumentTypeEntity> byAlias,
        List<PropertyTypeDefinition> properties,
        List<PropertyGroupDefinition> groups,
        HashSet<string> visited)
    {
        if (!visited.Add(type.Alias))
        {
            return; // a composition cycle is ignored rather than looping
        }

        foreach (var composition in type.CompositionAliases)
        {
            if (byAlias.TryGetValue(composition, out var composed))
            {
                Collect(composed, byAlias, properties, groups, visited);
            }
        }

        foreach (var group in type.Groups.Where(g => !groups.Any(x => string.Equals(x.Alias, g.Alias, StringComparison.OrdinalIgnoreCase))))
        {
            groups.Add(group);
        }

        foreach (var property in type.Properties.OrderBy(p => p.SortOrder))
        {
            properties.RemoveAll(p => string.Equals(p.Alias, property.Alias, StringComparison.OrdinalIgnoreCase));
            properties.Add(property);
        }
    }

    private sealed record RegistryState(IReadOnlyList<LanguageEntity> Languages, FrozenDictionary<string, ResolvedContentType> Types)
    {
        public static readonly RegistryState Empty = new([], FrozenDictionary<string, ResolvedContentType>.Empty);
    }
}

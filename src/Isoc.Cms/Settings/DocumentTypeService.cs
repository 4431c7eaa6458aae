using System.Text.RegularExpressions;
using Isoc.Cms.Audit;
using Isoc.Cms.Content;
using Isoc.Cms.Data;
using Isoc.Cms.Publishing;
using Microsoft.EntityFrameworkCore;

namespace Isoc.Cms.Settings;

/// <summary>A document type as stored, with the token a form must send back to change it.</summary>
public sealed record DocumentTypeState(DocumentTypeEntity Type, string Token, int ContentCount);

/// <summary>
/// Creates, changes and deletes document types for the settings section. A change never corrupts content:
/// anything that would leave stored values meaning something else (a renamed alias, another editor, another
/// variation, while content holds values) is refused with a message; a removed property only disappears from
/// the type, its values stay in every version. After each write the registry and the published snapshot are
/// rebuilt, so editors, the site and the Delivery API see the change on the next request.
/// </summary>
public sealed partial class DocumentTypeService(
    CmsDbContext db,
    ContentTypeRegistry registry,
    PublishedSnapshotService snapshots,
    IAuditLog audit)
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    public async Task<IReadOnlyList<DocumentTypeState>> ListAsync(CancellationToken cancellationToken)
    {
        var types = await db.DocumentTypes.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        var counts = await db.ContentNodes.AsNoTracking().GroupBy(n => n.ContentTypeAlias).Select(g => new { Alias = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Alias, x => x.Count, StringComparer.OrdinalIgnoreCase, cancellationToken).ConfigureAwait(false);
        return [.. types.OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).Select(t => new DocumentTypeState(t, SettingsToken.Of(t), counts.GetValueOrDefault(t.Alias)))];
    }

    public async Task<DocumentTypeState?> GetAsync(Guid key, CancellationToken cancellationToken)
    {
        var type = await db.DocumentTypes.AsNoTracking().FirstOrDefaultAsync(t => t.Key == key, cancellationToken).ConfigureAwait(false);
        if (type is null)
        {
            return null;
        }

        var count = await db.ContentNodes.AsNoTracking().CountAsync(n => n.ContentTypeAlias == type.Alias, cancellationToken).ConfigureAwait(false);
        return new DocumentTypeState(type, SettingsToken.Of(type), count);
    }

    /// <summary>Creates a type (<paramref name="key"/> null) or changes one, refused when <paramref name="expectedToken"/> is stale.</summary>
    public async Task<SettingsResult> SaveAsync(Guid? key, DocumentTypeEntity edited, string? expectedToken, string user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edited);
        Normalise(edited);
        await using var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
        var all = await db.DocumentTypes.ToListAsync(cancellationToken).ConfigureAwait(false);
        DocumentTypeEntity? existing = null;
        if (key is { } k)
        {
            existing = all.FirstOrDefault(t => t.Key == k);
            if (existing is null)
            {
                return SettingsResult.NotFound();
            }

            if (!string.Equals(SettingsToken.Of(existing), expectedToken, StringComparison.Ordinal))
            {
                return SettingsResult.Conflict("document type");
            }

            edited.Key = existing.Key;

            // The page lists the type itself among its allowed children under the alias it had when opened.
            edited.AllowedChildAliases = [.. edited.AllowedChildAliases.Select(a => Same(a, existing.Alias) ? edited.Alias : a).Distinct(StringComparer.OrdinalIgnoreCase)];
        }
        else
        {
            edited.Key = Guid.NewGuid();
        }

        var others = all.Where(t => t.Key != edited.Key).ToList();
        var dataTypes = await db.DataTypes.AsNoTracking().ToDictionaryAsync(d => d.Key, cancellationToken).ConfigureAwait(false);
        var errors = Validate(edited, others, dataTypes);
        if (errors.Count == 0 && existing is not null)
        {
            await CheckAgainstContentAsync(existing, edited, all, errors, cancellationToken).ConfigureAwait(false);
        }

        if (errors.Count > 0)
        {
            return SettingsResult.Invalid(errors);
        }

        foreach (var property in edited.Properties.Where(p => p.Key == Guid.Empty))
        {
            property.Key = Guid.NewGuid();
        }

        foreach (var group in edited.Groups.Where(g => g.Key == Guid.Empty))
        {
            group.Key = Guid.NewGuid();
        }

        if (existing is null)
        {
            db.DocumentTypes.Add(edited);
        }
        else
        {
            if (!string.Equals(existing.Alias, edited.Alias, StringComparison.Ordinal))
            {
                // No content uses the old alias (checked above); other types' references follow the rename.
                foreach (var other in others)
                {
                    other.AllowedChildAliases = [.. other.AllowedChildAliases.Select(a => Same(a, existing.Alias) ? edited.Alias : a)];
                    other.CompositionAliases = [.. other.CompositionAliases.Select(a => Same(a, existing.Alias) ? edited.Alias : a)];
                }
            }

            existing.Alias = edited.Alias;
            existing.Name = edited.Name;
            existing.Icon = edited.Icon;
            existing.Description = edited.Description;
            existing.AllowedAtRoot = edited.AllowedAtRoot;
            existing.VariesByCulture = edited.VariesByCulture;
            existing.IsElement = edited.IsElement;
            existing.AllowedChildAliases = edited.AllowedChildAliases;
            existing.CompositionAliases = edited.CompositionAliases;
            existing.Properties = edited.Properties;
            existing.Groups = edited.Groups;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        await AfterWriteAsync(cancellationToken).ConfigureAwait(false);
        await audit.WriteAsync(user, existing is null ? "doctype.create" : "doctype.save", null, $"Document type {edited.Alias} ({edited.Properties.Count} properties)", cancellationToken).ConfigureAwait(false);
        return SettingsResult.Ok(edited.Key, existing is null ? $"Document type {edited.Name} created." : $"Document type {edited.Name} saved. Editors see the change now.");
    }

    /// <summary>Deletes a type no content uses (not even in the recycle bin) and no other type composes.</summary>
    public async Task<SettingsResult> DeleteAsync(Guid key, string? expectedToken, string user, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
        var all = await db.DocumentTypes.ToListAsync(cancellationToken).ConfigureAwait(false);
        var type = all.FirstOrDefault(t => t.Key == key);
        if (type is null)
        {
            return SettingsResult.NotFound();
        }

        if (!string.Equals(SettingsToken.Of(type), expectedToken, StringComparison.Ordinal))
        {
            return SettingsResult.Conflict("document type");
        }

        var used = await db.ContentNodes.AsNoTracking().CountAsync(n => n.ContentTypeAlias == type.Alias, cancellationToken).ConfigureAwait(false);
        if (used > 0)
        {
            return SettingsResult.NotAllowed($"{type.Name} cannot be deleted: {used} content item{(used == 1 ? " uses" : "s use")} it (the recycle bin counts too). Delete or change them first.");
        }

        var composers = all.Where(t => t.Key != key && t.CompositionAliases.Any(a => Same(a, type.Alias))).Select(t => t.Name).ToList();
        if (composers.Count > 0)
        {
            return SettingsResult.NotAllowed($"{type.Name} cannot be deleted: it is a composition of {string.Join(", ", composers)}. Remove it from them first.");
        }

        var parents = new List<string>();
        foreach (var other in all.Where(t => t.Key != key && t.AllowedChildAliases.Any(a => Same(a, type.Alias))))
        {
            other.AllowedChildAliases = [.. other.AllowedChildAliases.Where(a => !Same(a, type.Alias))];
            parents.Add(other.Name);
        }

        db.DocumentTypes.Remove(type);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        await AfterWriteAsync(cancellationToken).ConfigureAwait(false);
        await audit.WriteAsync(user, "doctype.delete", null, $"Document type {type.Alias}", cancellationToken).ConfigureAwait(false);
        return SettingsResult.Ok(key, $"Document type {type.Name} deleted." + (parents.Count > 0 ? $" It is no longer allowed under {string.Join(", ", parents)}." : ""));
    }

    private async Task AfterWriteAsync(CancellationToken cancellationToken)
    {
        await registry.ReloadAsync(cancellationToken).ConfigureAwait(false);

        // A new generation also empties the Delivery API's output cache, which is keyed by it.
        await snapshots.RebuildAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void Normalise(DocumentTypeEntity type)
    {
        type.Alias = (type.Alias ?? "").Trim();
        type.Name = (type.Name ?? "").Trim();
        type.Icon = string.IsNullOrWhiteSpace(type.Icon) ? "icon-document" : type.Icon.Trim();
        type.Description = string.IsNullOrWhiteSpace(type.Description) ? null : type.Description.Trim();
        type.AllowedChildAliases = [.. type.AllowedChildAliases.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)];
        type.CompositionAliases = [.. type.CompositionAliases.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)];
        foreach (var group in type.Groups)
        {
            group.Alias = (group.Alias ?? "").Trim();
            group.Name = (group.Name ?? "").Trim();
            group.Type = group.Type is "Tab" ? "Tab" : "Group";
        }

        foreach (var property in type.Properties)
        {
            property.Alias = (property.Alias ?? "").Trim();
            property.Name = (property.Name ?? "").Trim();
            property.Description = Blank(property.Description);
            property.MandatoryMessage = Blank(property.MandatoryMessage);
            property.ValidationRegex = Blank(property.ValidationRegex);
            property.ValidationRegexMessage = Blank(property.ValidationRegexMessage);
            property.GroupAlias = Blank(property.GroupAlias);
        }
    }

    private static Dictionary<string, string> Validate(DocumentTypeEntity type, List<DocumentTypeEntity> others, Dictionary<Guid, DataTypeEntity> dataTypes)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (type.Name.Length == 0)
        {
            errors["Name"] = "Enter a name.";
        }
        else if (type.Name.Length > 255)
        {
            errors["Name"] = "The name can be at most 255 characters.";
        }

        if (!AliasPattern().IsMatch(type.Alias))
        {
            errors["Alias"] = "The alias starts with a letter and has only letters, digits and _ (at most 255), e.g. newsPage.";
        }
        else if (others.Any(o => Same(o.Alias, type.Alias)))
        {
            errors["Alias"] = $"Another document type already has the alias '{type.Alias}'.";
        }

        if (type.Icon.Length > 255 || type.Icon.Any(char.IsWhiteSpace))
        {
            errors["Icon"] = "The icon is one name without spaces, e.g. icon-document.";
        }

        var known = others.Select(o => o.Alias).Append(type.Alias).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (type.AllowedChildAliases.FirstOrDefault(a => !known.Contains(a)) is { } unknownChild)
        {
            errors["AllowedChildAliases"] = $"No document type has the alias '{unknownChild}'.";
        }

        var byAlias = others.ToDictionary(o => o.Alias, StringComparer.OrdinalIgnoreCase);
        if (type.CompositionAliases.FirstOrDefault(a => !byAlias.ContainsKey(a)) is { } unknownComposition)
        {
            errors["CompositionAliases"] = Same(unknownComposition, type.Alias)
                ? "A document type cannot be its own composition."
                : $"No document type has the alias '{unknownComposition}'.";
        }
        else if (type.CompositionAliases.FirstOrDefault(a => Composes(byAlias[a], type.Alias, byAlias, [])) is { } cycle)
        {
            errors["CompositionAliases"] = $"{byAlias[cycle].Name} already uses this type as a composition; using it back would make a loop.";
        }

        // What the compositions bring: their properties and groups count as this type's own.
        var inherited = new List<PropertyTypeDefinition>();
        var inheritedGroups = new List<PropertyGroupDefinition>();
        var resolvedOthers = ContentTypeRegistry.Resolve(others);
        foreach (var alias in type.CompositionAliases.Where(byAlias.ContainsKey))
        {
            var resolved = resolvedOthers.GetValueOrDefault(alias);
            inherited.AddRange(resolved?.Properties ?? []);
            inheritedGroups.AddRange(resolved?.Groups ?? []);
        }

        for (var i = 0; i < type.Groups.Count; i++)
        {
            var group = type.Groups[i];
            if (!AliasPattern().IsMatch(group.Alias))
            {
                errors[$"Groups[{i}].Alias"] = "The alias starts with a letter and has only letters, digits and _, e.g. content.";
            }
            else if (type.Groups.Take(i).Any(g => Same(g.Alias, group.Alias)))
            {
                errors[$"Groups[{i}].Alias"] = $"Another group here has the alias '{group.Alias}'.";
            }

            if (group.Name.Length is 0 or > 255)
            {
                errors[$"Groups[{i}].Name"] = "Enter a name (at most 255 characters).";
            }
        }

        var groupAliases = type.Groups.Select(g => g.Alias).Concat(inheritedGroups.Select(g => g.Alias)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < type.Properties.Count; i++)
        {
            var property = type.Properties[i];
            var prefix = $"Properties[{i}].";
            if (!AliasPattern().IsMatch(property.Alias))
            {
                errors[prefix + "Alias"] = "The alias starts with a letter and has only letters, digits and _, e.g. subtitle.";
            }
            else if (Same(property.Alias, ContentValidator.NameAlias))
            {
                errors[prefix + "Alias"] = "'name' is the page's own name; choose another alias.";
            }
            else if (type.Properties.Take(i).Any(p => Same(p.Alias, property.Alias)))
            {
                errors[prefix + "Alias"] = $"Another property here has the alias '{property.Alias}'.";
            }
            else if (inherited.FirstOrDefault(p => Same(p.Alias, property.Alias)) is { } clash)
            {
                errors[prefix + "Alias"] = $"A composition already has a property '{clash.Alias}' ({clash.Name}).";
            }

            if (property.Name.Length is 0 or > 255)
            {
                errors[prefix + "Name"] = "Enter a name (at most 255 characters).";
            }

            if (!dataTypes.TryGetValue(property.DataTypeKey, out var dataType))
            {
                errors[prefix + "DataTypeKey"] = "Choose a data type.";
            }
            else if (!PropertyEditors.Known.Contains(dataType.EditorAlias))
            {
                errors[prefix + "DataTypeKey"] = $"{dataType.Name} uses the editor {dataType.EditorAlias}, which this site does not support.";
            }
            else
            {
                property.EditorAlias = dataType.EditorAlias;
            }

            if (property.GroupAlias is { } groupAlias && !groupAliases.Contains(groupAlias))
            {
                errors[prefix + "GroupAlias"] = $"There is no group '{groupAlias}'.";
            }

            if (property.ValidationRegex is { } pattern)
            {
                try
                {
                    _ = new Regex(pattern, RegexOptions.None, RegexTimeout);
                }
                catch (ArgumentException ex)
                {
                    errors[prefix + "ValidationRegex"] = "Not a valid regular expression: " + ex.Message;
                }
            }

            if (property.MandatoryMessage is { Length: > 500 })
            {
                errors[prefix + "MandatoryMessage"] = "At most 500 characters.";
            }

            if (property.ValidationRegexMessage is { Length: > 500 })
            {
                errors[prefix + "ValidationRegexMessage"] = "At most 500 characters.";
            }
        }

        return errors;
    }

    /// <summary>Refuses changes that would make stored values mean something else, or lose them from sight.</summary>
    private async Task CheckAgainstContentAsync(DocumentTypeEntity before, DocumentTypeEntity after, List<DocumentTypeEntity> all, Dictionary<string, string> errors, CancellationToken cancellationToken)
    {
        // A type's properties also live in every type that composes it, directly or through another composition.
        var byAlias = all.ToDictionary(t => t.Alias, StringComparer.OrdinalIgnoreCase);
        var affected = all.Where(t => t.Key == before.Key || Composes(t, before.Alias, byAlias, [])).Select(t => t.Alias).ToList();
        var ownNodes = await db.ContentNodes.AsNoTracking().CountAsync(n => n.ContentTypeAlias == before.Alias, cancellationToken).ConfigureAwait(false);
        var versionIds = await db.ContentNodes.AsNoTracking().Where(n => affected.Contains(n.ContentTypeAlias)).Select(n => n.CurrentVersionId).ToListAsync(cancellationToken).ConfigureAwait(false);

        if (ownNodes > 0 && !Same(before.Alias, after.Alias))
        {
            errors["Alias"] = $"{ownNodes} content item{(ownNodes == 1 ? " uses" : "s use")} the alias '{before.Alias}': it cannot change. Create a new document type instead.";
        }

        if (ownNodes > 0 && before.VariesByCulture != after.VariesByCulture)
        {
            errors["VariesByCulture"] = $"{ownNodes} content item{(ownNodes == 1 ? " is" : "s are")} stored {(before.VariesByCulture ? "per language" : "once for all languages")}: the variation cannot change while content uses this type.";
        }

        if (versionIds.Count == 0)
        {
            return;
        }

        var withValues = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var chunk in versionIds.Chunk(500))
        {
            var ids = chunk.ToList();
            var values = await db.ContentVersions.AsNoTracking().Where(v => ids.Contains(v.Id)).Select(v => v.Values).ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var (alias, byCulture) in values.SelectMany(v => v))
            {
                if (byCulture.Values.Any(v => !string.IsNullOrEmpty(v)))
                {
                    withValues.Add(alias);
                }
            }
        }

        for (var i = 0; i < after.Properties.Count; i++)
        {
            var property = after.Properties[i];
            if (property.Key == Guid.Empty || before.Properties.FirstOrDefault(p => p.Key == property.Key) is not { } old || !withValues.Contains(old.Alias))
            {
                continue;
            }

            var prefix = $"Properties[{i}].";
            if (!Same(old.Alias, property.Alias))
            {
                errors[prefix + "Alias"] = $"Content holds values under '{old.Alias}': renaming it would hide them. Add a new property and move the values instead.";
            }

            if (!string.Equals(old.EditorAlias, property.EditorAlias, StringComparison.Ordinal))
            {
                errors[prefix + "DataTypeKey"] = $"Content holds {old.EditorAlias} values here: choose a data type with the same editor, or add a new property.";
            }

            if (old.VariesByCulture != property.VariesByCulture)
            {
                errors[prefix + "VariesByCulture"] = $"Content holds values {(old.VariesByCulture ? "per language" : "for all languages")} here: the variation cannot change.";
            }
        }
    }

    /// <summary>Whether <paramref name="type"/> has <paramref name="alias"/> among its compositions, at any depth.</summary>
    private static bool Composes(DocumentTypeEntity type, string alias, Dictionary<string, DocumentTypeEntity> byAlias, HashSet<string> visited)
    {
        if (!visited.Add(type.Alias))
        {
            return false;
        }

        foreach (var composition in type.CompositionAliases)
        {
            if (Same(composition, alias) || (byAlias.TryGetValue(composition, out var next) && Composes(next, alias, byAlias, visited)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,254}$")]
    private static partial Regex AliasPattern();
}

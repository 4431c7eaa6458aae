using System.Text.Json;
using Isoc.Cms.Audit;
using Isoc.Cms.Content;
using Isoc.Cms.Data;
using Microsoft.EntityFrameworkCore;

namespace Isoc.Cms.Settings;

/// <summary>A data type as stored, the token a form must send back, and the document types whose properties use it.</summary>
public sealed record DataTypeState(DataTypeEntity DataType, string Token, IReadOnlyList<string> UsedBy);

/// <summary>
/// Creates and changes data types (an editor alias and its configuration, kept as the uSync files hold it).
/// The editor of a data type that properties use cannot change: each property carries the editor of its
/// data type, and content stored for one editor would be read by another.
/// </summary>
public sealed class DataTypeService(CmsDbContext db, ContentTypeRegistry registry, IAuditLog audit)
{
    public async Task<IReadOnlyList<DataTypeState>> ListAsync(CancellationToken cancellationToken)
    {
        var dataTypes = await db.DataTypes.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        var types = await db.DocumentTypes.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. dataTypes.OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase).Select(d => State(d, types))];
    }

    public async Task<DataTypeState?> GetAsync(Guid key, CancellationToken cancellationToken)
    {
        var dataType = await db.DataTypes.AsNoTracking().FirstOrDefaultAsync(d => d.Key == key, cancellationToken).ConfigureAwait(false);
        return dataType is null ? null : State(dataType, await db.DocumentTypes.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false));
    }

    public async Task<SettingsResult> SaveAsync(Guid? key, DataTypeEntity edited, string? expectedToken, string user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edited);
        edited.Name = (edited.Name ?? "").Trim();
        edited.EditorAlias = (edited.EditorAlias ?? "").Trim();
        edited.ConfigJson = string.IsNullOrWhiteSpace(edited.ConfigJson) ? "{}" : edited.ConfigJson.Trim();

        await using var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
        DataTypeEntity? existing = null;
        if (key is { } k)
        {
            existing = await db.DataTypes.FirstOrDefaultAsync(d => d.Key == k, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                return SettingsResult.NotFound();
            }

            if (!string.Equals(SettingsToken.Of(existing), expectedToken, StringComparison.Ordinal))
            {
                return SettingsResult.Conflict("data type");
            }
        }

        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (edited.Name.Length is 0 or > 255)
        {
            errors["Name"] = "Enter a name (at most 255 characters).";
        }
        else if (await db.DataTypes.AsNoTracking().AnyAsync(d => d.Key != (key ?? Guid.Empty) && d.Name == edited.Name, cancellationToken).ConfigureAwait(false))
        {
            errors["Name"] = $"Another data type is called '{edited.Name}'; the uSync files are named after it.";
        }

        if (!PropertyEditors.Known.Contains(edited.EditorAlias))
        {
            errors["EditorAlias"] = "Choose one of the editors this site supports.";
        }
        else if (existing is not null && !string.Equals(existing.EditorAlias, edited.EditorAlias, StringComparison.Ordinal))
        {
            var usedBy = State(existing, await db.DocumentTypes.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false)).UsedBy;
            if (usedBy.Count > 0)
            {
                errors["EditorAlias"] = $"Properties of {string.Join(", ", usedBy)} use this data type: its editor cannot change. Create a new data type instead.";
            }
        }

        try
        {
            using var json = JsonDocument.Parse(edited.ConfigJson);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors["ConfigJson"] = "The configuration is a JSON object, e.g. {\"maxChars\": 200}.";
            }
        }
        catch (JsonException ex)
        {
            errors["ConfigJson"] = "Not valid JSON: " + ex.Message;
        }

        if (errors.Count > 0)
        {
            return SettingsResult.Invalid(errors);
        }

        if (existing is null)
        {
            edited.Key = Guid.NewGuid();
            db.DataTypes.Add(existing = edited);
        }
        else
        {
            existing.Name = edited.Name;
            existing.EditorAlias = edited.EditorAlias;
            existing.ConfigJson = edited.ConfigJson;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        await registry.ReloadAsync(cancellationToken).ConfigureAwait(false);
        await audit.WriteAsync(user, key is null ? "datatype.create" : "datatype.save", null, $"Data type {existing.Name} ({existing.EditorAlias})", cancellationToken).ConfigureAwait(false);
        return SettingsResult.Ok(existing.Key, $"Data type {existing.Name} saved.");
    }

    private static DataTypeState State(DataTypeEntity dataType, List<DocumentTypeEntity> types) =>
        new(dataType, SettingsToken.Of(dataType), [.. types.Where(t => t.Properties.Any(p => p.DataTypeKey == dataType.Key)).Select(t => t.Name).Order(StringComparer.OrdinalIgnoreCase)]);
}

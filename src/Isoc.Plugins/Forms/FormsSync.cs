using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Isoc.Plugins.Forms;

/// <summary>Form definitions to and from uSync/v17/Forms/, one "{alias}.config" per form.</summary>
public interface IFormsSync
{
    /// <summary>Imports every form file under <paramref name="rootFolder"/>/v17/Forms; a bad file throws and nothing is imported.</summary>
    Task<int> ImportAsync(string rootFolder, CancellationToken cancellationToken);

    /// <summary>Writes every form to <paramref name="rootFolder"/>/v17/Forms; returns how many files were written.</summary>
    Task<int> ExportAsync(string rootFolder, CancellationToken cancellationToken);

    /// <summary>Saves one definition (a new alias or the same key), then reloads the catalog.</summary>
    Task SaveAsync(FormDefinition form, CancellationToken cancellationToken);
}

internal sealed class FormsSync(IFormsDbContextFactory contexts, IFormCatalog catalog, TimeProvider time) : IFormsSync
{
    public const string VersionFolder = "v17";

    public static string FolderOf(string rootFolder) => Path.Combine(rootFolder, VersionFolder, FormXml.FolderName);

    public async Task<int> ImportAsync(string rootFolder, CancellationToken cancellationToken)
    {
        var folder = FolderOf(rootFolder);
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        // Every file is parsed and checked before anything is written.
        var forms = new List<(FormDefinition Form, string Xml)>();
        foreach (var file in Directory.GetFiles(folder, "*.config").Order(StringComparer.Ordinal))
        {
            var xml = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
            var form = FormXml.Parse(xml, file);
            forms.Add((form, FormXml.Write(form)));
        }

        foreach (var duplicate in forms.GroupBy(f => f.Form.Alias, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            throw new FormDefinitionException($"{folder}: the form alias '{duplicate.Key}' is used by more than one file.");
        }

        foreach (var duplicate in forms.GroupBy(f => f.Form.Key).Where(g => g.Count() > 1))
        {
            throw new FormDefinitionException($"{folder}: the form key {duplicate.Key} is used by more than one file.");
        }

        var db = await contexts.CreateAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var existing = await db.Forms.ToDictionaryAsync(f => f.Key, cancellationToken).ConfigureAwait(false);
            foreach (var (form, xml) in forms)
            {
                if (existing.Values.FirstOrDefault(e => e.Key != form.Key && string.Equals(e.Alias, form.Alias, StringComparison.OrdinalIgnoreCase)) is { } clash)
                {
                    throw new FormDefinitionException($"{folder}: the form alias '{form.Alias}' already belongs to form {clash.Key}.");
                }

                Upsert(db, existing, form, xml);
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        await catalog.ReloadAsync(cancellationToken).ConfigureAwait(false);
        return forms.Count;
    }

    public async Task<int> ExportAsync(string rootFolder, CancellationToken cancellationToken)
    {
        var folder = FolderOf(rootFolder);
        Directory.CreateDirectory(folder);
        var db = await contexts.CreateAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var records = await db.Forms.AsNoTracking().OrderBy(f => f.Alias).ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var record in records)
            {
                var path = Path.Combine(folder, record.Alias.ToLowerInvariant() + ".config");
                await File.WriteAllTextAsync(path, record.DefinitionXml + Environment.NewLine, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            }

            return records.Count;
        }
    }

    public async Task SaveAsync(FormDefinition form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var xml = FormXml.Write(form);
        _ = FormXml.Parse(xml, $"form '{form.Alias}'"); // the same checks as a file gets
        var db = await contexts.CreateAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var existing = await db.Forms.ToDictionaryAsync(f => f.Key, cancellationToken).ConfigureAwait(false);
            if (existing.Values.Any(e => e.Key != form.Key && string.Equals(e.Alias, form.Alias, StringComparison.OrdinalIgnoreCase)))
            {
                throw new FormDefinitionException($"The form alias '{form.Alias}' is taken.");
            }

            Upsert(db, existing, form, xml);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        await catalog.ReloadAsync(cancellationToken).ConfigureAwait(false);
    }

    private void Upsert(FormsDbContext db, Dictionary<Guid, FormRecord> existing, FormDefinition form, string xml)
    {
        if (existing.TryGetValue(form.Key, out var record))
        {
            record.Alias = form.Alias;
            record.DefinitionXml = xml;
            record.UpdatedAt = time.GetUtcNow().UtcDateTime;
        }
        else
        {
            db.Forms.Add(new FormRecord { Key = form.Key, Alias = form.Alias, DefinitionXml = xml, UpdatedAt = time.GetUtcNow().UtcDateTime });
        }
    }
}

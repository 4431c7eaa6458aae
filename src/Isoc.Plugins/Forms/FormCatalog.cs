using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;

namespace Isoc.Plugins.Forms;

/// <summary>
/// The form definitions, read from the database once and kept in memory: drawing a form page never queries
/// the database. Reloaded after an import or an edit; a reader sees the old set or the new one, never a mix.
/// </summary>
public interface IFormCatalog
{
    IReadOnlyCollection<FormDefinition> All { get; }

    FormDefinition? Find(string formAlias);

    FormDefinition? Find(Guid key);

    Task ReloadAsync(CancellationToken cancellationToken);
}

internal sealed class FormCatalog(IFormsDbContextFactory contexts) : IFormCatalog
{
    private volatile FrozenDictionary<string, FormDefinition> _byAlias = FrozenDictionary<string, FormDefinition>.Empty;

    public IReadOnlyCollection<FormDefinition> All => _byAlias.Values;

    public FormDefinition? Find(string formAlias) => _byAlias.GetValueOrDefault(formAlias);

    public FormDefinition? Find(Guid key) => _byAlias.Values.FirstOrDefault(f => f.Key == key);

    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var db = await contexts.CreateAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var records = await db.Forms.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
            _byAlias = records
                .Select(r => FormXml.Parse(r.DefinitionXml, $"database form '{r.Alias}'"))
                .ToFrozenDictionary(f => f.Alias, StringComparer.OrdinalIgnoreCase);
        }
    }
}

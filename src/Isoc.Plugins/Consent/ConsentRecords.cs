using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Isoc.Plugins.Consent;

/// <summary>Reading the records for editors: one consent id's history, and every record as CSV.</summary>
public interface IConsentRecords
{
    Task<IReadOnlyList<ConsentRecord>> FindAsync(Guid consentId, CancellationToken cancellationToken);

    /// <summary>Writes the header and every record, oldest first, streaming (the table can be large).</summary>
    Task WriteCsvAsync(TextWriter writer, CancellationToken cancellationToken);
}

internal sealed class ConsentRecords(IConsentDbContextFactory contexts) : IConsentRecords
{
    public async Task<IReadOnlyList<ConsentRecord>> FindAsync(Guid consentId, CancellationToken cancellationToken)
    {
        var db = await contexts.CreateAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            return await db.Records.AsNoTracking()
                .Where(r => r.ConsentId == consentId)
                .OrderBy(r => r.Id)
                .ToListAsync(cancellationToken)
                .ConfigureAwait(false);
        }
    }

    public async Task WriteCsvAsync(TextWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        await writer.WriteAsync(ConsentCsv.Line(ConsentCsv.Header).AsMemory(), cancellationToken).ConfigureAwait(false);
        var db = await contexts.CreateAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            await foreach (var record in db.Records.AsNoTracking().OrderBy(r => r.Id).AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                await writer.WriteAsync(ConsentCsv.Row(record).AsMemory(), cancellationToken).ConfigureAwait(false);
            }
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>UTF-8 with a byte order mark, so spreadsheets read "Põhja" as written.</summary>
    public static readonly Encoding CsvEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
}

namespace Isoc.Cms.Sync;

/// <summary>Reads a uSync folder ("v17/" with Languages, DataTypes, ContentTypes, Content) into the database, all or nothing.</summary>
public interface IUSyncImporter
{
    /// <summary>Imports every file under <paramref name="rootFolder"/>/v17. A malformed file throws <see cref="USyncImportException"/> and nothing is imported.</summary>
    Task<USyncImportResult> ImportAsync(string rootFolder, CancellationToken cancellationToken);
}

/// <summary>Writes the database back to a uSync folder in the same layout the importer reads.</summary>
public interface IUSyncExporter
{
    Task<int> ExportAsync(string rootFolder, CancellationToken cancellationToken);
}

public sealed record USyncImportResult(int Languages, int DataTypes, int ContentTypes, int Content);

/// <summary>A uSync file that cannot be imported; the message names the file and line.</summary>
public sealed class USyncImportException : Exception
{
    public USyncImportException()
    {
    }

    public USyncImportException(string message)
        : base(message)
    {
    }

    public USyncImportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public USyncImportException(string filePath, int line, string problem, Exception? innerException = null)
        : base($"{filePath}({line}): {problem}", innerException)
    {
        FilePath = filePath;
        Line = line;
    }

    public string? FilePath { get; }

    public int Line { get; }
}

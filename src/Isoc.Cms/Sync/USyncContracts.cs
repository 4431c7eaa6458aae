namespace Isoc.Cms.Sync;

/// <summary>Reads a uSync folder ("v17/" with Languages, DataTypes, ContentTypes, Content) into the database, all or nothing.</summary>
public interface IUSyncImporter
{
    /// <summary>Imports every file under <paramref name="rootFolder"/>/v17. A malformed file throws <see cref="USyncImportException"/> and nothing is imported.</summary>
    Task<USyncImportResult> ImportAsync(string rootFolder, CancellationToken cancellationToken);

    /// <summary>Parses and checks every file as an import would, and says what it would create or change, without writing anything.</summary>
    Task<USyncImportPreview> PreviewAsync(string rootFolder, CancellationToken cancellationToken);
}

/// <summary>One item an import would touch: its kind ("document type", …), its name, and "new", "changed" or "unchanged".</summary>
public sealed record USyncPreviewItem(string Kind, string Name, string Change);

public sealed record USyncImportPreview(USyncImportResult Counts, IReadOnlyList<USyncPreviewItem> Items);

/// <summary>Writes the database back to a uSync folder in the same layout the importer reads.</summary>
public interface IUSyncExporter
{
    Task<int> ExportAsync(string rootFolder, CancellationToken cancellationToken);

    /// <summary>The same export, saying which files it added, changed and deleted.</summary>
    Task<USyncExportReport> ExportWithReportAsync(string rootFolder, CancellationToken cancellationToken);
}

public enum USyncFileChangeKind
{
    Added,
    Changed,
    Deleted,
}

/// <summary>A file an export wrote or removed, relative to the v17 folder (e.g. "ContentTypes/home.config").</summary>
public sealed record USyncFileChange(string Path, USyncFileChangeKind Kind);

/// <summary>How many files the export holds, and the ones that differ from what the folder held before.</summary>
public sealed record USyncExportReport(int Files, IReadOnlyList<USyncFileChange> Changes);

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

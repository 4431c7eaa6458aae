using System.ComponentModel.DataAnnotations;

namespace Isoc.Cms;

/// <summary>Settings under "Isoc".</summary>
public sealed class IsocOptions
{
    public const string Section = "Isoc";

    /// <summary>Folder for the SQLite file, logs of the engine and generated files; relative paths are under the content root.</summary>
    [Required]
    public string DataPath { get; set; } = "App_Data";
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Settings under "Isoc:Database".</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Isoc:Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Required for PostgreSQL. For SQLite it defaults to a file "isoc.db" in the data folder.</summary>
    public string? ConnectionString { get; set; }
}

/// <summary>Settings under "Isoc:Publishing".</summary>
public sealed class PublishingOptions
{
    public const string Section = "Isoc:Publishing";

    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan SchedulerInterval { get; set; } = TimeSpan.FromSeconds(1);

    public bool SchedulerEnabled { get; set; } = true;
}

/// <summary>Settings under "Isoc:Install": the first administrator, created on the first start of an empty database.</summary>
public sealed class InstallOptions
{
    public const string Section = "Isoc:Install";

    [EmailAddress]
    public string AdminEmail { get; set; } = "admin@localhost";

    /// <summary>When empty, a random password is generated and written once to the log.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>Import uSync/ into an empty database at first start.</summary>
    public bool ImportUSync { get; set; } = true;
}

/// <summary>Settings under "Isoc:USync".</summary>
public sealed class USyncOptions
{
    public const string Section = "Isoc:USync";

    /// <summary>The folder holding "v17/"; empty means the nearest "uSync" folder at or above the content root.</summary>
    public string? RootFolder { get; set; }
}

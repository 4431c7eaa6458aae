namespace Isoc.Plugins.Consent;

/// <summary>Where a choice was made.</summary>
public enum ConsentSource
{
    /// <summary>The banner's first layer (or its "Choose" layer) on any page.</summary>
    Banner,

    /// <summary>The cookie settings reopened from the footer, giving or keeping consent.</summary>
    Settings,

    /// <summary>The cookie settings, taking back a category that was allowed.</summary>
    Withdrawal,

    /// <summary>A choice made while the browser sent Global Privacy Control, so analytics was refused.</summary>
    Gpc,
}

/// <summary>
/// Proof of one choice, change or withdrawal. Rows are only ever added: there is no update or delete in the
/// code (the context refuses both) nor in the database (triggers refuse both). Nothing here identifies a
/// person: no IP address, no user agent string, only its browser family.
/// </summary>
public sealed class ConsentRecord
{
    public long Id { get; set; }

    /// <summary>The random id in the visitor's cookie; all records of one browser share it.</summary>
    public Guid ConsentId { get; set; }

    /// <summary>Categories allowed, by name, comma-separated; "necessary" is always among them.</summary>
    public required string Granted { get; set; }

    /// <summary>Categories refused, by name, comma-separated; empty when everything was allowed.</summary>
    public required string Denied { get; set; }

    public int Revision { get; set; }

    /// <summary>The privacy policy version in force when the choice was made, e.g. "2011-12-15".</summary>
    public string? PolicyVersion { get; set; }

    public ConsentSource Source { get; set; }

    /// <summary>UTC.</summary>
    public DateTime RecordedAt { get; set; }

    /// <summary>"Firefox", "Chrome", "Safari", "Edge", "Other": enough to explain a record, too little to single anyone out.</summary>
    public string? UserAgentFamily { get; set; }

    /// <summary>The page's culture, "en-US" or "et-EE": which language the banner was read in.</summary>
    public string? Culture { get; set; }
}

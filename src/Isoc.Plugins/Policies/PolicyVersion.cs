using System.Globalization;

namespace Isoc.Plugins.Policies;

/// <summary>One culture's text of a policy version, as it was published.</summary>
public sealed record PolicyText(string Culture, string Name, string? Summary, string Body);

/// <summary>
/// A published version of a privacy policy node, identified by its effective date. Republishing with the same
/// effective date corrects this version (same URL); a new effective date makes a new version.
/// </summary>
public sealed record PolicyVersion(
    long Id,
    Guid NodeKey,
    DateOnly EffectiveDate,
    bool Material,
    DateTime PublishedAt,
    string PublishedBy,
    DateTime UpdatedAt,
    string UpdatedBy,
    int Corrections,
    IReadOnlyDictionary<string, PolicyText> Texts)
{
    /// <summary>The version's name in URLs and consent records: "2011-12-15".</summary>
    public string Label => FormatDate(EffectiveDate);

    /// <summary>The text in a culture, else in the fallback culture (a version published in one language only).</summary>
    public PolicyText? TextFor(string culture, string fallbackCulture) =>
        Texts.TryGetValue(culture, out var text) ? text : Texts.TryGetValue(fallbackCulture, out text) ? text : Texts.Values.FirstOrDefault();

    public static string FormatDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Only the exact form "yyyy-MM-dd" names a version: one URL per version.</summary>
    public static bool TryParseLabel(string? value, out DateOnly date) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}

/// <summary>What a publish did to the versions.</summary>
public enum PolicyVersionChange
{
    /// <summary>A new effective date: a new version.</summary>
    Created,

    /// <summary>The same effective date, a language published for the first time.</summary>
    Translated,

    /// <summary>The same effective date, the text, summary or material flag changed: the version is corrected in place.</summary>
    Corrected,
}

/// <summary>The stored row of a version.</summary>
public sealed class PolicyVersionEntity
{
    public long Id { get; set; }
    public Guid NodeKey { get; set; }
    public DateOnly EffectiveDate { get; set; }
    public bool Material { get; set; }
    public DateTime PublishedAt { get; set; }
    public string PublishedBy { get; set; } = "";
    public DateTime UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
    public int Corrections { get; set; }
    public List<PolicyVersionTextEntity> Texts { get; set; } = [];
}

/// <summary>One culture's text of a stored version.</summary>
public sealed class PolicyVersionTextEntity
{
    public long Id { get; set; }
    public long VersionId { get; set; }
    public string Culture { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Summary { get; set; }
    public string Body { get; set; } = "";
}

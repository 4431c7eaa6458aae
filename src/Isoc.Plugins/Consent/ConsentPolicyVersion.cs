using System.Globalization;
using Isoc.Cms.Publishing;
using Microsoft.Extensions.Options;

namespace Isoc.Plugins.Consent;

/// <summary>
/// The version of the privacy policy a choice is made under, written into each record. The Policies plugin
/// will provide its own (registered before this plugin's default, which is only added when none is).
/// </summary>
public interface IConsentPolicyVersion
{
    /// <summary>A short stable label, e.g. "2011-12-15", or null when the site has no published policy.</summary>
    string? Current(string culture);
}

/// <summary>
/// Until versions exist: the published privacy policy's effective date, or else its node and publish date.
/// Read from the published snapshot, so it costs no database query.
/// </summary>
internal sealed class PublishedPolicyVersion(IPublishedSnapshotAccessor snapshots) : IConsentPolicyVersion
{
    public const string PolicyTypeAlias = "privacyPolicy";
    public const string EffectiveDateAlias = "effectiveDate";

    public string? Current(string culture)
    {
        var snapshot = snapshots.Current;
        var policy = snapshot.Nodes.Values
            .Where(n => n.ContentTypeAlias == PolicyTypeAlias)
            .OrderBy(n => n.Level)
            .ThenBy(n => n.SortOrder)
            .FirstOrDefault();
        var variant = policy?.ForCulture(culture) ?? policy?.ForCulture(snapshot.DefaultCulture);
        if (policy is null || variant is null)
        {
            return null;
        }

        return DateTime.TryParse(variant.Value(EffectiveDateAlias), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var effective)
            ? effective.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : $"{policy.Key:N}@{variant.PublishDate.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}";
    }
}

/// <summary>
/// The consent revision in effect now: a choice made under another one no longer counts. The Policies plugin
/// provides one that rises by itself when a material policy change takes effect.
/// </summary>
public interface IConsentRevision
{
    int Current { get; }
}

/// <summary>Without the Policies plugin: the configured "Isoc:Consent:Revision".</summary>
internal sealed class ConfiguredConsentRevision(IOptions<ConsentOptions> options) : IConsentRevision
{
    public int Current => options.Value.Revision;
}

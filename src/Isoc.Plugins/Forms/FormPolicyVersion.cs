using System.Globalization;
using Isoc.Cms.Publishing;

namespace Isoc.Plugins.Forms;

/// <summary>The privacy policy a consent field points at: its version label and, when known, its address or page.</summary>
public sealed record FormPolicyReference(string Version, string? Url, Guid? PageKey);

/// <summary>
/// Which privacy policy version a consent field accepts right now. A small seam: the Policies plugin (versions with
/// stable URLs) registers its own before this plugin's default, which is only added when none is.
/// </summary>
public interface IFormPolicyVersion
{
    FormPolicyReference? Current(string culture);
}

/// <summary>
/// Until the Policies plugin provides versions: the published privacy policy page, its effective date as the
/// version (else its publish date), read from the published snapshot, so it costs no query.
/// </summary>
internal sealed class PublishedFormPolicyVersion(IPublishedSnapshotAccessor snapshots) : IFormPolicyVersion
{
    public FormPolicyReference? Current(string culture)
    {
        var snapshot = snapshots.Current;
        var policy = snapshot.Nodes.Values
            .Where(n => n.ContentTypeAlias == "privacyPolicy")
            .OrderBy(n => n.Level)
            .ThenBy(n => n.SortOrder)
            .FirstOrDefault();
        var variant = policy?.ForCulture(culture) ?? policy?.ForCulture(snapshot.DefaultCulture);
        if (policy is null || variant is null)
        {
            return null;
        }

        var version = DateTime.TryParse(variant.Value("effectiveDate"), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var effective)
            ? effective.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : variant.PublishDate.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        return new FormPolicyReference(version, Url: null, policy.Key);
    }
}

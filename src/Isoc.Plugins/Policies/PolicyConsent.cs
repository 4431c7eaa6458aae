using Isoc.Cms.Publishing;
using Isoc.Plugins.Consent;
using Microsoft.Extensions.Options;

namespace Isoc.Plugins.Policies;

/// <summary>A consent record names the policy version in effect when the choice was made: "2011-12-15".</summary>
internal sealed class PolicyConsentVersion(PolicyVersionStore versions, IPublishedSnapshotAccessor snapshots) : IConsentPolicyVersion
{
    public string? Current(string culture) =>
        versions.PolicyNode(snapshots.Current) is { } node ? versions.Current(node.Key)?.Label : null;
}

/// <summary>
/// The consent revision rises by one with every material policy change on the day it takes effect: the configured
/// "Isoc:Consent:Revision" plus the material versions in effect. Visitors who chose before are asked again.
/// </summary>
internal sealed class PolicyConsentRevision(PolicyVersionStore versions, IOptions<ConsentOptions> options) : IConsentRevision
{
    public int Current => options.Value.Revision + versions.MaterialChangesInEffect();
}

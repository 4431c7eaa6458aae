using Microsoft.Extensions.Options;

namespace Isoc.Plugins.Policies;

/// <summary>
/// The home page's change notice, in the page's language: a version announced in advance ("takes effect on …"),
/// and a new version for <see cref="PoliciesOptions.NoticePeriod"/> after it took effect (or was published, if later),
/// until a newer one replaces it. The first version of a policy changed nothing, so it has no notice.
/// </summary>
internal sealed class PolicyNotices(PolicyVersionStore versions, IOptions<PoliciesOptions> options, TimeProvider time) : ISiteNoticeProvider
{
    public const string UpdatedKind = "policy-updated";
    public const string UpcomingKind = "policy-upcoming";

    public IEnumerable<SiteNotice> NoticesFor(SitePageContext page)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (!page.IsHome || versions.PolicyNode(page.Snapshot) is not { } node)
        {
            yield break;
        }

        // Estonian visitors follow the links to the Estonian policy where it is published, else to the English one.
        var policyUrl = page.UrlOf(node.Key, page.Culture) ?? page.UrlOf(node.Key, page.Snapshot.DefaultCulture);
        if (policyUrl is null)
        {
            yield break;
        }

        var words = PolicyWords.For(page.Culture);
        var current = versions.Current(node.Key);
        if (versions.Upcoming(node.Key) is { } upcoming && current is not null)
        {
            var date = PolicyWords.FormatDate(upcoming.EffectiveDate, page.Culture);
            yield return new SiteNotice(
                UpcomingKind,
                Sentence(words.UpcomingNotice, words.UpcomingNoticeWithSummary, date, Summary(upcoming, page.Culture)),
                words.SeeWhatChanges,
                PolicyPages.CompareUrl(policyUrl, current.EffectiveDate, upcoming.EffectiveDate));
        }

        if (current is not null && versions.Previous(node.Key, current.EffectiveDate) is { } previous)
        {
            var start = Max(current.EffectiveDate.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), current.PublishedAt);
            if (time.GetUtcNow().UtcDateTime < start + options.Value.NoticePeriod)
            {
                var date = PolicyWords.FormatDate(current.EffectiveDate, page.Culture);
                yield return new SiteNotice(
                    UpdatedKind,
                    Sentence(words.UpdatedNotice, words.UpdatedNoticeWithSummary, date, Summary(current, page.Culture)),
                    words.SeeWhatChanged,
                    PolicyPages.CompareUrl(policyUrl, previous.EffectiveDate, current.EffectiveDate));
            }
        }
    }

    /// <summary>The summary in the page's language only: a notice never mixes two languages in one sentence.</summary>
    private static string? Summary(PolicyVersion version, string culture) =>
        version.Texts.TryGetValue(culture, out var text) ? text.Summary : null;

    private static string Sentence(string without, string with, string date, string? summary)
    {
        if (string.IsNullOrWhiteSpace(summary))
        {
            return PolicyWords.Format(without, date);
        }

        var trimmed = summary.Trim();
        return PolicyWords.Format(with, date, trimmed.EndsWith('.') || trimmed.EndsWith('!') || trimmed.EndsWith('?') ? trimmed : trimmed + ".");
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
}

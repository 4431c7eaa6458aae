using Isoc.Cms.Content;
using Isoc.Cms.Publishing;
using Microsoft.AspNetCore.Http;

namespace Isoc.Plugins.Policies;

/// <summary>A version as a link: its date in the page's language and its stable URL.</summary>
public sealed record PolicyVersionLink(string Label, DateOnly EffectiveDate, string Date, string Url, bool Material);

/// <summary>The form that picks two versions to compare (a plain GET form, no JavaScript).</summary>
public sealed record PolicyCompareForm(PolicyWords Words, string Action, IReadOnlyList<PolicyVersionLink> Versions, string? From, string? To);

/// <summary>What the policy page shows: the current version's text and date, the one announced, and every earlier one.</summary>
public sealed record PolicyOverview(
    PolicyWords Words,
    PolicyVersionLink? Current,
    string? CurrentSummary,
    string? CurrentBodyHtml,
    string? CurrentTextCulture,
    PolicyVersionLink? Upcoming,
    string? UpcomingCompareUrl,
    string? CurrentCompareUrl,
    IReadOnlyList<PolicyVersionLink> Earlier,
    IReadOnlyList<PolicyVersionLink> All,
    string CompareUrl);

/// <summary>One version at its stable URL.</summary>
public sealed record PolicyVersionPage(
    PolicyWords Words,
    PolicyVersionLink Version,
    string? Summary,
    string BodyHtml,
    string TextCulture,
    bool InPageLanguage,
    string? CorrectedOn,
    string PolicyUrl,
    string? CompareWithPreviousUrl,
    IReadOnlyList<PolicyVersionLink> All);

/// <summary>One block of a comparison: a heading or a paragraph, with its words marked added or removed.</summary>
public sealed record PolicyDiffBlock(bool IsHeading, DiffPlex.DiffBuilder.Model.ChangeType Change, string Html);

/// <summary>Two versions compared.</summary>
public sealed record PolicyComparePage(
    PolicyWords Words,
    PolicyVersionLink From,
    PolicyVersionLink To,
    IReadOnlyList<PolicyDiffBlock> Blocks,
    string TextCulture,
    string PolicyUrl,
    string CompareUrl,
    IReadOnlyList<PolicyVersionLink> All);

/// <summary>The policy page's model for the site's template (the page itself is the published policy node).</summary>
public interface IPolicyOverviews
{
    /// <summary>Null when the policy has no recorded version: the page then shows the published text as it is.</summary>
    PolicyOverview? Overview(SitePageContext page);
}

/// <summary>
/// The privacy policy's pages below its own URL, in every language it is published in:
/// "versions/2011-12-15/" (one version) and "compare/?from=…&amp;to=…" (two versions compared).
/// </summary>
internal sealed class PolicyPages(PolicyVersionStore versions, MarkupRenderer markup) : ISubPageProvider, IPolicyOverviews
{
    public const string VersionsSegment = "versions";
    public const string CompareSegment = "compare";
    public const string VersionTemplate = "privacyPolicy.version";
    public const string CompareTemplate = "privacyPolicy.compare";

    public string ContentTypeAlias => PolicyVersionStore.PolicyTypeAlias;

    public SubPageResult Resolve(SitePageContext page, IReadOnlyList<string> segments, IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(query);
        if (page.Page is not { } node || page.UrlOf(node.Key, page.Culture) is not { } policyUrl)
        {
            return SubPageResult.NotFound;
        }

        var words = PolicyWords.For(page.Culture);
        switch (segments)
        {
            case [VersionsSegment, var label]:
                if (!PolicyVersion.TryParseLabel(label, out var date))
                {
                    return SubPageResult.BadRequest($"'{label}' is not a version: versions are named by their effective date, e.g. 2011-12-15.");
                }

                return Version(page, node, policyUrl, date) is { } version
                    ? SubPageResult.Page(VersionTemplate, PolicyWords.Format(words.VersionTitle, version.Version.Date), version)
                    : SubPageResult.NotFound;
            case [CompareSegment]:
                if (!PolicyVersion.TryParseLabel(query["from"].ToString(), out var from) || !PolicyVersion.TryParseLabel(query["to"].ToString(), out var to)
                    || query["from"].Count > 1 || query["to"].Count > 1)
                {
                    return SubPageResult.BadRequest("Name two versions by their effective dates: compare/?from=2011-12-15&to=2026-01-01.");
                }

                return Compare(page, node, policyUrl, from, to) is { } compare
                    ? SubPageResult.Page(CompareTemplate, PolicyWords.Format(words.CompareTitle, compare.From.Date, compare.To.Date), compare, $"?from={compare.From.Label}&to={compare.To.Label}")
                    : SubPageResult.NotFound;
            default:
                return SubPageResult.NotFound;
        }
    }

    public PolicyOverview? Overview(SitePageContext page)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (page.Page is not { } node || page.UrlOf(node.Key, page.Culture) is not { } policyUrl || versions.All(node.Key).Count == 0)
        {
            return null;
        }

        var all = versions.All(node.Key);
        var current = versions.Current(node.Key);
        var upcoming = versions.Upcoming(node.Key);
        var fallback = page.Snapshot.DefaultCulture;
        var text = current?.TextFor(page.Culture, fallback);
        var previous = current is null ? null : versions.Previous(node.Key, current.EffectiveDate);
        return new PolicyOverview(
            PolicyWords.For(page.Culture),
            current is null ? null : Link(current, policyUrl, page.Culture),
            text?.Summary,
            current is null || text is null ? null : Render(node.Key, current, text),
            text?.Culture,
            upcoming is null ? null : Link(upcoming, policyUrl, page.Culture),
            upcoming is null || current is null ? null : CompareUrl(policyUrl, current.EffectiveDate, upcoming.EffectiveDate),
            previous is null || current is null ? null : CompareUrl(policyUrl, previous.EffectiveDate, current.EffectiveDate),
            all.Where(v => current is not null && v.EffectiveDate < current.EffectiveDate).Reverse().Select(v => Link(v, policyUrl, page.Culture)).ToList(),
            all.Select(v => Link(v, policyUrl, page.Culture)).ToList(),
            policyUrl + CompareSegment + "/");
    }

    public static string VersionUrl(string policyUrl, DateOnly date) => $"{policyUrl}{VersionsSegment}/{PolicyVersion.FormatDate(date)}/";

    public static string CompareUrl(string policyUrl, DateOnly from, DateOnly to) =>
        $"{policyUrl}{CompareSegment}/?from={PolicyVersion.FormatDate(from)}&to={PolicyVersion.FormatDate(to)}";

    private PolicyVersionPage? Version(SitePageContext page, PublishedContent node, string policyUrl, DateOnly date)
    {
        if (versions.Find(node.Key, date) is not { } version || version.TextFor(page.Culture, page.Snapshot.DefaultCulture) is not { } text)
        {
            return null;
        }

        var previous = versions.Previous(node.Key, date);
        return new PolicyVersionPage(
            PolicyWords.For(page.Culture),
            Link(version, policyUrl, page.Culture),
            text.Summary,
            Render(node.Key, version, text),
            text.Culture,
            string.Equals(text.Culture, page.Culture, StringComparison.OrdinalIgnoreCase),
            version.Corrections > 0 ? PolicyWords.FormatDate(DateOnly.FromDateTime(version.UpdatedAt), page.Culture) : null,
            policyUrl,
            previous is null ? null : CompareUrl(policyUrl, previous.EffectiveDate, date),
            versions.All(node.Key).Select(v => Link(v, policyUrl, page.Culture)).ToList());
    }

    private PolicyComparePage? Compare(SitePageContext page, PublishedContent node, string policyUrl, DateOnly from, DateOnly to)
    {
        if (versions.Find(node.Key, from) is not { } older || versions.Find(node.Key, to) is not { } newer)
        {
            return null;
        }

        // Both sides in one language: the page's where both versions have it, else the site's default.
        var culture = older.Texts.ContainsKey(page.Culture) && newer.Texts.ContainsKey(page.Culture) ? page.Culture : page.Snapshot.DefaultCulture;
        var before = older.TextFor(culture, page.Snapshot.DefaultCulture);
        var after = newer.TextFor(culture, page.Snapshot.DefaultCulture);
        var blocks = PolicyDiff.Compare(
            before is null ? "" : Render(node.Key, older, before),
            after is null ? "" : Render(node.Key, newer, after));
        return new PolicyComparePage(
            PolicyWords.For(page.Culture),
            Link(older, policyUrl, page.Culture),
            Link(newer, policyUrl, page.Culture),
            blocks,
            culture,
            policyUrl,
            policyUrl + CompareSegment + "/",
            versions.All(node.Key).Select(v => Link(v, policyUrl, page.Culture)).ToList());
    }

    /// <summary>Rendered and sanitized once per version and language (the renderer caches while the text stays the same).</summary>
    private string Render(Guid nodeKey, PolicyVersion version, PolicyText text) =>
        markup.Render(nodeKey, text.Culture, $"policyVersion:{version.Label}", text.Body, PropertyEditors.MarkdownEditor);

    private static PolicyVersionLink Link(PolicyVersion version, string policyUrl, string culture) =>
        new(version.Label, version.EffectiveDate, PolicyWords.FormatDate(version.EffectiveDate, culture), VersionUrl(policyUrl, version.EffectiveDate), version.Material);
}

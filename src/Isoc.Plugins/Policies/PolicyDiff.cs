using System.Net;
using System.Text.RegularExpressions;
using DiffPlex.DiffBuilder.Model;
using Isoc.Cms.Content;

namespace Isoc.Plugins.Policies;

/// <summary>
/// Two versions' rendered text compared paragraph by paragraph and word by word (the engine's <see cref="TextDiff"/>),
/// with headings kept as headings so a reader finds their way through a long policy.
/// </summary>
public static partial class PolicyDiff
{
    public static IReadOnlyList<PolicyDiffBlock> Compare(string beforeHtml, string afterHtml)
    {
        var headings = Headings(beforeHtml).Concat(Headings(afterHtml)).ToHashSet(StringComparer.Ordinal);
        return TextDiff.Compare(beforeHtml, afterHtml)
            .Select(b => new PolicyDiffBlock(IsHeading(b, headings), b.Change, b.Html))
            .ToList();
    }

    /// <summary>A block is a heading when its text before or after the change is one of the versions' headings.</summary>
    private static bool IsHeading(DiffBlock block, HashSet<string> headings)
    {
        var after = Normalize(WebUtility.HtmlDecode(Tag().Replace(Deleted().Replace(block.Html, ""), "")));
        var before = Normalize(WebUtility.HtmlDecode(Tag().Replace(Inserted().Replace(block.Html, ""), "")));
        return headings.Contains(after) || headings.Contains(before);
    }

    private static IEnumerable<string> Headings(string html) =>
        Heading().Matches(html).Select(m => Normalize(WebUtility.HtmlDecode(Tag().Replace(m.Groups["text"].Value, ""))));

    private static string Normalize(string text) => Spaces().Replace(text, " ").Trim();

    [GeneratedRegex(@"<h([1-6])[^>]*>(?<text>.*?)</h\1>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Heading();

    [GeneratedRegex("<del>.*?</del>", RegexOptions.Singleline)]
    private static partial Regex Deleted();

    [GeneratedRegex("<ins>.*?</ins>", RegexOptions.Singleline)]
    private static partial Regex Inserted();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}

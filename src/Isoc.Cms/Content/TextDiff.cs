using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using DiffPlex;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace Isoc.Cms.Content;

/// <summary>One paragraph (or heading) of a comparison, with its words marked as kept, added or removed.</summary>
public sealed record DiffBlock(ChangeType Change, string Html);

/// <summary>
/// Compares two texts as people read them: paragraph by paragraph, and inside a changed paragraph word by
/// word, so an editor (or a visitor comparing policy versions) sees exactly which words came and went.
/// HTML is compared as its text; the result is HTML-encoded, with &lt;ins&gt; and &lt;del&gt; around changes.
/// </summary>
public static partial class TextDiff
{
    public static IReadOnlyList<DiffBlock> Compare(string? before, string? after)
    {
        var model = new SideBySideDiffBuilder(new Differ()).BuildDiffModel(Paragraphs(before), Paragraphs(after), ignoreWhitespace: true);
        var blocks = new List<DiffBlock>();
        for (var i = 0; i < model.NewText.Lines.Count; i++)
        {
            var oldLine = model.OldText.Lines[i];
            var newLine = model.NewText.Lines[i];
            switch (newLine.Type)
            {
                case ChangeType.Unchanged:
                    blocks.Add(new DiffBlock(ChangeType.Unchanged, WebUtility.HtmlEncode(newLine.Text)));
                    break;
                case ChangeType.Inserted:
                    blocks.Add(new DiffBlock(ChangeType.Inserted, $"<ins>{WebUtility.HtmlEncode(newLine.Text)}</ins>"));
                    break;
                case ChangeType.Modified:
                    blocks.Add(new DiffBlock(ChangeType.Modified, Words(oldLine.Text ?? "", newLine.Text ?? "")));
                    break;
                case ChangeType.Imaginary when oldLine.Type == ChangeType.Deleted:
                    blocks.Add(new DiffBlock(ChangeType.Deleted, $"<del>{WebUtility.HtmlEncode(oldLine.Text)}</del>"));
                    break;
                default:
                    break;
            }
        }

        return blocks;
    }

    /// <summary>The paragraphs of a text: blank-line separated Markdown, or the block elements of HTML, as plain lines.</summary>
    public static string Paragraphs(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var plain = BlockEnd().Replace(text, "\n\n");
        plain = Tag().Replace(plain, string.Empty);
        plain = WebUtility.HtmlDecode(plain);
        var paragraphs = BlankLines().Split(plain.Replace("\r\n", "\n", StringComparison.Ordinal))
            .Select(p => Spaces().Replace(p, " ").Trim())
            .Where(p => p.Length > 0);
        return string.Join("\n", paragraphs);
    }

    private static string Words(string before, string after)
    {
        var model = new InlineDiffBuilder(new Differ()).BuildDiffModel(before, after, ignoreWhitespace: false, ignoreCase: false, new DiffPlex.Chunkers.WordChunker());
        var html = new StringBuilder();
        foreach (var piece in model.Lines)
        {
            var text = WebUtility.HtmlEncode(piece.Text);
            html.Append(piece.Type switch
            {
                ChangeType.Inserted => $"<ins>{text}</ins>",
                ChangeType.Deleted => $"<del>{text}</del>",
                _ => text,
            });
        }

        return html.ToString().Replace("</ins><ins>", "", StringComparison.Ordinal).Replace("</del><del>", "", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"</(p|h[1-6]|li|blockquote|div|tr|pre)>|<br\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockEnd();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\n\s*\n")]
    private static partial Regex BlankLines();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}

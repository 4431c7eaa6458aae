using DiffPlex.DiffBuilder.Model;
using Isoc.Cms.Content;

namespace Isoc.Tests.Unit;

public class TextDiffTests
{
    [Fact]
    public void A_changed_paragraph_marks_the_words_removed_and_added()
    {
        var blocks = TextDiff.Compare("We use cookies only with consent.", "We use analytics cookies only with your consent.");

        var block = Assert.Single(blocks);
        Assert.Equal(ChangeType.Modified, block.Change);
        Assert.Contains("<ins>analytics", block.Html, StringComparison.Ordinal);
        Assert.StartsWith("We use ", block.Html, StringComparison.Ordinal);
        Assert.Matches("<ins>[^<]*your", block.Html);
        Assert.DoesNotContain("<del>", block.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Paragraphs_added_and_removed_are_whole_blocks_and_unchanged_ones_stay_plain()
    {
        var before = "# Privacy\n\nWe keep logs.\n\nWe sell nothing.";
        var after = "# Privacy\n\nWe sell nothing.\n\nWe honour Global Privacy Control.";

        var blocks = TextDiff.Compare(before, after);

        Assert.Contains(blocks, b => b.Change == ChangeType.Unchanged && b.Html == "# Privacy");
        Assert.Contains(blocks, b => b.Change == ChangeType.Deleted && b.Html == "<del>We keep logs.</del>");
        Assert.Contains(blocks, b => b.Change == ChangeType.Inserted && b.Html == "<ins>We honour Global Privacy Control.</ins>");
    }

    [Fact]
    public void Html_is_compared_as_its_text_and_the_result_is_encoded()
    {
        var blocks = TextDiff.Compare("<p>Fish &amp; chips</p><p>Same</p>", "<p>Fish &amp; <script>x</script> peas</p><p>Same</p>");

        Assert.Equal(2, blocks.Count);
        Assert.DoesNotContain("<script>", blocks[0].Html, StringComparison.Ordinal);
        Assert.Contains("&amp;", blocks[0].Html, StringComparison.Ordinal);
        Assert.Equal("Same", blocks[1].Html);
    }
}

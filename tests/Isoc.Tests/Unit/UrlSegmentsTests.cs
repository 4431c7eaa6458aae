using Isoc.Cms.Content;

namespace Isoc.Tests.Unit;

public class UrlSegmentsTests
{
    [Theory]
    [InlineData("Põhja-Ameerika", "pohja-ameerika")]
    [InlineData("Über uns", "uber-uns")]
    [InlineData("  A  &  B  ", "a-b")]
    [InlineData("Straße", "strasse")]
    [InlineData("Privacy Policy", "privacy-policy")]
    [InlineData("Šokolaad ja žürii", "sokolaad-ja-zurii")]
    [InlineData("Ära õpi öösel", "ara-opi-oosel")]
    [InlineData("2025: the year!", "2025-the-year")]
    [InlineData("--Leading and trailing--", "leading-and-trailing")]
    [InlineData("Ærø Øst", "aero-ost")]
    public void FromName_folds_diacritics_and_joins_words_with_one_hyphen(string name, string expected) =>
        Assert.Equal(expected, UrlSegments.FromName(name));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("&&& !!!")]
    public void FromName_of_a_name_without_letters_or_digits_is_empty(string name) =>
        Assert.Equal("", UrlSegments.FromName(name));

    [Fact]
    public void FromName_keeps_letters_of_other_scripts() =>
        Assert.Equal("привет-мир", UrlSegments.FromName("Привет, мир"));
}

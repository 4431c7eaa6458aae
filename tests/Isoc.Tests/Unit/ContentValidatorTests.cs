using Isoc.Cms.Content;
using Isoc.Cms.Data;

namespace Isoc.Tests.Unit;

public class ContentValidatorTests
{
    private const string En = "en-US";
    private const string Et = "et-EE";

    private static ResolvedContentType PageType(bool variesByCulture = true) => new(
        Guid.NewGuid(), "contentPage", "Content page", "icon-document", AllowedAtRoot: false, VariesByCulture: variesByCulture, IsElement: false,
        AllowedChildAliases: [], CompositionAliases: [],
        Properties:
        [
            new PropertyTypeDefinition
            {
                Alias = "bodyText", Name = "Body text", EditorAlias = PropertyEditors.RichText, Mandatory = true,
                MandatoryMessage = "Write the body text.", VariesByCulture = true,
            },
            new PropertyTypeDefinition
            {
                Alias = "code", Name = "Code", EditorAlias = PropertyEditors.TextBox, VariesByCulture = false,
                ValidationRegex = "^[A-Z]{3}$", ValidationRegexMessage = "Three capital letters, like EST.",
            },
            new PropertyTypeDefinition { Alias = "hideFromNav", Name = "Hide", EditorAlias = PropertyEditors.TrueFalse },
            new PropertyTypeDefinition { Alias = "summary", Name = "Summary", EditorAlias = PropertyEditors.TextArea, Mandatory = true, VariesByCulture = true },
        ],
        Groups: []);

    private static Dictionary<string, IReadOnlyDictionary<string, string?>> Values(params (string Alias, string Culture, string? Value)[] values) =>
        values.GroupBy(v => v.Alias).ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, string?>)g.ToDictionary(v => v.Culture, v => v.Value));

    [Fact]
    public void Valid_content_has_no_errors()
    {
        var errors = ContentValidator.Validate(
            PageType(),
            new Dictionary<string, string> { [En] = "About", [Et] = "Meist" },
            Values(("bodyText", En, "<p>Hi</p>"), ("bodyText", Et, "<p>Tere</p>"), ("summary", En, "s"), ("summary", Et, "s"), ("code", "", "EST")),
            [En, Et],
            En);

        Assert.Empty(errors);
    }

    [Fact]
    public void Missing_mandatory_value_gives_the_mandatory_message_for_the_property_and_culture()
    {
        var errors = ContentValidator.Validate(
            PageType(),
            new Dictionary<string, string> { [En] = "About" },
            Values(("summary", En, "s"), ("bodyText", En, "   ")),
            [En],
            En);

        var error = Assert.Single(errors);
        Assert.Equal(new PropertyError("bodyText", En, "Write the body text."), error);
    }

    [Fact]
    public void Mandatory_property_without_a_message_names_the_property()
    {
        var errors = ContentValidator.Validate(
            PageType(),
            new Dictionary<string, string> { [En] = "About" },
            Values(("bodyText", En, "<p>x</p>")),
            [En],
            En);

        var error = Assert.Single(errors);
        Assert.Equal("summary", error.Alias);
        Assert.Equal("Summary is required.", error.Message);
    }

    [Fact]
    public void Value_not_matching_the_regex_gives_the_regex_message()
    {
        var errors = ContentValidator.Validate(
            PageType(),
            new Dictionary<string, string> { [En] = "About" },
            Values(("bodyText", En, "<p>x</p>"), ("summary", En, "s"), ("code", "", "est")),
            [En],
            En);

        Assert.Equal([new PropertyError("code", "", "Three capital letters, like EST.")], errors);
    }

    [Fact]
    public void Errors_are_reported_per_culture_only_where_the_value_is_missing()
    {
        var errors = ContentValidator.Validate(
            PageType(),
            new Dictionary<string, string> { [En] = "About", [Et] = "Meist" },
            Values(("bodyText", En, "<p>Hi</p>"), ("summary", En, "s"), ("summary", Et, "s")),
            [En, Et],
            En);

        var error = Assert.Single(errors);
        Assert.Equal(("bodyText", Et), (error.Alias, error.Culture));
    }

    [Fact]
    public void Only_the_cultures_asked_for_are_validated()
    {
        var errors = ContentValidator.Validate(
            PageType(),
            new Dictionary<string, string> { [En] = "About" },
            Values(("bodyText", En, "<p>Hi</p>"), ("summary", En, "s")),
            [En],
            En);

        Assert.Empty(errors);
    }

    [Fact]
    public void A_missing_name_is_an_error_of_the_name_in_that_culture()
    {
        var errors = ContentValidator.Validate(
            PageType(),
            new Dictionary<string, string> { [En] = "About" },
            Values(("bodyText", En, "x"), ("bodyText", Et, "x"), ("summary", En, "s"), ("summary", Et, "s")),
            [En, Et],
            En);

        Assert.Equal([new PropertyError(ContentValidator.NameAlias, Et, "A name is required.")], errors);
    }

    [Fact]
    public void A_name_without_letters_or_digits_cannot_make_a_url()
    {
        var errors = ContentValidator.Validate(
            PageType(),
            new Dictionary<string, string> { [En] = "!!!" },
            Values(("bodyText", En, "x"), ("summary", En, "s")),
            [En],
            En);

        Assert.Equal(ContentValidator.NameAlias, Assert.Single(errors).Alias);
    }

    [Fact]
    public void An_unknown_property_is_an_error()
    {
        var errors = ContentValidator.Validate(
            PageType(),
            new Dictionary<string, string> { [En] = "About" },
            Values(("bodyText", En, "x"), ("summary", En, "s"), ("colour", "", "red")),
            [En],
            En);

        var error = Assert.Single(errors);
        Assert.Equal("colour", error.Alias);
        Assert.Contains("no property 'colour'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Editor_shape_is_checked_after_mandatory_and_regex()
    {
        var errors = ContentValidator.Validate(
            PageType(),
            new Dictionary<string, string> { [En] = "About" },
            Values(("bodyText", En, "x"), ("summary", En, "s"), ("hideFromNav", "", "maybe")),
            [En],
            En);

        var error = Assert.Single(errors);
        Assert.Equal("hideFromNav", error.Alias);
        Assert.Contains("true or false", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invariant_type_validates_once_with_invariant_values()
    {
        var errors = ContentValidator.Validate(
            PageType(variesByCulture: false),
            new Dictionary<string, string> { [En] = "Settings" },
            Values(("bodyText", "", "x")),
            [En, Et],
            En);

        var error = Assert.Single(errors);
        Assert.Equal(("summary", ""), (error.Alias, error.Culture));
    }
}

using Isoc.Cms.Delivery;

namespace Isoc.Tests.Delivery;

/// <summary>The query syntax of the Delivery API v2 ("fetch", "filter", "sort", "skip", "take", "expand", "fields") as pure parsing.</summary>
public sealed class DeliveryQueryParserTests
{
    [Theory]
    [InlineData("children:/", FetchKind.Children, "/")]
    [InlineData("children:about/", FetchKind.Children, "about/")]
    [InlineData("descendants:e0000000-0000-4000-8000-000000000001", FetchKind.Descendants, "e0000000-0000-4000-8000-000000000001")]
    [InlineData("ancestors:/about/team/", FetchKind.Ancestors, "/about/team/")]
    [InlineData("Children:/", FetchKind.Children, "/")]
    public void Fetch_reads_the_selector_and_its_target(string value, FetchKind kind, string target)
    {
        var result = DeliveryQueryParser.ParseFetch(value);
        Assert.True(result.Ok, result.Error);
        Assert.Equal(new FetchSelector(kind, target), result.Value);
    }

    [Fact]
    public void Fetch_target_that_is_a_guid_is_an_id_and_anything_else_a_path()
    {
        Assert.Equal(Guid.Parse("e0000000-0000-4000-8000-000000000001"), new FetchSelector(FetchKind.Children, "e0000000-0000-4000-8000-000000000001").TargetId);
        Assert.Null(new FetchSelector(FetchKind.Children, "about/").TargetId);
    }

    [Fact]
    public void No_fetch_means_every_item()
    {
        var result = DeliveryQueryParser.ParseFetch(null);
        Assert.True(result.Ok);
        Assert.Null(result.Value);
    }

    [Theory]
    [InlineData("siblings:/", "siblings")]
    [InlineData("children", "needs an id or a path")]
    [InlineData("children:", "needs an id or a path")]
    [InlineData("<script>:/", "<script>")]
    public void Unknown_or_incomplete_fetch_is_an_error_naming_it(string value, string named)
    {
        var result = DeliveryQueryParser.ParseFetch(value);
        Assert.False(result.Ok);
        Assert.Equal("fetch", result.Parameter);
        Assert.Contains(named, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Media_knows_only_children()
    {
        Assert.True(DeliveryQueryParser.ParseFetch("children:/", DeliveryQueryKind.Media).Ok);
        Assert.False(DeliveryQueryParser.ParseFetch("descendants:/", DeliveryQueryKind.Media).Ok);
        Assert.False(DeliveryQueryParser.ParseFilter("contentType:page", DeliveryQueryKind.Media).Ok);
        Assert.True(DeliveryQueryParser.ParseFilter("mediaType:Image", DeliveryQueryKind.Media).Ok);
        Assert.False(DeliveryQueryParser.ParseSorts(["level:asc"], DeliveryQueryKind.Media).Ok);
    }

    [Theory]
    [InlineData("contentType:article", FilterField.ContentType, FilterOperator.Is, "article")]
    [InlineData("contentType:!article", FilterField.ContentType, FilterOperator.IsNot, "article")]
    [InlineData("name:guide", FilterField.Name, FilterOperator.Is, "guide")]
    [InlineData("name:!Getting started, again", FilterField.Name, FilterOperator.IsNot, "Getting started, again")]
    public void Content_type_and_name_filters_are_negatable(string value, FilterField field, FilterOperator op, string first)
    {
        var result = DeliveryQueryParser.ParseFilter(value);
        Assert.True(result.Ok, result.Error);
        Assert.Equal(field, result.Value!.Field);
        Assert.Equal(op, result.Value.Operator);
        Assert.Equal(first, result.Value.Values[0]);
    }

    [Fact]
    public void Content_type_filter_takes_several_aliases()
    {
        var result = DeliveryQueryParser.ParseFilter("contentType:article,page");
        Assert.Equal(["article", "page"], result.Value!.Values);
    }

    [Theory]
    [InlineData("createDate>2023-01-01", FilterField.CreateDate, FilterOperator.GreaterThan)]
    [InlineData("createDate>:2023-01-01", FilterField.CreateDate, FilterOperator.GreaterThanOrEqual)]
    [InlineData("updateDate<2023-01-01", FilterField.UpdateDate, FilterOperator.LessThan)]
    [InlineData("updateDate<:2023-01-01T00:00:00Z", FilterField.UpdateDate, FilterOperator.LessThanOrEqual)]
    public void Date_filters_know_four_operators(string value, FilterField field, FilterOperator op)
    {
        var result = DeliveryQueryParser.ParseFilter(value);
        Assert.True(result.Ok, result.Error);
        Assert.Equal(field, result.Value!.Field);
        Assert.Equal(op, result.Value.Operator);
        Assert.Equal(new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc), result.Value.Date);
    }

    [Theory]
    [InlineData("colour:red", "colour")]
    [InlineData("createDate=2023-01-01", "createDate")]
    [InlineData("createDate>yesterday", "ISO 8601")]
    [InlineData("contentType:", "needs a value")]
    [InlineData("contentType=article", "contentType")]
    public void Unknown_or_malformed_filter_is_an_error_naming_it(string value, string named)
    {
        var result = DeliveryQueryParser.ParseFilters([value]);
        Assert.False(result.Ok);
        Assert.Equal("filter", result.Parameter);
        Assert.Contains(named, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_filters_are_kept_in_order()
    {
        var result = DeliveryQueryParser.ParseFilters(["contentType:article", "createDate>:2023-01-01", "createDate<2024-01-01"]);
        Assert.True(result.Ok, result.Error);
        Assert.Equal([FilterField.ContentType, FilterField.CreateDate, FilterField.CreateDate], result.Value!.Select(f => f.Field));
    }

    [Fact]
    public void Sorts_are_repeatable_and_keep_their_order()
    {
        var result = DeliveryQueryParser.ParseSorts(["name:asc", "createDate:DESC", "level:asc", "sortOrder:desc", "updateDate:asc"]);
        Assert.True(result.Ok, result.Error);
        Assert.Equal(
            [new SortOption(SortField.Name, false), new SortOption(SortField.CreateDate, true), new SortOption(SortField.Level, false), new SortOption(SortField.SortOrder, true), new SortOption(SortField.UpdateDate, false)],
            result.Value);
    }

    [Theory]
    [InlineData("size:asc", "size")]
    [InlineData("name:sideways", "sideways")]
    public void Unknown_sort_field_or_direction_is_an_error_naming_it(string value, string named)
    {
        var result = DeliveryQueryParser.ParseSorts([value]);
        Assert.False(result.Ok);
        Assert.Equal("sort", result.Parameter);
        Assert.Contains(named, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, 0, 10)]
    [InlineData("5", "20", 5, 20)]
    [InlineData("0", "1000", 0, 100)]
    [InlineData("0", "99999999999999999999", 0, 100)]
    public void Paging_defaults_to_ten_and_caps_take_at_the_maximum(string? skip, string? take, int expectedSkip, int expectedTake)
    {
        var result = DeliveryQueryParser.ParsePaging(skip, take, maxTake: 100);
        Assert.True(result.Ok, result.Error);
        Assert.Equal((expectedSkip, expectedTake), result.Value);
    }

    [Theory]
    [InlineData("-1", null, "skip")]
    [InlineData("x", null, "skip")]
    [InlineData(null, "-5", "take")]
    [InlineData(null, "ten", "take")]
    public void Paging_that_is_not_a_whole_number_is_an_error(string? skip, string? take, string parameter)
    {
        var result = DeliveryQueryParser.ParsePaging(skip, take, maxTake: 100);
        Assert.False(result.Ok);
        Assert.Equal(parameter, result.Parameter);
    }

    [Fact]
    public void Expand_all_selects_every_property()
    {
        var result = PropertySelection.Parse("properties[$all]", "expand");
        Assert.True(result.Ok, result.Error);
        Assert.True(result.Value!.All);
        Assert.True(result.Value.Includes("anything"));
    }

    [Fact]
    public void Expand_names_properties_and_nests_their_selection()
    {
        var result = PropertySelection.Parse("properties[coverImage,author[properties[picture,bio]]]", "expand");
        Assert.True(result.Ok, result.Error);
        var selection = result.Value!;
        Assert.False(selection.All);
        Assert.True(selection.Includes("coverImage"));
        Assert.True(selection.Includes("AUTHOR"));
        Assert.False(selection.Includes("title"));
        Assert.Null(selection.Nested("coverImage"));
        var nested = selection.Nested("author")!;
        Assert.True(nested.Includes("picture"));
        Assert.True(nested.Includes("bio"));
        Assert.False(nested.Includes("name"));
    }

    [Fact]
    public void All_with_a_nested_selection_applies_it_to_every_property()
    {
        var selection = PropertySelection.Parse("properties[$all[properties[altText]]]", "expand").Value!;
        Assert.True(selection.All);
        Assert.True(selection.Nested("whatever")!.Includes("altText"));
    }

    [Fact]
    public void Fields_with_empty_brackets_selects_nothing()
    {
        var selection = PropertySelection.Parse("properties[]", "fields").Value!;
        Assert.False(selection.Includes("title"));
    }

    [Theory]
    [InlineData("properties")]
    [InlineData("properties[")]
    [InlineData("properties[a")]
    [InlineData("properties[a,]")]
    [InlineData("props[a]")]
    [InlineData("properties[a]]")]
    [InlineData("properties[$everything]")]
    [InlineData("properties[a[b]]")]
    [InlineData("all")]
    public void Malformed_expand_is_an_error_naming_the_parameter(string value)
    {
        var result = PropertySelection.Parse(value, "expand");
        Assert.False(result.Ok);
        Assert.Equal("expand", result.Parameter);
        Assert.Contains("'expand'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_is_refused_not_a_stack_overflow()
    {
        var value = string.Concat(Enumerable.Repeat("properties[a[", 5000)) + "properties[b]" + new string(']', 10000) + "]";
        var result = PropertySelection.Parse(value, "fields");
        Assert.False(result.Ok);
    }

    [Fact]
    public void Absent_expand_and_fields_are_null_selections()
    {
        Assert.Null(PropertySelection.Parse(null, "expand").Value);
        Assert.Null(PropertySelection.Parse("  ", "fields").Value);
    }

    [Theory]
    [InlineData("about/", null)]
    [InlineData("/about/team/", null)]
    [InlineData("../secret", "..")]
    [InlineData("about/../../x", "..")]
    [InlineData("about\\..\\x", "..")]
    [InlineData("ab\u0000out", "control")]
    [InlineData("ab\nout", "control")]
    public void Paths_with_dot_dot_or_control_characters_are_refused(string path, string? why)
    {
        var error = DeliveryRequestGuard.InvalidPath(path);
        if (why is null)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.Contains(why, error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Api_key_comparison_matches_only_the_exact_configured_key()
    {
        Assert.True(DeliveryApiService.KeyMatches("secret-key-0123456789", "secret-key-0123456789"));
        Assert.False(DeliveryApiService.KeyMatches("secret-key-012345678", "secret-key-0123456789"));
        Assert.False(DeliveryApiService.KeyMatches("SECRET-KEY-0123456789", "secret-key-0123456789"));
        Assert.False(DeliveryApiService.KeyMatches("", ""));
        Assert.False(DeliveryApiService.KeyMatches(null, null));
        Assert.False(DeliveryApiService.KeyMatches("anything", null));
    }

    [Fact]
    public void Options_validation_refuses_a_closed_api_without_a_key()
    {
        var validator = new DeliveryApiOptionsValidator();
        Assert.True(validator.Validate(null, new DeliveryApiOptions { Enabled = true, PublicAccess = false }).Failed);
        Assert.True(validator.Validate(null, new DeliveryApiOptions { Enabled = true, ApiKey = "short" }).Failed);
        Assert.True(validator.Validate(null, new DeliveryApiOptions { Enabled = true, PublicAccess = false, ApiKey = "a-long-enough-key-123" }).Succeeded);
        Assert.True(validator.Validate(null, new DeliveryApiOptions()).Succeeded);
        var zeroCache = new DeliveryApiOptions();
        zeroCache.OutputCache.ContentDuration = TimeSpan.Zero;
        Assert.True(validator.Validate(null, zeroCache).Failed);
    }
}

using Isoc.Plugins.Forms;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Isoc.Tests.Forms;

/// <summary>Every field type, answered well and badly, through the same validation the site runs.</summary>
public sealed class FormPostTests
{
    private const string Xml = """
        <Form Key="0d3f1a52-6f49-4a43-9a55-7b1d0c2e8a11" Alias="everything">
          <Pages>
            <Page>
              <Field Alias="short" Type="shortAnswer" Mandatory="true" MaxLength="10"><Label Culture="en-US">Short</Label></Field>
              <Field Alias="code" Type="shortAnswer"><Pattern>[A-Z]{3}</Pattern><PatternMessage Culture="en-US">Three capitals.</PatternMessage><PatternMessage Culture="et-EE">Kolm suurtähte.</PatternMessage></Field>
              <Field Alias="long" Type="longAnswer" MaxLength="20" />
              <Field Alias="email" Type="email" />
              <Field Alias="date" Type="date" />
              <Field Alias="tick" Type="checkbox" />
              <Field Alias="pick" Type="dropdown"><Options><Option Value="a" /><Option Value="b" /></Options></Field>
              <Field Alias="one" Type="singleChoice"><Options><Option Value="x" /><Option Value="y" /></Options></Field>
              <Field Alias="many" Type="multipleChoice"><Options><Option Value="p" /><Option Value="q" /><Option Value="r" /></Options></Field>
              <Field Alias="secret" Type="hidden"><DefaultValue>server</DefaultValue></Field>
              <Field Alias="agree" Type="consent" Mandatory="true" />
              <Field Alias="heading" Type="titleAndDescription"><Label Culture="en-US">About</Label></Field>
              <Field Alias="more" Type="longAnswer" Mandatory="true"><Condition Field="tick" Value="true" /></Field>
            </Page>
          </Pages>
        </Form>
        """;

    private static readonly FormDefinition Form = FormXml.Parse(Xml, "test");

    private static FormPost Post(Dictionary<string, StringValues> values, string culture = "en-US") =>
        FormPost.Read(Form, culture, new FormCollection(values), new FormsOptions());

    private static Dictionary<string, StringValues> Valid() => new()
    {
        ["short"] = "Tere",
        ["code"] = "ISO",
        ["long"] = "Line one\nline two",
        ["email"] = "mari@example.ee",
        ["date"] = "2026-11-25",
        ["pick"] = "b",
        ["one"] = "y",
        ["many"] = new StringValues(["r", "p"]),
        ["secret"] = "from the browser",
        ["agree"] = "true",
    };

    [Fact]
    public void Valid_answers_of_every_type_are_accepted_as_typed_and_the_hidden_field_keeps_the_servers_value()
    {
        var post = Post(Valid());

        Assert.True(post.IsValid, string.Join("; ", post.Errors.Select(e => $"{e.Key}: {e.Value}")));
        Assert.Equal("Tere", post.Answers["short"]);
        Assert.Equal("2026-11-25", post.Answers["date"]);
        Assert.Equal("false", post.Answers["tick"]);
        Assert.Equal("p,r", string.Join(",", (IEnumerable<string>)post.Answers["many"]));
        Assert.Equal("server", post.Answers["secret"]);
        Assert.False(post.Answers.ContainsKey("more")); // its condition is not met
        Assert.False(post.Answers.ContainsKey("heading"));
    }

    [Theory]
    [InlineData("short", "", "Please fill in this field.")]
    [InlineData("short", "eleven char", "Use at most 10 characters.")]
    [InlineData("short", "two\nlines", "The answer is not in the expected form.")]
    [InlineData("code", "iso", "Three capitals.")]
    [InlineData("long", "twenty-one characters", "Use at most 20 characters.")]
    [InlineData("email", "mari@", "Enter an email address such as name@example.org.")]
    [InlineData("email", "Mari <mari@example.ee>", "Enter an email address such as name@example.org.")]
    [InlineData("date", "25.11.2026", "Enter a date as year-month-day, e.g. 2026-11-25.")]
    [InlineData("date", "2026-02-30", "Enter a date as year-month-day, e.g. 2026-11-25.")]
    [InlineData("tick", "maybe", "Choose one of the options given.")]
    [InlineData("pick", "c", "Choose one of the options given.")]
    [InlineData("one", "z", "Choose one of the options given.")]
    [InlineData("many", "s", "Choose one of the options given.")]
    [InlineData("agree", "", "Please tick the box to agree.")]
    public void A_wrong_answer_gets_its_message_beside_its_field_only(string alias, string value, string message)
    {
        var values = Valid();
        if (value.Length == 0)
        {
            values.Remove(alias);
        }
        else
        {
            values[alias] = value;
        }

        var post = Post(values);

        Assert.Equal(message, Assert.Single(post.Errors, e => e.Key == alias).Value);
        Assert.Single(post.Errors);
        Assert.Equal(value.Length == 0 ? [] : [value], post.Typed.GetValueOrDefault(alias) ?? []);
    }

    [Fact]
    public void Two_values_for_a_one_answer_field_are_refused()
    {
        var values = Valid();
        values["one"] = new StringValues(["x", "y"]);
        values["short"] = new StringValues(["a", "b"]);

        var post = Post(values);

        Assert.Equal(["one", "short"], post.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_condition_shows_its_field_only_when_met_and_then_validates_it_in_the_visitors_language()
    {
        var values = Valid();
        values["tick"] = "true";

        var post = Post(values, "et-EE");

        Assert.Equal("Palun täida see väli.", post.Errors["more"]);
        values["more"] = "Details";
        Assert.True(Post(values).IsValid);
        Assert.Equal("Kolm suurtähte.", Post(new Dictionary<string, StringValues>(Valid()) { ["code"] = "x" }, "et-EE").Errors["code"]);
    }

    [Theory]
    [InlineData("<Form Key=\"x\" Alias=\"a\" />", "Key must be a GUID")]
    [InlineData("<Form Key=\"0d3f1a52-6f49-4a43-9a55-7b1d0c2e8a11\" Alias=\"a\"><Pages><Page><Field Alias=\"f\" Type=\"slider\" /></Page></Pages></Form>", "Type must be one of")]
    [InlineData("<Form Key=\"0d3f1a52-6f49-4a43-9a55-7b1d0c2e8a11\" Alias=\"a\"><Pages><Page><Field Alias=\"f\" Type=\"shortAnswer\"><Condition Field=\"g\" /></Field><Field Alias=\"g\" Type=\"checkbox\" /></Page></Pages></Form>", "not a field earlier in the form")]
    [InlineData("<Form Key=\"0d3f1a52-6f49-4a43-9a55-7b1d0c2e8a11\" Alias=\"a\"><Pages><Page><Field Alias=\"f\" Type=\"shortAnswer\"><Pattern>([a-</Pattern></Field></Page></Pages></Form>", "not a valid regular expression")]
    [InlineData("<Form Key=\"0d3f1a52-6f49-4a43-9a55-7b1d0c2e8a11\" Alias=\"a\"><Pages><Page><Field Alias=\"website_url\" Type=\"shortAnswer\" /></Page></Pages></Form>", "is reserved")]
    [InlineData("<Form Key=\"0d3f1a52-6f49-4a43-9a55-7b1d0c2e8a11\" Alias=\"a\"><Pages><Page><Field Alias=\"f\" Type=\"dropdown\" /></Page></Pages></Form>", "needs options")]
    public void A_broken_definition_is_refused_with_where_and_why(string xml, string problem)
    {
        var error = Assert.Throws<FormDefinitionException>(() => FormXml.Parse(xml, "broken.config"));
        Assert.StartsWith("broken.config(1): ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+31 20", "'+31 20")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("Põhja \"tee\"", "\"Põhja \"\"tee\"\"\"")]
    public void Csv_cells_that_a_spreadsheet_would_run_are_defused(string value, string cell) =>
        Assert.Equal(cell, FormCsv.Escape(value));

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.20.0.1", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("93.184.215.14", true)]
    [InlineData("2606:4700::1111", true)]
    public void Post_to_url_reaches_only_public_addresses(string address, bool isPublic) =>
        Assert.Equal(isPublic, PostToUrlWorkflow.IsPublic(System.Net.IPAddress.Parse(address)));
}

using System.Net;
using System.Text.RegularExpressions;

namespace Isoc.Tests.Infrastructure;

/// <summary>
/// The fields a browser would submit for one form of a page: inputs with their values (checkboxes and radios only
/// when checked), the selected option of each select, and textareas. Enough for the server-rendered backoffice forms.
/// </summary>
public static partial class HtmlForm
{
    /// <summary>The fields of the form whose action is <paramref name="action"/>, in document order; repeated names (checkbox lists) keep every value.</summary>
    public static List<KeyValuePair<string, string>> Fields(string html, string action)
    {
        ArgumentNullException.ThrowIfNull(html);
        var form = FormElement().Matches(html).FirstOrDefault(m => WebUtility.HtmlDecode(m.Groups["action"].Value) == action)
            ?? throw new InvalidOperationException($"The page has no form posting to {action}.");
        var body = form.Groups["body"].Value;
        var fields = new List<KeyValuePair<string, string>>();
        foreach (Match element in Element().Matches(body))
        {
            var tag = element.Groups["tag"].Value.ToLowerInvariant();
            var attributes = element.Groups["attrs"].Value;
            var name = Attribute(attributes, "name");
            if (name is null || Attribute(attributes, "disabled") is not null)
            {
                continue;
            }

            switch (tag)
            {
                case "input":
                    var type = Attribute(attributes, "type") ?? "text";
                    if (type is "checkbox" or "radio" && Attribute(attributes, "checked") is null)
                    {
                        continue;
                    }

                    if (type is "submit" or "button")
                    {
                        continue;
                    }

                    fields.Add(new(name, Attribute(attributes, "value") ?? (type is "checkbox" or "radio" ? "on" : "")));
                    break;
                case "textarea":
                    fields.Add(new(name, WebUtility.HtmlDecode(element.Groups["content"].Value).TrimStart('\r', '\n')));
                    break;
                case "select":
                    var options = OptionElement().Matches(element.Groups["content"].Value).ToList();
                    var selected = options.FirstOrDefault(o => Attribute(o.Groups["attrs"].Value, "selected") is not null) ?? options.FirstOrDefault();
                    fields.Add(new(name, selected is null ? "" : Attribute(selected.Groups["attrs"].Value, "value") ?? WebUtility.HtmlDecode(selected.Groups["text"].Value)));
                    break;
            }
        }

        return fields;
    }

    /// <summary>Replaces the value of a single field (adds it when absent).</summary>
    public static List<KeyValuePair<string, string>> Set(this List<KeyValuePair<string, string>> fields, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var index = fields.FindIndex(f => f.Key == name);
        if (index < 0)
        {
            fields.Add(new(name, value));
        }
        else
        {
            fields[index] = new(name, value);
        }

        return fields;
    }

    public static string? Value(this List<KeyValuePair<string, string>> fields, string name) =>
        fields.FirstOrDefault(f => f.Key == name).Value;

    private static string? Attribute(string attributes, string name)
    {
        var match = Regex.Match(attributes, $@"(?:^|\s){Regex.Escape(name)}(?:=""(?<v>[^""]*)""|(?=[\s/>]|$))", RegexOptions.IgnoreCase);
        return match.Success ? WebUtility.HtmlDecode(match.Groups["v"].Value) : null;
    }

    [GeneratedRegex("""<form\b[^>]*\baction="(?<action>[^"]*)"[^>]*>(?<body>.*?)</form>""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormElement();

    [GeneratedRegex("""<(?<tag>input|textarea|select)\b(?<attrs>[^>]*)>(?:(?<content>.*?)</\k<tag>>)?""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Element();

    [GeneratedRegex("""<option\b(?<attrs>[^>]*)>(?<text>[^<]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex OptionElement();
}

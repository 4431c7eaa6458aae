using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Isoc.Tests.Infrastructure;

/// <summary>
/// The 482 public script-injection payloads (Fixtures/xss) and the rule from their README for judging
/// a sanitised result by what it can do, not by its exact text.
/// </summary>
public static class XssPayloads
{
    private static readonly Lazy<IReadOnlyList<(string List, string Payload)>> LazyAll = new(Load);

    private static readonly string[] ActiveElements =
        ["script", "iframe", "object", "embed", "style", "template", "svg", "math", "form", "base", "meta", "link"];

    private static readonly string[] UriAttributes = ["href", "src", "action", "formaction", "xlink:href", "srcset", "poster"];

    public static IReadOnlyList<(string List, string Payload)> All => LazyAll.Value;

    /// <summary>What in the HTML could run script, or an empty list when nothing can.</summary>
    public static IReadOnlyList<string> ActiveContent(string html)
    {
        var document = new HtmlParser().ParseDocument("<!DOCTYPE html><html><body>" + html + "</body></html>");
        var body = document.Body!;
        var found = new List<string>();
        foreach (var element in body.QuerySelectorAll("*"))
        {
            var name = element.LocalName;
            if (ActiveElements.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                found.Add($"<{name}> element");
            }

            foreach (var attribute in element.Attributes)
            {
                if (attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase))
                {
                    found.Add($"{attribute.Name} attribute on <{name}>");
                }
                else if (UriAttributes.Contains(attribute.Name, StringComparer.OrdinalIgnoreCase) && IsScriptUrl(attribute.Value))
                {
                    found.Add($"{attribute.Name}=\"{attribute.Value}\" on <{name}>");
                }
            }
        }

        return found;
    }

    private static bool IsScriptUrl(string value)
    {
        // Browsers ignore whitespace and control characters inside a scheme ("jav&#x09;ascript:").
        var compact = new string(value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray());
        return compact.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase)
            || compact.StartsWith("vbscript:", StringComparison.OrdinalIgnoreCase)
            || compact.StartsWith("data:text/html", StringComparison.OrdinalIgnoreCase);
    }

    private static List<(string, string)> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "xss", "payloads.json");
        using var stream = File.OpenRead(path);
        using var json = JsonDocument.Parse(stream);
        var all = new List<(string, string)>();
        foreach (var list in json.RootElement.GetProperty("payloads").EnumerateObject())
        {
            all.AddRange(list.Value.EnumerateArray().Select(p => (list.Name, p.GetString()!)));
        }

        return all;
    }
}

using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Isoc.Plugins.Forms;

/// <summary>A form definition that cannot be used; the message says where and why.</summary>
public sealed class FormDefinitionException : Exception
{
    public FormDefinitionException()
    {
    }

    public FormDefinitionException(string message)
        : base(message)
    {
    }

    public FormDefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Reads and writes a form definition in the uSync style (one file per form under uSync/v17/Forms/). The
/// same XML is what the database keeps, so what is exported is exactly what was imported or edited.
/// </summary>
public static partial class FormXml
{
    public const string FolderName = "Forms";
    public static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>Names the form's own inputs use; a field may not take them.</summary>
    public static readonly IReadOnlySet<string> ReservedAliases = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        FormPost.HoneypotName, "__RequestVerificationToken", FormPost.FormAliasName,
    };

    public static FormDefinition Parse(string xml, string source)
    {
        XDocument document;
        try
        {
            document = XDocument.Parse(xml, LoadOptions.SetLineInfo);
        }
        catch (XmlException ex)
        {
            throw new FormDefinitionException($"{source}({ex.LineNumber}): not well-formed XML: {ex.Message}", ex);
        }

        return Parse(document.Root!, source);
    }

    public static FormDefinition Parse(XElement root, string source)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (root.Name.LocalName != "Form")
        {
            throw Error(source, root, "the root element must be <Form>.");
        }

        var key = Guid.TryParse((string?)root.Attribute("Key"), out var parsed) ? parsed : throw Error(source, root, "Key must be a GUID.");
        var alias = (string?)root.Attribute("Alias") ?? throw Error(source, root, "Alias is missing.");
        CheckAlias(source, root, alias, "form");
        var info = root.Element("Info") ?? new XElement("Info");
        var retention = FormDefinition.DefaultRetentionDays;
        if (info.Element("RetentionDays") is { } retentionElement
            && (!int.TryParse(retentionElement.Value, NumberStyles.None, CultureInfo.InvariantCulture, out retention) || retention is < 1 or > 3650))
        {
            throw Error(source, retentionElement, "RetentionDays must be a whole number of days from 1 to 3650.");
        }

        var pages = new List<FormPage>();
        var seen = new Dictionary<string, FormField>(StringComparer.OrdinalIgnoreCase);
        foreach (var pageElement in root.Element("Pages")?.Elements("Page") ?? [])
        {
            var fields = new List<FormField>();
            foreach (var fieldElement in pageElement.Elements("Field"))
            {
                var field = ParseField(source, fieldElement, seen);
                seen[field.Alias] = field;
                fields.Add(field);
            }

            pages.Add(new FormPage(Texts(pageElement, "Caption"), fields));
        }

        if (seen.Count == 0)
        {
            throw Error(source, root, "the form has no fields.");
        }

        var workflows = new List<FormWorkflowSetting>();
        foreach (var workflow in root.Element("Workflows")?.Elements("Workflow") ?? [])
        {
            var workflowAlias = (string?)workflow.Attribute("Alias") ?? throw Error(source, workflow, "a workflow needs an Alias.");
            var settings = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var setting in workflow.Elements("Setting"))
            {
                settings[(string?)setting.Attribute("Key") ?? throw Error(source, setting, "a setting needs a Key.")] = setting.Value;
            }

            workflows.Add(new FormWorkflowSetting(workflowAlias, settings));
        }

        return new FormDefinition
        {
            Key = key,
            Alias = alias,
            Name = Texts(info, "Name"),
            SubmitLabel = Texts(info, "SubmitLabel"),
            ThankYou = Texts(info, "ThankYou"),
            RetentionDays = retention,
            Pages = pages,
            Workflows = workflows,
        };
    }

    private static FormField ParseField(string source, XElement element, Dictionary<string, FormField> earlier)
    {
        var alias = (string?)element.Attribute("Alias") ?? throw Error(source, element, "a field needs an Alias.");
        CheckAlias(source, element, alias, "field");
        if (earlier.ContainsKey(alias))
        {
            throw Error(source, element, $"the field alias '{alias}' is used twice.");
        }

        if (!Enum.TryParse<FormFieldType>((string?)element.Attribute("Type"), ignoreCase: true, out var type) || !Enum.IsDefined(type)
            || int.TryParse((string?)element.Attribute("Type"), out _))
        {
            throw Error(source, element, $"field '{alias}': Type must be one of {string.Join(", ", Enum.GetNames<FormFieldType>().Select(TypeName))}.");
        }

        var pattern = element.Element("Pattern")?.Value;
        if (!string.IsNullOrEmpty(pattern))
        {
            try
            {
                _ = new Regex(pattern, RegexOptions.None, PatternTimeout);
            }
            catch (ArgumentException ex)
            {
                throw Error(source, element, $"field '{alias}': the pattern is not a valid regular expression: {ex.Message}");
            }
        }

        int? maxLength = null;
        if ((string?)element.Attribute("MaxLength") is { } max)
        {
            maxLength = int.TryParse(max, NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m is >= 1 and <= 100_000
                ? m
                : throw Error(source, element, $"field '{alias}': MaxLength must be from 1 to 100000.");
        }

        var options = element.Element("Options")?.Elements("Option")
            .Select(o => new FormOption((string?)o.Attribute("Value") ?? throw Error(source, o, $"field '{alias}': an option needs a Value."), Texts(o, "Label")))
            .ToList() ?? [];
        var field = new FormField
        {
            Alias = alias,
            Type = type,
            Label = Texts(element, "Label"),
            Help = Texts(element, "Help"),
            Mandatory = (bool?)element.Attribute("Mandatory") ?? false,
            MandatoryMessage = Texts(element, "MandatoryMessage"),
            Pattern = string.IsNullOrEmpty(pattern) ? null : pattern,
            PatternMessage = Texts(element, "PatternMessage"),
            MaxLength = maxLength,
            Options = options,
            DefaultValue = element.Element("DefaultValue")?.Value,
            AllowedExtensions = ((string?)element.Attribute("Extensions"))?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(e => e.StartsWith('.') ? e.ToLowerInvariant() : "." + e.ToLowerInvariant()).ToList() ?? [],
            Condition = element.Element("Condition") is { } condition
                ? new FormCondition((string?)condition.Attribute("Field") ?? throw Error(source, condition, $"field '{alias}': a condition needs a Field."), (string?)condition.Attribute("Value"))
                : null,
        };

        if (field.HasOptions && field.Options.Count == 0)
        {
            throw Error(source, element, $"field '{alias}': a {TypeName(type)} needs options.");
        }

        if (field.Options.Select(o => o.Value).Distinct(StringComparer.Ordinal).Count() != field.Options.Count)
        {
            throw Error(source, element, $"field '{alias}': two options have the same value.");
        }

        if (field.Condition is { } c && (!earlier.TryGetValue(c.Field, out var target) || !target.TakesInput))
        {
            throw Error(source, element, $"field '{alias}': the condition names '{c.Field}', which is not a field earlier in the form.");
        }

        return field;
    }

    public static string Write(FormDefinition form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var info = new XElement("Info");
        AddTexts(info, "Name", form.Name);
        AddTexts(info, "SubmitLabel", form.SubmitLabel);
        AddTexts(info, "ThankYou", form.ThankYou);
        info.Add(new XElement("RetentionDays", form.RetentionDays.ToString(CultureInfo.InvariantCulture)));
        var pages = new XElement("Pages");
        foreach (var page in form.Pages)
        {
            var pageElement = new XElement("Page");
            AddTexts(pageElement, "Caption", page.Caption);
            foreach (var field in page.Fields)
            {
                pageElement.Add(WriteField(field));
            }

            pages.Add(pageElement);
        }

        var workflows = new XElement("Workflows", form.Workflows.Select(w =>
            new XElement("Workflow", new XAttribute("Alias", w.Alias), w.Settings.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new XElement("Setting", new XAttribute("Key", s.Key), s.Value)))));
        var root = new XElement("Form", new XAttribute("Key", form.Key.ToString("D")), new XAttribute("Alias", form.Alias), info, pages, workflows);
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root).Declaration + Environment.NewLine + root.ToString();
    }

    private static XElement WriteField(FormField field)
    {
        var element = new XElement("Field", new XAttribute("Alias", field.Alias), new XAttribute("Type", TypeName(field.Type)));
        if (field.Mandatory)
        {
            element.Add(new XAttribute("Mandatory", "true"));
        }

        if (field.MaxLength is { } max)
        {
            element.Add(new XAttribute("MaxLength", max.ToString(CultureInfo.InvariantCulture)));
        }

        if (field.AllowedExtensions.Count > 0)
        {
            element.Add(new XAttribute("Extensions", string.Join(',', field.AllowedExtensions)));
        }

        AddTexts(element, "Label", field.Label);
        AddTexts(element, "Help", field.Help);
        AddTexts(element, "MandatoryMessage", field.MandatoryMessage);
        if (field.Pattern is not null)
        {
            element.Add(new XElement("Pattern", field.Pattern));
        }

        AddTexts(element, "PatternMessage", field.PatternMessage);
        if (field.DefaultValue is not null)
        {
            element.Add(new XElement("DefaultValue", field.DefaultValue));
        }

        if (field.Options.Count > 0)
        {
            element.Add(new XElement("Options", field.Options.Select(o =>
            {
                var option = new XElement("Option", new XAttribute("Value", o.Value));
                AddTexts(option, "Label", o.Label);
                return option;
            })));
        }

        if (field.Condition is { } condition)
        {
            var c = new XElement("Condition", new XAttribute("Field", condition.Field));
            if (condition.Value is not null)
            {
                c.Add(new XAttribute("Value", condition.Value));
            }

            element.Add(c);
        }

        return element;
    }

    /// <summary>"shortAnswer": the camel-case name files use.</summary>
    public static string TypeName(FormFieldType type)
    {
        var name = type.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    public static string TypeName(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private static LocalizedText Texts(XElement parent, string name)
    {
        var texts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var element in parent.Elements(name))
        {
            texts[(string?)element.Attribute("Culture") ?? FormDefinition.DefaultCulture] = element.Value;
        }

        return texts.Count == 0 ? LocalizedText.Empty : new LocalizedText(texts);
    }

    private static void AddTexts(XElement parent, string name, LocalizedText text)
    {
        foreach (var (culture, value) in text.ByCulture.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            parent.Add(new XElement(name, new XAttribute("Culture", culture), value));
        }
    }

    private static void CheckAlias(string source, XElement at, string alias, string what)
    {
        if (!AliasPattern().IsMatch(alias))
        {
            throw Error(source, at, $"the {what} alias '{alias}' must start with a letter and hold only letters, digits and '_' (at most 64).");
        }

        if (what == "field" && ReservedAliases.Contains(alias))
        {
            throw Error(source, at, $"the field alias '{alias}' is reserved.");
        }
    }

    private static FormDefinitionException Error(string source, XElement at, string problem) =>
        new($"{source}({((IXmlLineInfo)at).LineNumber}): {problem}");

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,63}$")]
    private static partial Regex AliasPattern();
}

using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Isoc.Cms.Sync;

/// <summary>The file layout and formatting rules shared by the importer and the exporter.</summary>
internal static class USyncXml
{
    public const string VersionFolder = "v17";
    public const string LanguagesFolder = "Languages";
    public const string DataTypesFolder = "DataTypes";
    public const string ContentTypesFolder = "ContentTypes";
    public const string ContentFolder = "Content";
    public const string Extension = ".config";
    public const string DateFormat = "yyyy-MM-ddTHH:mm:ss";

    public static readonly IReadOnlyList<string> ManagedFolders = [LanguagesFolder, DataTypesFolder, ContentTypesFolder, ContentFolder];

    public static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private static readonly XmlWriterSettings WriterSettings = new()
    {
        Encoding = Utf8,
        Indent = true,
        IndentChars = "  ",
        NewLineChars = "\n",
        NewLineHandling = NewLineHandling.Replace,
        OmitXmlDeclaration = false,
    };

    /// <summary>The bytes of one file: UTF-8 without BOM, XML declaration, two-space indentation, LF newlines, a final newline.</summary>
    public static byte[] Serialize(XElement root)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, WriterSettings))
        {
            new XDocument(root).Save(writer);
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    /// <summary>An element with text, or an empty element (<c>&lt;Name /&gt;</c>) when there is none.</summary>
    public static XElement Text(string name, string? value) =>
        string.IsNullOrEmpty(value) ? new XElement(name) : new XElement(name, value);

    public static XElement CData(string name, string? value) => new(name, new XCData(value ?? ""));

    public static string Bool(bool value) => value ? "true" : "false";

    public static string Date(DateTime value) => value.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A file name from an alias: lower case, letters, digits, '-' and '_' only.</summary>
    public static string FileName(string alias)
    {
        var builder = new StringBuilder(alias.Length);
        foreach (var c in alias.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            {
                builder.Append(c);
            }
        }

        return builder.Length == 0 ? "item" : builder.ToString();
    }
}

/// <summary>One parsed file with helpers that turn a missing or malformed piece into a <see cref="USyncImportException"/> naming the line.</summary>
internal sealed class USyncFile
{
    private USyncFile(string path, XElement root)
    {
        Path = path;
        Root = root;
    }

    public string Path { get; }

    public XElement Root { get; }

    public static USyncFile Load(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var document = XDocument.Load(stream, LoadOptions.SetLineInfo);
            return new USyncFile(path, document.Root ?? throw new USyncImportException(path, 1, "The file has no root element."));
        }
        catch (XmlException ex)
        {
            throw new USyncImportException(path, ex.LineNumber, "Malformed XML: " + ex.Message, ex);
        }
    }

    public static int Line(XObject? node) => node is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 0;

    public USyncImportException Error(XObject? at, string problem) => new(Path, Line(at), problem);

    public void ExpectRoot(string name)
    {
        if (Root.Name.LocalName != name)
        {
            throw Error(Root, $"Expected a <{name}> element but found <{Root.Name.LocalName}>.");
        }
    }

    public XElement Element(XElement parent, string name) =>
        parent.Element(name) ?? throw Error(parent, $"<{parent.Name.LocalName}> has no <{name}> element.");

    public string Attribute(XElement element, string name)
    {
        var attribute = element.Attribute(name) ?? throw Error(element, $"<{element.Name.LocalName}> has no {name} attribute.");
        return attribute.Value;
    }

    public Guid GuidAttribute(XElement element, string name)
    {
        var text = Attribute(element, name);
        return Guid.TryParse(text, out var value) ? value : throw Error(element, $"{name} '{text}' of <{element.Name.LocalName}> is not a GUID.");
    }

    /// <summary>The trimmed text of a required child element.</summary>
    public string Value(XElement parent, string name) => Element(parent, name).Value.Trim();

    /// <summary>The trimmed text of an optional child element; null when it is missing or empty.</summary>
    public static string? OptionalValue(XElement parent, string name) =>
        parent.Element(name)?.Value.Trim() is { Length: > 0 } text ? text : null;

    public string RequiredText(XElement parent, string name)
    {
        var element = Element(parent, name);
        var text = element.Value.Trim();
        return text.Length > 0 ? text : throw Error(element, $"<{name}> is empty.");
    }

    public Guid GuidValue(XElement parent, string name)
    {
        var element = Element(parent, name);
        return ParseGuid(element, element.Value.Trim());
    }

    public Guid ParseGuid(XObject at, string text) =>
        Guid.TryParse(text, out var value) ? value : throw Error(at, $"'{text}' is not a GUID.");

    public bool Bool(XElement parent, string name, bool? fallback = null)
    {
        var element = parent.Element(name);
        if (element is null)
        {
            return fallback ?? throw Error(parent, $"<{parent.Name.LocalName}> has no <{name}> element.");
        }

        return ParseBool(element, element.Value);
    }

    public bool ParseBool(XObject at, string text) =>
        bool.TryParse(text.Trim(), out var value) ? value : throw Error(at, $"'{text}' is not true or false.");

    public int Int(XElement parent, string name, int? fallback = null)
    {
        var element = parent.Element(name);
        if (element is null)
        {
            return fallback ?? throw Error(parent, $"<{parent.Name.LocalName}> has no <{name}> element.");
        }

        return int.TryParse(element.Value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error(element, $"'{element.Value}' is not a whole number.");
    }

    /// <summary>Whether an element says "Culture" (varies) or "Nothing" (invariant).</summary>
    public bool VariesByCulture(XElement parent, string name)
    {
        var element = parent.Element(name);
        return element?.Value.Trim() switch
        {
            null or "" or "Nothing" => false,
            "Culture" or "CultureAndSegment" => true,
            var other => throw Error(element, $"Variations '{other}' is not Culture or Nothing."),
        };
    }
}

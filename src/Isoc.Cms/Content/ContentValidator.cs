using System.Text.RegularExpressions;
using Isoc.Cms.Data;

namespace Isoc.Cms.Content;

/// <summary>Checks names and property values against the document type, per culture.</summary>
public static class ContentValidator
{
    public const string NameAlias = "name";
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>Validates the cultures given (for a save: every culture that has a name; for a publish: the cultures being published).</summary>
    public static IReadOnlyList<PropertyError> Validate(
        ResolvedContentType type,
        IReadOnlyDictionary<string, string> names,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string?>> values,
        IEnumerable<string> cultures,
        string defaultCulture)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(values);
        var errors = new List<PropertyError>();
        var cultureList = type.VariesByCulture ? cultures.Distinct(StringComparer.OrdinalIgnoreCase).ToList() : [defaultCulture];

        foreach (var culture in cultureList)
        {
            var nameCulture = type.VariesByCulture ? culture : "";
            if (!names.TryGetValue(culture, out var name) || string.IsNullOrWhiteSpace(name))
            {
                errors.Add(new PropertyError(NameAlias, nameCulture, "A name is required."));
            }
            else if (name.Length > 255)
            {
                errors.Add(new PropertyError(NameAlias, nameCulture, "The name can be at most 255 characters."));
            }
            else if (UrlSegments.FromName(name).Length == 0)
            {
                errors.Add(new PropertyError(NameAlias, nameCulture, "The name needs at least one letter or digit to make a URL."));
            }
        }

        foreach (var property in type.Properties)
        {
            var propertyCultures = property.VariesByCulture && type.VariesByCulture ? cultureList : [""];
            foreach (var culture in propertyCultures)
            {
                var value = values.TryGetValue(property.Alias, out var byCulture) && byCulture.TryGetValue(culture, out var v) ? v : null;
                ValidateValue(property, culture, value, errors);
            }
        }

        foreach (var alias in values.Keys)
        {
            if (type.GetProperty(alias) is null)
            {
                errors.Add(new PropertyError(alias, "", $"The document type '{type.Alias}' has no property '{alias}'."));
            }
        }

        return errors;
    }

    internal static void ValidateValue(PropertyTypeDefinition property, string culture, string? value, List<PropertyError> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (property.Mandatory)
            {
                errors.Add(new PropertyError(property.Alias, culture, property.MandatoryMessage is { Length: > 0 } m ? m : $"{property.Name} is required."));
            }

            return;
        }

        if (property.ValidationRegex is { Length: > 0 } pattern)
        {
            bool matches;
            try
            {
                matches = Regex.IsMatch(value, pattern, RegexOptions.None, RegexTimeout);
            }
            catch (RegexMatchTimeoutException)
            {
                matches = false;
            }

            if (!matches)
            {
                errors.Add(new PropertyError(property.Alias, culture, property.ValidationRegexMessage is { Length: > 0 } m ? m : $"{property.Name} is not in the expected format."));
                return;
            }
        }

        var editorError = PropertyEditors.Validate(property.EditorAlias, value);
        if (editorError is not null)
        {
            errors.Add(new PropertyError(property.Alias, culture, $"{property.Name}: {editorError}"));
        }
    }
}

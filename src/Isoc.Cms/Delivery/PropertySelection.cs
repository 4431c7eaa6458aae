namespace Isoc.Cms.Delivery;

/// <summary>
/// A parsed "expand" or "fields" value: <c>properties[$all]</c>, <c>properties[a,b]</c> or nested
/// <c>properties[a[properties[c]]]</c>. Each named property may carry the selection for the item it points to.
/// </summary>
public sealed class PropertySelection
{
    private readonly Dictionary<string, PropertySelection?> _properties;

    private PropertySelection(bool all, PropertySelection? allNested, Dictionary<string, PropertySelection?> properties)
    {
        All = all;
        AllNested = allNested;
        _properties = properties;
    }

    /// <summary>Every property: <c>properties[$all]</c>.</summary>
    public static PropertySelection Everything { get; } = new(true, null, new(StringComparer.OrdinalIgnoreCase));

    /// <summary>No property: <c>properties[]</c>.</summary>
    public static PropertySelection Nothing { get; } = new(false, null, new(StringComparer.OrdinalIgnoreCase));

    public bool All { get; }

    /// <summary>The nested selection of <c>$all[properties[…]]</c>.</summary>
    public PropertySelection? AllNested { get; }

    public IReadOnlyDictionary<string, PropertySelection?> Properties => _properties;

    public bool Includes(string alias) => All || _properties.ContainsKey(alias);

    /// <summary>The selection for the item <paramref name="alias"/> points to, or null when none was given.</summary>
    public PropertySelection? Nested(string alias) =>
        _properties.TryGetValue(alias, out var nested) && nested is not null ? nested : (All ? AllNested : null);

    /// <summary>Parses <paramref name="value"/> of the query parameter <paramref name="parameter"/>; null or empty gives a null selection.</summary>
    public static ParseResult<PropertySelection> Parse(string? value, string parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (string.IsNullOrWhiteSpace(value))
        {
            return new ParseResult<PropertySelection>(null, null, null);
        }

        var reader = new Reader(value.Trim());
        var selection = reader.ReadProperties();
        if (selection is null || !reader.AtEnd)
        {
            return new ParseResult<PropertySelection>(default, parameter, $"'{parameter}' must look like properties[$all], properties[alias1,alias2] or properties[alias1[properties[nestedAlias]]]{(reader.Error is { } e ? ": " + e : ".")}");
        }

        return new ParseResult<PropertySelection>(selection, null, null);
    }

    /// <summary>A small recursive-descent reader; depth is bounded so a hostile value cannot overflow the stack.</summary>
    private sealed class Reader(string text)
    {
        private const int MaxDepth = 16;
        private int _position;
        private int _depth;

        public bool AtEnd => _position == text.Length;

        public string? Error { get; private set; }

        public PropertySelection? ReadProperties()
        {
            if (++_depth > MaxDepth)
            {
                return Fail($"nesting deeper than {MaxDepth} levels");
            }

            if (!Expect("properties") || !Expect("["))
            {
                return null;
            }

            var all = false;
            PropertySelection? allNested = null;
            var properties = new Dictionary<string, PropertySelection?>(StringComparer.OrdinalIgnoreCase);
            if (Peek() == ']')
            {
                _position++;
                _depth--;
                return Nothing;
            }

            while (true)
            {
                var alias = ReadAlias();
                if (alias is null)
                {
                    return null;
                }

                PropertySelection? nested = null;
                if (Peek() == '[')
                {
                    _position++;
                    nested = ReadProperties();
                    if (nested is null || !Expect("]"))
                    {
                        return null;
                    }
                }

                if (alias == "$all")
                {
                    all = true;
                    allNested = nested;
                }
                else
                {
                    properties[alias] = nested;
                }

                if (Peek() == ',')
                {
                    _position++;
                    continue;
                }

                if (!Expect("]"))
                {
                    return null;
                }

                _depth--;
                return new PropertySelection(all, allNested, properties);
            }
        }

        private string? ReadAlias()
        {
            SkipSpaces();
            var start = _position;
            if (Peek() == '$')
            {
                _position++;
            }

            while (_position < text.Length && (char.IsAsciiLetterOrDigit(text[_position]) || text[_position] is '_' or '-'))
            {
                _position++;
            }

            var alias = text[start.._position];
            SkipSpaces();
            if (alias.Length == 0 || alias == "$")
            {
                return FailAlias($"a property alias expected at position {start + 1}");
            }

            if (alias.StartsWith('$') && alias != "$all")
            {
                return FailAlias($"'{alias}' is not an operator (only $all is)");
            }

            return alias;
        }

        private char? Peek()
        {
            SkipSpaces();
            return _position < text.Length ? text[_position] : null;
        }

        private bool Expect(string token)
        {
            SkipSpaces();
            if (string.CompareOrdinal(text, _position, token, 0, token.Length) == 0 && _position + token.Length <= text.Length)
            {
                _position += token.Length;
                return true;
            }

            Fail($"'{token}' expected at position {_position + 1}");
            return false;
        }

        private void SkipSpaces()
        {
            while (_position < text.Length && text[_position] == ' ')
            {
                _position++;
            }
        }

        private PropertySelection? Fail(string error)
        {
            Error ??= error;
            return null;
        }

        private string? FailAlias(string error)
        {
            Error ??= error;
            return null;
        }
    }
}

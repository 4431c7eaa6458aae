using System.Globalization;

namespace Isoc.Cms.Delivery;

public enum FetchKind
{
    Children,
    Descendants,
    Ancestors,
}

/// <summary>"children:{id|path}": which items a query starts from. <see cref="Target"/> is a GUID or a route path.</summary>
public sealed record FetchSelector(FetchKind Kind, string Target)
{
    public Guid? TargetId => Guid.TryParseExact(Target, "D", out var id) || Guid.TryParseExact(Target, "N", out id) ? id : null;
}

public enum FilterField
{
    ContentType,
    Name,
    CreateDate,
    UpdateDate,
}

public enum FilterOperator
{
    Is,
    IsNot,
    GreaterThan,
    GreaterThanOrEqual,
    LessThan,
    LessThanOrEqual,
}

/// <summary>One "filter=…" option. <see cref="Values"/> for contentType and name (any of them matches), <see cref="Date"/> for dates (UTC).</summary>
public sealed record QueryFilter(FilterField Field, FilterOperator Operator, IReadOnlyList<string> Values, DateTime Date);

public enum SortField
{
    CreateDate,
    UpdateDate,
    Level,
    Name,
    SortOrder,
}

public sealed record SortOption(SortField Field, bool Descending);

/// <summary>Which endpoint family a query belongs to: media knows fewer options than content.</summary>
public enum DeliveryQueryKind
{
    Content,
    Media,
}

/// <summary>A parsed query string option, or the 400 it earns: the parameter and what is wrong with it.</summary>
public readonly record struct ParseResult<T>(T? Value, string? Parameter, string? Error)
{
    public bool Ok => Error is null;
}

/// <summary>
/// Parses the query options of the Delivery API v2 ("fetch", "filter", "sort", "skip", "take") as Umbraco documents them.
/// Pure: no snapshot, no request; an unknown option is an error naming it, never an exception.
/// </summary>
public static class DeliveryQueryParser
{
    public static ParseResult<FetchSelector> ParseFetch(string? value, DeliveryQueryKind kind = DeliveryQueryKind.Content)
    {
        if (string.IsNullOrEmpty(value))
        {
            return new ParseResult<FetchSelector>(null, null, null);
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? value : value[..colon];
        var target = colon < 0 ? "" : value[(colon + 1)..].Trim();
        FetchKind? fetchKind = name.ToUpperInvariant() switch
        {
            "CHILDREN" => FetchKind.Children,
            "DESCENDANTS" when kind == DeliveryQueryKind.Content => FetchKind.Descendants,
            "ANCESTORS" when kind == DeliveryQueryKind.Content => FetchKind.Ancestors,
            _ => null,
        };
        if (fetchKind is null)
        {
            return new ParseResult<FetchSelector>(default, "fetch", $"The fetch option '{name}' is not supported{(kind == DeliveryQueryKind.Media ? " for media (only 'children')" : "")}. Use children, descendants or ancestors followed by ':' and an id or a path.");
        }

        if (target.Length == 0)
        {
            return new ParseResult<FetchSelector>(default, "fetch", $"The fetch option '{name}' needs an id or a path after ':'.");
        }

        return new ParseResult<FetchSelector>(new FetchSelector(fetchKind.Value, target), null, null);
    }

    public static ParseResult<IReadOnlyList<QueryFilter>> ParseFilters(IEnumerable<string?>? values, DeliveryQueryKind kind = DeliveryQueryKind.Content)
    {
        var filters = new List<QueryFilter>();
        foreach (var value in values ?? [])
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            var result = ParseFilter(value, kind);
            if (!result.Ok)
            {
                return new ParseResult<IReadOnlyList<QueryFilter>>(default, result.Parameter!, result.Error!);
            }

            filters.Add(result.Value!);
        }

        return new ParseResult<IReadOnlyList<QueryFilter>>(filters, null, null);
    }

    public static ParseResult<QueryFilter> ParseFilter(string value, DeliveryQueryKind kind = DeliveryQueryKind.Content)
    {
        ArgumentNullException.ThrowIfNull(value);
        var end = 0;
        while (end < value.Length && char.IsAsciiLetter(value[end]))
        {
            end++;
        }

        var name = value[..end];
        var rest = value[end..];
        var typeFilter = kind == DeliveryQueryKind.Media ? "MEDIATYPE" : "CONTENTTYPE";
        var upper = name.ToUpperInvariant();
        if (upper == typeFilter || upper == "NAME")
        {
            if (!rest.StartsWith(':'))
            {
                return new ParseResult<QueryFilter>(default, "filter", $"The filter '{name}' takes ':' and a value, e.g. {name}:value or {name}:!value.");
            }

            var text = rest[1..];
            var negate = text.StartsWith('!');
            if (negate)
            {
                text = text[1..];
            }

            var items = upper == "NAME"
                ? [text.Trim()]
                : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (items.Length == 0 || items.Any(i => i.Length == 0))
            {
                return new ParseResult<QueryFilter>(default, "filter", $"The filter '{name}' needs a value.");
            }

            var field = upper == "NAME" ? FilterField.Name : FilterField.ContentType;
            return new ParseResult<QueryFilter>(new QueryFilter(field, negate ? FilterOperator.IsNot : FilterOperator.Is, items, default), null, null);
        }

        if (upper is "CREATEDATE" or "UPDATEDATE")
        {
            var (op, length) =
                rest.StartsWith(">:", StringComparison.Ordinal) ? (FilterOperator.GreaterThanOrEqual, 2)
                : rest.StartsWith("<:", StringComparison.Ordinal) ? (FilterOperator.LessThanOrEqual, 2)
                : rest.StartsWith('>') ? (FilterOperator.GreaterThan, 1)
                : rest.StartsWith('<') ? (FilterOperator.LessThan, 1)
                : (FilterOperator.Is, 0);
            if (length == 0)
            {
                return new ParseResult<QueryFilter>(default, "filter", $"The filter '{name}' takes one of >, >:, < or <: and a date, e.g. {name}>2023-01-01.");
            }

            if (!DateTime.TryParse(rest[length..], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date))
            {
                return new ParseResult<QueryFilter>(default, "filter", $"The filter '{name}' needs an ISO 8601 date, e.g. 2023-01-01 or 2023-01-01T12:00:00Z.");
            }

            var field = upper == "CREATEDATE" ? FilterField.CreateDate : FilterField.UpdateDate;
            return new ParseResult<QueryFilter>(new QueryFilter(field, op, [], date), null, null);
        }

        var known = kind == DeliveryQueryKind.Media ? "mediaType, name, createDate, updateDate" : "contentType, name, createDate, updateDate";
        return new ParseResult<QueryFilter>(default, "filter", $"The filter option '{(name.Length > 0 ? name : value)}' is not supported. Use one of: {known}.");
    }

    public static ParseResult<IReadOnlyList<SortOption>> ParseSorts(IEnumerable<string?>? values, DeliveryQueryKind kind = DeliveryQueryKind.Content)
    {
        var sorts = new List<SortOption>();
        foreach (var value in values ?? [])
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            var colon = value.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? value : value[..colon];
            var direction = colon < 0 ? "asc" : value[(colon + 1)..].Trim();
            SortField? field = name.Trim().ToUpperInvariant() switch
            {
                "CREATEDATE" => SortField.CreateDate,
                "UPDATEDATE" => SortField.UpdateDate,
                "LEVEL" when kind == DeliveryQueryKind.Content => SortField.Level,
                "NAME" => SortField.Name,
                "SORTORDER" => SortField.SortOrder,
                _ => null,
            };
            if (field is null)
            {
                var known = kind == DeliveryQueryKind.Media ? "createDate, name, sortOrder, updateDate" : "createDate, level, name, sortOrder, updateDate";
                return new ParseResult<IReadOnlyList<SortOption>>(default, "sort", $"The sort option '{name}' is not supported. Use one of: {known}, followed by :asc or :desc.");
            }

            bool descending;
            if (string.Equals(direction, "asc", StringComparison.OrdinalIgnoreCase))
            {
                descending = false;
            }
            else if (string.Equals(direction, "desc", StringComparison.OrdinalIgnoreCase))
            {
                descending = true;
            }
            else
            {
                return new ParseResult<IReadOnlyList<SortOption>>(default, "sort", $"The sort direction '{direction}' of '{name}' is not supported. Use asc or desc.");
            }

            sorts.Add(new SortOption(field.Value, descending));
        }

        return new ParseResult<IReadOnlyList<SortOption>>(sorts, null, null);
    }

    /// <summary>"skip" and "take": non-negative integers; a take over <paramref name="maxTake"/> is capped to it.</summary>
    public static ParseResult<(int Skip, int Take)> ParsePaging(string? skip, string? take, int maxTake, int defaultTake = 10)
    {
        var skipValue = 0;
        if (!string.IsNullOrEmpty(skip) && (!int.TryParse(skip, NumberStyles.None, CultureInfo.InvariantCulture, out skipValue)))
        {
            return new ParseResult<(int, int)>(default, "skip", $"'skip' must be a whole number of zero or more, not '{skip}'.");
        }

        var takeValue = Math.Min(defaultTake, maxTake);
        if (!string.IsNullOrEmpty(take))
        {
            if (!int.TryParse(take, NumberStyles.None, CultureInfo.InvariantCulture, out takeValue))
            {
                if (take.Length > 0 && take.All(char.IsAsciiDigit))
                {
                    takeValue = maxTake; // a number too large for an int is still just "a lot": capped
                }
                else
                {
                    return new ParseResult<(int, int)>(default, "take", $"'take' must be a whole number of zero or more, not '{take}'.");
                }
            }

            takeValue = Math.Min(takeValue, maxTake);
        }

        return new ParseResult<(int, int)>((skipValue, takeValue), null, null);
    }
}

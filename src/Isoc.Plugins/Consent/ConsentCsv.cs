using System.Globalization;
using System.Text;

namespace Isoc.Plugins.Consent;

/// <summary>
/// Consent records as CSV (RFC 4180). A field that a spreadsheet would read as a formula (starting with
/// =, +, -, @, a tab or a carriage return) gets a leading apostrophe, so an export opened in Excel or
/// LibreOffice never runs anything.
/// </summary>
public static class ConsentCsv
{
    public static readonly IReadOnlyList<string> Header =
        ["id", "consent_id", "recorded_at_utc", "source", "revision", "policy_version", "granted", "denied", "culture", "user_agent_family"];

    public static string Row(ConsentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Line(
        [
            record.Id.ToString(CultureInfo.InvariantCulture),
            record.ConsentId.ToString("D"),
            record.RecordedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            record.Source.ToString().ToLowerInvariant(),
            record.Revision.ToString(CultureInfo.InvariantCulture),
            record.PolicyVersion,
            record.Granted,
            record.Denied,
            record.Culture,
            record.UserAgentFamily,
        ]);
    }

    public static string Line(IEnumerable<string?> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return string.Join(',', fields.Select(Escape)) + "\r\n";
    }

    public static string Escape(string? field)
    {
        if (string.IsNullOrEmpty(field))
        {
            return string.Empty;
        }

        if (field[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            field = "'" + field;
        }

        if (field.AsSpan().IndexOfAny("\",\r\n") < 0)
        {
            return field;
        }

        var quoted = new StringBuilder(field.Length + 2).Append('"');
        quoted.Append(field.Replace("\"", "\"\"", StringComparison.Ordinal));
        return quoted.Append('"').ToString();
    }
}

using System.Globalization;

namespace Isoc.Plugins.Consent;

/// <summary>
/// The consent cookie's value: "1.{revision}.{categories}.{consent id}.{unix seconds}", e.g.
/// "1.3.preferences_analytics.5f0c…e1.1767225600" or "1.3.none.…". Only unreserved characters, so no
/// encoding layer can change it. Parsing is strict: anything malformed or tampered with is "no choice",
/// never an exception, because the value comes from the visitor.
/// </summary>
public static class ConsentCookie
{
    public const string FormatVersion = "1";
    public const int MaxLength = 200;
    private const string None = "none";
    private const char Separator = '.';
    private const char ListSeparator = '_';

    /// <summary>Year 9999: anything beyond is not a time this site wrote.</summary>
    private const long MaxUnixSeconds = 253402300799;

    public static string Serialize(ConsentChoice choice)
    {
        ArgumentNullException.ThrowIfNull(choice);
        var granted = ConsentCategories.Optional.Where(choice.Granted.Contains).Select(c => c.Name()).ToList();
        return string.Join(
            Separator,
            FormatVersion,
            choice.Revision.ToString(CultureInfo.InvariantCulture),
            granted.Count == 0 ? None : string.Join(ListSeparator, granted),
            choice.ConsentId.ToString("N"),
            choice.ChosenAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The choice in a cookie value, or null when there is none or it is not one this site wrote.</summary>
    public static ConsentChoice? Parse(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return null;
        }

        var parts = value.Split(Separator);
        if (parts.Length != 5 || parts[0] != FormatVersion)
        {
            return null;
        }

        if (!IsDigits(parts[1]) || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var revision) || revision < 1)
        {
            return null;
        }

        var granted = new HashSet<ConsentCategory>();
        if (parts[2] != None)
        {
            foreach (var name in parts[2].Split(ListSeparator))
            {
                // Necessary is never listed, and a name twice is not something this site writes.
                if (!ConsentCategories.TryParse(name, out var category) || category == ConsentCategory.Necessary || !granted.Add(category))
                {
                    return null;
                }
            }
        }

        if (parts[3].Length != 32 || !Guid.TryParseExact(parts[3], "N", out var consentId) || consentId == Guid.Empty)
        {
            return null;
        }

        if (!IsDigits(parts[4]) || !long.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > MaxUnixSeconds)
        {
            return null;
        }

        return new ConsentChoice(granted, revision, consentId, DateTimeOffset.FromUnixTimeSeconds(seconds));
    }

    private static bool IsDigits(string s) => s.Length is > 0 and <= 19 && s.All(char.IsAsciiDigit);
}

using System.Globalization;
using System.Text;

namespace Isoc.Cms.Content;

/// <summary>Turns a node name into the URL segment that addresses it.</summary>
public static class UrlSegments
{
    // Letters that Unicode does not decompose into a base letter plus a mark.
    private static readonly Dictionary<char, string> Transliterations = new()
    {
        ['ß'] = "ss", ['æ'] = "ae", ['ø'] = "o", ['œ'] = "oe", ['ł'] = "l", ['đ'] = "d", ['ð'] = "d", ['þ'] = "th", ['ı'] = "i",
    };

    /// <summary>Lower case, diacritics folded, anything else between words becomes one hyphen: "Põhja-Ameerika" gives "pohja-ameerika".</summary>
    public static string FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var decomposed = name.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingHyphen = false;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            string? piece = null;
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                piece = c.ToString();
            }
            else if (Transliterations.TryGetValue(c, out var replacement))
            {
                piece = replacement;
            }
            else if (char.IsLetterOrDigit(c))
            {
                // Letters of other scripts stay as they are; browsers percent-encode them.
                piece = c.ToString();
            }

            if (piece is null)
            {
                pendingHyphen = builder.Length > 0;
                continue;
            }

            if (pendingHyphen)
            {
                builder.Append('-');
                pendingHyphen = false;
            }

            builder.Append(piece);
        }

        return builder.ToString();
    }
}

namespace Isoc.Plugins.Consent;

/// <summary>What the visitor pressed.</summary>
public enum ConsentAction
{
    AcceptAll,
    RejectAll,

    /// <summary>Save the categories ticked in the form.</summary>
    Save,

    /// <summary>Open the categories (the no-JavaScript path: back to the page with the settings open). Records nothing.</summary>
    Choose,
}

/// <summary>The rules that turn a button press into a choice and its record, apart from HTTP so they can be tested alone.</summary>
public static class ConsentDecision
{
    public static bool TryParseAction(string? value, out ConsentAction action)
    {
        action = value switch
        {
            "accept-all" => ConsentAction.AcceptAll,
            "reject-all" => ConsentAction.RejectAll,
            "save" => ConsentAction.Save,
            "choose" => ConsentAction.Choose,
            _ => (ConsentAction)(-1),
        };
        return Enum.IsDefined(action);
    }

    /// <summary>The categories granted by a press; analytics is never granted under Global Privacy Control.</summary>
    public static HashSet<ConsentCategory> Granted(ConsentAction action, IEnumerable<string> ticked, bool gpc)
    {
        ArgumentNullException.ThrowIfNull(ticked);
        var granted = action switch
        {
            ConsentAction.AcceptAll => ConsentCategories.Optional.ToHashSet(),
            ConsentAction.Save => ticked
                .Select(name => ConsentCategories.TryParse(name, out var c) ? c : ConsentCategory.Necessary)
                .Where(c => c != ConsentCategory.Necessary)
                .ToHashSet(),
            _ => [],
        };
        if (gpc)
        {
            granted.Remove(ConsentCategory.Analytics);
        }

        return granted;
    }

    /// <summary>
    /// Where the choice came from: GPC when the browser sent it; a withdrawal when a category allowed before
    /// (under the current revision) is now refused; settings when made from the reopened settings; else the banner.
    /// </summary>
    public static ConsentSource Source(bool fromSettings, bool gpc, ConsentChoice? previous, IReadOnlySet<ConsentCategory> granted)
    {
        ArgumentNullException.ThrowIfNull(granted);
        if (gpc)
        {
            return ConsentSource.Gpc;
        }

        if (previous is not null && previous.Granted.Any(c => !granted.Contains(c)))
        {
            return ConsentSource.Withdrawal;
        }

        return fromSettings ? ConsentSource.Settings : ConsentSource.Banner;
    }

    /// <summary>
    /// A return address that stays on this site: a path starting with one "/" (not "//" or "/\", which browsers
    /// read as another host), without control characters; anything else becomes "/".
    /// </summary>
    public static string LocalReturnUrl(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl.Length > 2000 || returnUrl[0] != '/')
        {
            return "/";
        }

        if (returnUrl.Length > 1 && (returnUrl[1] == '/' || returnUrl[1] == '\\'))
        {
            return "/";
        }

        return returnUrl.Any(c => char.IsControl(c) || c == '\\') ? "/" : HeaderSafe(returnUrl);
    }

    /// <summary>
    /// Percent-encodes what may not stand in a Location header or a URL as is (non-ASCII, spaces, quotes,
    /// angle brackets): the address still means the same page, and no header or markup can be broken out of.
    /// </summary>
    private static string HeaderSafe(string url)
    {
        var builder = new System.Text.StringBuilder(url.Length);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in url.EnumerateRunes())
        {
            if (rune.Value is > 0x20 and < 0x7F && rune.Value is not ('"' or '<' or '>' or '`' or '{' or '}' or '|' or '^'))
            {
                builder.Append((char)rune.Value);
                continue;
            }

            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>The same page with the cookie settings open, at the banner.</summary>
    public static string SettingsUrl(string localUrl)
    {
        ArgumentNullException.ThrowIfNull(localUrl);
        var withoutFragment = localUrl.Split('#')[0];
        return withoutFragment + (withoutFragment.Contains('?', StringComparison.Ordinal) ? "&" : "?") + ConsentOptions.SettingsQueryKey + "#consent";
    }
}

namespace Isoc.Plugins.Consent;

/// <summary>What a visitor can allow. Necessary is always on; the others are off until the visitor says yes.</summary>
public enum ConsentCategory
{
    Necessary,
    Preferences,
    Analytics,
}

public static class ConsentCategories
{
    /// <summary>Every category, in the order the banner lists them.</summary>
    public static IReadOnlyList<ConsentCategory> All { get; } = [ConsentCategory.Necessary, ConsentCategory.Preferences, ConsentCategory.Analytics];

    /// <summary>The categories a visitor chooses; necessary is not a choice.</summary>
    public static IReadOnlyList<ConsentCategory> Optional { get; } = [ConsentCategory.Preferences, ConsentCategory.Analytics];

    /// <summary>The name used in the cookie, the form, the records and the CSV: "necessary", "preferences", "analytics".</summary>
    public static string Name(this ConsentCategory category) => category switch
    {
        ConsentCategory.Necessary => "necessary",
        ConsentCategory.Preferences => "preferences",
        ConsentCategory.Analytics => "analytics",
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, null),
    };

    public static bool TryParse(string? name, out ConsentCategory category)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name(), name, StringComparison.Ordinal))
            {
                category = candidate;
                return true;
            }
        }

        category = default;
        return false;
    }
}

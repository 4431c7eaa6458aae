using System.Globalization;

namespace Isoc.Plugins.Policies;

/// <summary>The Policies plugin's words on the site, in English and Estonian.</summary>
public sealed record PolicyWords(
    string EffectiveDate,
    string ChangeSummary,
    string EarlierVersions,
    string NoEarlierVersions,
    string VersionTitle,
    string CurrentVersionLink,
    string CompareTitle,
    string CompareHeading,
    string CompareFrom,
    string CompareTo,
    string CompareButton,
    string CompareLink,
    string NoDifferences,
    string Added,
    string Removed,
    string UpdatedNotice,
    string UpdatedNoticeWithSummary,
    string UpcomingNotice,
    string UpcomingNoticeWithSummary,
    string SeeWhatChanged,
    string SeeWhatChanges,
    string NotInThisLanguage,
    string Material,
    string Corrected)
{
    public static PolicyWords English { get; } = new(
        EffectiveDate: "Effective date",
        ChangeSummary: "What changed",
        EarlierVersions: "Earlier versions",
        NoEarlierVersions: "This is the first version of the policy.",
        VersionTitle: "Version of {0}",
        CurrentVersionLink: "Read the current policy",
        CompareTitle: "Changes from {0} to {1}",
        CompareHeading: "Compare two versions",
        CompareFrom: "Older version",
        CompareTo: "Newer version",
        CompareButton: "Compare",
        CompareLink: "Compare with the previous version",
        NoDifferences: "The two versions have the same text.",
        Added: "added",
        Removed: "removed",
        UpdatedNotice: "We updated our privacy policy on {0}.",
        UpdatedNoticeWithSummary: "We updated our privacy policy on {0}: {1}",
        UpcomingNotice: "Our privacy policy changes; the new version takes effect on {0}.",
        UpcomingNoticeWithSummary: "Our privacy policy changes; the new version takes effect on {0}: {1}",
        SeeWhatChanged: "See what changed.",
        SeeWhatChanges: "See what changes.",
        NotInThisLanguage: "This version was not published in this language; it is shown in the language it was published in.",
        Material: "A material change",
        Corrected: "Corrected on {0}");

    public static PolicyWords Estonian { get; } = new(
        EffectiveDate: "Kehtib alates",
        ChangeSummary: "Mis muutus",
        EarlierVersions: "Varasemad versioonid",
        NoEarlierVersions: "See on poliitika esimene versioon.",
        VersionTitle: "Versioon {0}",
        CurrentVersionLink: "Loe kehtivat poliitikat",
        CompareTitle: "Muudatused {0} kuni {1}",
        CompareHeading: "Võrdle kahte versiooni",
        CompareFrom: "Vanem versioon",
        CompareTo: "Uuem versioon",
        CompareButton: "Võrdle",
        CompareLink: "Võrdle eelmise versiooniga",
        NoDifferences: "Kahe versiooni tekst on sama.",
        Added: "lisatud",
        Removed: "eemaldatud",
        UpdatedNotice: "Uuendasime oma privaatsuspoliitikat {0}.",
        UpdatedNoticeWithSummary: "Uuendasime oma privaatsuspoliitikat {0}: {1}",
        UpcomingNotice: "Meie privaatsuspoliitika muutub; uus versioon jõustub {0}.",
        UpcomingNoticeWithSummary: "Meie privaatsuspoliitika muutub; uus versioon jõustub {0}: {1}",
        SeeWhatChanged: "Vaata, mis muutus.",
        SeeWhatChanges: "Vaata, mis muutub.",
        NotInThisLanguage: "Seda versiooni ei avaldatud eesti keeles; see on näidatud keeles, milles see avaldati.",
        Material: "Oluline muudatus",
        Corrected: "Parandatud {0}");

    public static PolicyWords For(string culture) => IsEstonian(culture) ? Estonian : English;

    /// <summary>A date as the culture writes it: "15 December 2011", "15. detsember 2011".</summary>
    public static string FormatDate(DateOnly date, string culture) =>
        date.ToString(IsEstonian(culture) ? "d. MMMM yyyy" : "d MMMM yyyy", CultureInfo.GetCultureInfo(culture));

    public static string Format(string pattern, params object[] values) => string.Format(CultureInfo.InvariantCulture, pattern, values);

    private static bool IsEstonian(string culture) => culture.StartsWith("et", StringComparison.OrdinalIgnoreCase);
}

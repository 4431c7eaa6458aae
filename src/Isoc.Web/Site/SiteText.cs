using System.Globalization;

namespace Isoc.Web.Site;

/// <summary>
/// The words of the site's frame (skip link, navigation labels, 404 page) per language. Content comes
/// from editors; these few strings belong to the templates, so they live beside them.
/// </summary>
public sealed record SiteText(
    string LanguageName,
    string SkipToContent,
    string MainNavigation,
    string LanguageNavigation,
    string Breadcrumbs,
    string Home,
    string NotFoundTitle,
    string NotFoundMessage,
    string BackHome,
    string EffectiveDate,
    string ChangeSummary,
    string FooterNote,
    string PrivacyPolicy,
    string Notices)
{
    public static SiteText English { get; } = new(
        LanguageName: "English",
        SkipToContent: "Skip to content",
        MainNavigation: "Main",
        LanguageNavigation: "Language",
        Breadcrumbs: "Breadcrumbs",
        Home: "Home",
        NotFoundTitle: "Page not found",
        NotFoundMessage: "There is no page at this address. It may have been moved, or it is not available in this language.",
        BackHome: "Go to the home page",
        EffectiveDate: "Effective date",
        ChangeSummary: "What changed",
        FooterNote: "The Internet Society is a non-profit organisation working for an open, globally connected, secure and trustworthy Internet.",
        PrivacyPolicy: "Privacy policy",
        Notices: "Notices");

    public static SiteText Estonian { get; } = new(
        LanguageName: "Eesti",
        SkipToContent: "Liigu sisu juurde",
        MainNavigation: "Peamenüü",
        LanguageNavigation: "Keel",
        Breadcrumbs: "Asukoht",
        Home: "Avaleht",
        NotFoundTitle: "Lehte ei leitud",
        NotFoundMessage: "Sellel aadressil lehte ei ole. See võib olla teisaldatud või pole selles keeles saadaval.",
        BackHome: "Mine avalehele",
        EffectiveDate: "Kehtib alates",
        ChangeSummary: "Mis muutus",
        FooterNote: "Internetiühing on mittetulunduslik organisatsioon avatud, üleilmselt ühendatud, turvalise ja usaldusväärse Interneti eest.",
        PrivacyPolicy: "Privaatsuspoliitika",
        Notices: "Teated");

    public static SiteText For(string culture) =>
        SiteUrls.Language(culture) == "et" ? Estonian : English;

    /// <summary>A date as people of the culture write it: "15 December 2011", "15. detsember 2011".</summary>
    public static string FormatDate(DateTime date, string culture)
    {
        var info = CultureInfo.GetCultureInfo(culture);
        var pattern = SiteUrls.Language(culture) == "et" ? "d. MMMM yyyy" : "d MMMM yyyy";
        return date.ToString(pattern, info);
    }
}

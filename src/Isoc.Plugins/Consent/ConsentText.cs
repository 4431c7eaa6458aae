namespace Isoc.Plugins.Consent;

/// <summary>The banner's and the settings' words, in English and Estonian.</summary>
public sealed record ConsentText(
    string Heading,
    string SettingsHeading,
    string Intro,
    string PolicyLink,
    string RevisionChanged,
    string GpcNotice,
    string CategoriesLegend,
    string NecessaryName,
    string NecessaryDescription,
    string PreferencesName,
    string PreferencesDescription,
    string AnalyticsName,
    string AnalyticsDescription,
    string AlwaysOn,
    string AcceptAll,
    string RejectAll,
    string Choose,
    string Save,
    string Saved,
    string CookieSettings)
{
    public static ConsentText English { get; } = new(
        Heading: "Cookies on this site",
        SettingsHeading: "Cookie settings",
        Intro: "We use cookies that the site needs to work. With your permission we also remember your preferences and count visits to improve the site. Nothing is on until you choose, and you can change your mind at any time under \u201cCookie settings\u201d at the bottom of every page.",
        PolicyLink: "Read our privacy policy",
        RevisionChanged: "Our use of cookies has changed since you last chose, so we ask again.",
        GpcNotice: "Your browser sends a Global Privacy Control signal, so analytics stays off whatever you choose here.",
        CategoriesLegend: "Choose which cookies we may use",
        NecessaryName: "Necessary",
        NecessaryDescription: "Keep the site secure and remember this choice. Always on.",
        PreferencesName: "Preferences",
        PreferencesDescription: "Remember settings such as your language.",
        AnalyticsName: "Analytics",
        AnalyticsDescription: "Count page views so we can see what is read and improve the site.",
        AlwaysOn: "always on",
        AcceptAll: "Accept all",
        RejectAll: "Reject all",
        Choose: "Choose",
        Save: "Save my choices",
        Saved: "Your cookie choice is saved. You can change it any time under \u201cCookie settings\u201d at the bottom of the page.",
        CookieSettings: "Cookie settings");

    public static ConsentText Estonian { get; } = new(
        Heading: "Küpsised sellel saidil",
        SettingsHeading: "Küpsiste seaded",
        Intro: "Kasutame küpsiseid, mida sait vajab toimimiseks. Sinu loal jätame meelde ka sinu eelistused ja loendame külastusi, et saiti paremaks teha. Midagi ei lülitata sisse enne sinu valikut ja saad meelt muuta igal ajal iga lehe allosas olevast lingist \u201eKüpsiste seaded\u201c.",
        PolicyLink: "Loe meie privaatsuspoliitikat",
        RevisionChanged: "Meie küpsiste kasutus on pärast sinu viimast valikut muutunud, seepärast küsime uuesti.",
        GpcNotice: "Sinu brauser saadab Global Privacy Control signaali, seega jääb analüütika välja lülitatuks, ükskõik mida siin valid.",
        CategoriesLegend: "Vali, milliseid küpsiseid võime kasutada",
        NecessaryName: "Vajalikud",
        NecessaryDescription: "Hoiavad saidi turvalisena ja jätavad selle valiku meelde. Alati sees.",
        PreferencesName: "Eelistused",
        PreferencesDescription: "Jätavad meelde seaded, näiteks sinu keele.",
        AnalyticsName: "Analüütika",
        AnalyticsDescription: "Loendavad lehevaatamisi, et näeksime, mida loetakse, ja saaksime saiti parandada.",
        AlwaysOn: "alati sees",
        AcceptAll: "Nõustu kõigiga",
        RejectAll: "Keeldu kõigist",
        Choose: "Vali",
        Save: "Salvesta valik",
        Saved: "Sinu küpsiste valik on salvestatud. Saad seda muuta igal ajal lehe allosas olevast lingist \u201eKüpsiste seaded\u201c.",
        CookieSettings: "Küpsiste seaded");

    /// <summary>Estonian for "et-EE" (or "et"), English for anything else.</summary>
    public static ConsentText For(string? culture) =>
        culture is not null && (culture.Equals("et", StringComparison.OrdinalIgnoreCase) || culture.StartsWith("et-", StringComparison.OrdinalIgnoreCase))
            ? Estonian
            : English;

    public string CategoryName(ConsentCategory category) => category switch
    {
        ConsentCategory.Necessary => NecessaryName,
        ConsentCategory.Preferences => PreferencesName,
        _ => AnalyticsName,
    };

    public string CategoryDescription(ConsentCategory category) => category switch
    {
        ConsentCategory.Necessary => NecessaryDescription,
        ConsentCategory.Preferences => PreferencesDescription,
        _ => AnalyticsDescription,
    };
}

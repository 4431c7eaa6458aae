using System.Globalization;

namespace Isoc.Plugins.Forms;

/// <summary>The forms engine's own words (what a definition does not say itself), in English and Estonian.</summary>
public sealed record FormText
{
    public static readonly FormText English = new()
    {
        Submit = "Send",
        Required = "(required)",
        RequiredMessage = "Please fill in this field.",
        ErrorSummary = "Please correct the marked fields and send the form again.",
        InvalidEmail = "Enter an email address such as name@example.org.",
        InvalidDate = "Enter a date as year-month-day, e.g. 2026-11-25.",
        InvalidChoice = "Choose one of the options given.",
        TooLongFormat = "Use at most {0} characters.",
        PatternMessage = "The answer is not in the expected form.",
        ConsentRequired = "Please tick the box to agree.",
        FileTooLargeFormat = "The file is larger than {0} MB.",
        FileTypeFormat = "Files of this type are not accepted; use {0}.",
        Expired = "The form had expired. Check your answers and send it again.",
        TooLarge = "The form was too large to accept. Send smaller files or shorter answers.",
        ThankYou = "Thank you. Your answers have been received.",
        PolicyLink = "Read the privacy policy",
        PolicyVersionFormat = "version of {0}",
        HoneypotLabel = "Leave this field empty",
        TooMany = "Too many forms sent from your address. Wait a minute and try again.",
        Page = "Part",
    };

    public static readonly FormText Estonian = new()
    {
        Submit = "Saada",
        Required = "(kohustuslik)",
        RequiredMessage = "Palun täida see väli.",
        ErrorSummary = "Palun paranda märgitud väljad ja saada vorm uuesti.",
        InvalidEmail = "Sisesta e-posti aadress, näiteks nimi@example.org.",
        InvalidDate = "Sisesta kuupäev kujul aasta-kuu-päev, näiteks 2026-11-25.",
        InvalidChoice = "Vali üks pakutud valikutest.",
        TooLongFormat = "Kasuta kõige rohkem {0} märki.",
        PatternMessage = "Vastus ei ole oodatud kujul.",
        ConsentRequired = "Nõustumiseks märgi ruut.",
        FileTooLargeFormat = "Fail on suurem kui {0} MB.",
        FileTypeFormat = "Seda tüüpi faile ei võeta vastu; kasuta {0}.",
        Expired = "Vorm oli aegunud. Kontrolli vastuseid ja saada see uuesti.",
        TooLarge = "Vorm oli vastuvõtmiseks liiga suur. Saada väiksemad failid või lühemad vastused.",
        ThankYou = "Aitäh! Sinu vastused on kätte saadud.",
        PolicyLink = "Loe privaatsuspoliitikat",
        PolicyVersionFormat = "versioon {0}",
        HoneypotLabel = "Jäta see väli tühjaks",
        TooMany = "Sinu aadressilt on saadetud liiga palju vorme. Oota minut ja proovi uuesti.",
        Page = "Osa",
    };

    public required string Submit { get; init; }
    public required string Required { get; init; }
    public required string RequiredMessage { get; init; }
    public required string ErrorSummary { get; init; }
    public required string InvalidEmail { get; init; }
    public required string InvalidDate { get; init; }
    public required string InvalidChoice { get; init; }
    public required string TooLongFormat { get; init; }
    public required string PatternMessage { get; init; }
    public required string ConsentRequired { get; init; }
    public required string FileTooLargeFormat { get; init; }
    public required string FileTypeFormat { get; init; }
    public required string Expired { get; init; }
    public required string TooLarge { get; init; }
    public required string ThankYou { get; init; }
    public required string PolicyLink { get; init; }
    public required string PolicyVersionFormat { get; init; }
    public required string HoneypotLabel { get; init; }
    public required string TooMany { get; init; }
    public required string Page { get; init; }

    public static FormText For(string? culture) =>
        culture?.StartsWith("et", StringComparison.OrdinalIgnoreCase) == true ? Estonian : English;

    public string TooLong(int max) => string.Format(CultureInfo.InvariantCulture, TooLongFormat, max);

    public string FileTooLarge(long bytes) => string.Format(CultureInfo.InvariantCulture, FileTooLargeFormat, Math.Round(bytes / (1024.0 * 1024.0), 1));

    public string FileType(IEnumerable<string> extensions) => string.Format(CultureInfo.InvariantCulture, FileTypeFormat, string.Join(", ", extensions));
}

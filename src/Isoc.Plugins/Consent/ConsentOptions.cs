using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Isoc.Plugins.Consent;

/// <summary>Settings under "Isoc:Consent".</summary>
public sealed class ConsentOptions
{
    public const string Section = "Isoc:Consent";

    /// <summary>The first-party cookie that holds the visitor's choice.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_-]{1,64}$", ErrorMessage = "Isoc:Consent:CookieName may hold only letters, digits, '_' and '-'.")]
    public string CookieName { get; set; } = "isoc_consent";

    /// <summary>How long a choice is kept before the banner asks again; six months by default, at most 13 months.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "395.00:00:00")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(182);

    /// <summary>
    /// The current consent revision. Raising it (a material policy change) shows the banner again to everyone
    /// who chose under an older one, and their non-necessary categories are off until they choose again.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int Revision { get; set; } = 1;

    /// <summary>Where the consent form posts; the no-JavaScript path and the script both use it.</summary>
    public const string ChoicePath = "/consent/choice";

    /// <summary>The query key that opens the cookie settings on any page ("/about/?cookie-settings").</summary>
    public const string SettingsQueryKey = "cookie-settings";
}

/// <summary>Rules across fields that attributes cannot say.</summary>
internal sealed class ConsentOptionsValidator : IValidateOptions<ConsentOptions>
{
    public ValidateOptionsResult Validate(string? name, ConsentOptions options) =>
        options.CookieName.StartsWith("__Host-", StringComparison.Ordinal) || options.CookieName.StartsWith("__Secure-", StringComparison.Ordinal)
            ? ValidateOptionsResult.Fail("Isoc:Consent:CookieName must not use a __Host-/__Secure- prefix: the site also runs on plain HTTP (locally), where such cookies are refused.")
            : ValidateOptionsResult.Success;
}

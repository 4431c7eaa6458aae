using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Isoc.Plugins.Consent;

/// <summary>
/// What the current request's visitor allows, for templates and other plugins (server-side gating: a script
/// or cookie of a category is only sent when <see cref="IsAllowed"/> says so). Read from the request's cookie
/// and headers only; it never touches the database.
/// </summary>
public interface IConsentState
{
    /// <summary>The visitor chose under the current revision; until then the banner shows.</summary>
    bool HasChosen { get; }

    /// <summary>The visitor chose, but under an older revision: the banner asks again and says why.</summary>
    bool IsOutdated { get; }

    /// <summary>The browser sends Global Privacy Control (<c>Sec-GPC: 1</c>): analytics stays off whatever the cookie says.</summary>
    bool Gpc { get; }

    /// <summary>The id of the visitor's consent records, when they have chosen (under any revision).</summary>
    Guid? ConsentId { get; }

    /// <summary>The choice in effect, or null when there is none under the current revision.</summary>
    ConsentChoice? Choice { get; }

    bool IsAllowed(ConsentCategory category);
}

/// <summary>The request's consent, worked out once per request on first use.</summary>
internal sealed class ConsentState(IHttpContextAccessor http, IOptions<ConsentOptions> options, IConsentRevision revision) : IConsentState
{
    private Snapshot? _snapshot;

    public bool HasChosen => Current.Choice is not null;

    public bool IsOutdated => Current.Choice is null && Current.Stored is not null;

    public bool Gpc => Current.Gpc;

    public Guid? ConsentId => Current.Stored?.ConsentId;

    public ConsentChoice? Choice => Current.Choice;

    public bool IsAllowed(ConsentCategory category) => Evaluate(Current.Choice, Current.Gpc, category);

    /// <summary>After a new choice in this request, the rest of the request (and the cookie gate) follows it.</summary>
    public void Replace(ConsentChoice choice) => _snapshot = Current with { Stored = choice, Choice = choice };

    /// <summary>The rule: necessary always; analytics never under GPC; anything else only when chosen under the current revision.</summary>
    public static bool Evaluate(ConsentChoice? effectiveChoice, bool gpc, ConsentCategory category) => category switch
    {
        ConsentCategory.Necessary => true,
        ConsentCategory.Analytics when gpc => false,
        _ => effectiveChoice?.IsGranted(category) == true,
    };

    /// <summary>A stored choice counts only under the revision it was made in.</summary>
    public static ConsentChoice? Effective(ConsentChoice? stored, int currentRevision) =>
        stored is not null && stored.Revision == currentRevision ? stored : null;

    /// <summary>"Sec-GPC: 1" is the only value the specification defines; anything else is no signal.</summary>
    public static bool HasGpcSignal(IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return headers.TryGetValue("Sec-GPC", out var values) && values.Count == 1 && values[0]?.Trim() == "1";
    }

    private Snapshot Current => _snapshot ??= Read();

    private Snapshot Read()
    {
        var context = http.HttpContext;
        if (context is null)
        {
            return new Snapshot(null, null, false);
        }

        var stored = ConsentCookie.Parse(context.Request.Cookies[options.Value.CookieName]);
        return new Snapshot(stored, Effective(stored, revision.Current), HasGpcSignal(context.Request.Headers));
    }

    private sealed record Snapshot(ConsentChoice? Stored, ConsentChoice? Choice, bool Gpc);
}

using Isoc.Cms.Backoffice;
using Isoc.Cms.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Isoc.Plugins.Consent;

internal static class ConsentEndpoints
{
    public const string ApiPrefix = "/umbraco/api/consent";

    public static void MapConsentEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // The banner's form. It carries no antiforgery token, so every visitor without a choice gets the same
        // cacheable page; cross-site posts are refused from the browser's Sec-Fetch-Site / Origin headers instead.
        endpoints.MapPost(ConsentOptions.ChoicePath, ChooseAsync).DisableAntiforgery();

        var editors = endpoints.MapGroup(ApiPrefix).RequireAuthorization(BackofficePolicies.Publish);
        editors.MapGet("/records.csv", ExportCsvAsync);
        editors.MapGet("/records/{consentId:guid}", FindAsync);
    }

    private static async Task<IResult> ChooseAsync(
        HttpContext context,
        IConsentState consent,
        IConsentRecorder recorder,
        IConsentPolicyVersion policyVersion,
        IConsentRevision revision,
        IOptions<ConsentOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (!context.Request.HasFormContentType || !CrossOriginProtection.IsSameOrigin(context.Request))
        {
            return Results.Problem(title: "Bad request", detail: "The choice did not come from a page of this site. Open the site and choose again.", statusCode: StatusCodes.Status400BadRequest);
        }

        var form = await context.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        var returnUrl = ConsentDecision.LocalReturnUrl(form["returnUrl"]);
        if (!ConsentDecision.TryParseAction(form["action"], out var action))
        {
            return Results.Problem(title: "Bad request", detail: "Choose one of the banner's buttons.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (action == ConsentAction.Choose)
        {
            return SeeOther(context, ConsentDecision.SettingsUrl(returnUrl));
        }

        var gpc = consent.Gpc;
        var granted = ConsentDecision.Granted(action, form["categories"].OfType<string>(), gpc);
        var now = time.GetUtcNow();
        var choice = new ConsentChoice(granted, revision.Current, consent.ConsentId ?? Guid.NewGuid(), DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds()));
        var culture = CultureOf(form["culture"]);
        var record = new ConsentRecord
        {
            ConsentId = choice.ConsentId,
            Granted = string.Join(',', ConsentCategories.All.Where(choice.IsGranted).Select(c => c.Name())),
            Denied = string.Join(',', choice.Denied.Select(c => c.Name())),
            Revision = choice.Revision,
            PolicyVersion = policyVersion.Current(culture),
            Source = ConsentDecision.Source(form["origin"] == "settings", gpc, consent.Choice, granted),
            RecordedAt = now.UtcDateTime,
            UserAgentFamily = UserAgentFamily.Of(context.Request.Headers.UserAgent),
            Culture = culture,
        };

        // The cookie is only set once the record is committed: the proof comes before the effect.
        await recorder.RecordAsync(record, cancellationToken).ConfigureAwait(false);
        context.Response.Cookies.Append(options.Value.CookieName, ConsentCookie.Serialize(choice), new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            Path = "/",
            MaxAge = options.Value.Lifetime,
            IsEssential = true,
        });
        ((ConsentState)consent).Replace(choice);

        if (WantsJson(context.Request))
        {
            return Results.Json(new ChoiceAnswer(choice.Granted.Select(c => c.Name()).Order(StringComparer.Ordinal).ToList(), choice.Revision, gpc));
        }

        return SeeOther(context, returnUrl);
    }

    private static async Task ExportCsvAsync(HttpContext context, IConsentRecords records, TimeProvider time, CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"consent-records-{time.GetUtcNow():yyyyMMdd-HHmmss}.csv\"";
        response.Headers.CacheControl = "no-store";
        var writer = new StreamWriter(response.Body, ConsentRecords.CsvEncoding, bufferSize: 16 * 1024, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            await records.WriteCsvAsync(writer, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<IResult> FindAsync(Guid consentId, HttpContext context, IConsentRecords records, CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "no-store";
        var found = await records.FindAsync(consentId, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? Results.NotFound() : Results.Ok(found);
    }

    /// <summary>303: the browser follows with a GET, so a reload never posts the form again.</summary>
    private static IResult SeeOther(HttpContext context, string localUrl)
    {
        context.Response.Headers.Location = localUrl;
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static bool WantsJson(HttpRequest request) =>
        request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true);

    private static string CultureOf(string? culture) => culture is "en-US" or "et-EE" ? culture : "en-US";

    private sealed record ChoiceAnswer(IReadOnlyList<string> Granted, int Revision, bool Gpc);
}

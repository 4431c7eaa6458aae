using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Isoc.Plugins.Forms;

public enum FormSubmitResult
{
    /// <summary>Stored (or a robot's post silently dropped): show the thank-you message.</summary>
    Accepted,

    /// <summary>Show the form again with the messages and what was typed.</summary>
    Invalid,

    /// <summary>Too many posts from this address: 429.</summary>
    TooMany,
}

public sealed record FormSubmitOutcome(FormSubmitResult Result, FormPost Post, long? EntryId = null, TimeSpan? RetryAfter = null);

/// <summary>
/// The per-address limit on form posts, with ASP.NET Core's rate limiter (a fixed window per address). The
/// address is only a partition key, and a keyed hash of it at that: the key is random per process and never stored.
/// </summary>
internal sealed class FormRateLimiter : IDisposable
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly PartitionedRateLimiter<string> _limiter;

    public FormRateLimiter(IOptions<FormsOptions> options) =>
        _limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.SubmissionsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public RateLimitLease Acquire(string? address) =>
        _limiter.AttemptAcquire(Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(address ?? "unknown"))));

    public void Dispose() => _limiter.Dispose();
}

/// <summary>
/// One post of a form page, start to end: the address's rate limit, the size limits, antiforgery, the honeypot,
/// validation with conditions, and the entry stored with its workflow jobs. Never throws for bad input: every
/// problem comes back as a message for the page to show.
/// </summary>
public sealed class FormSubmitHandler
{
    private readonly IFormSubmissions _submissions;
    private readonly IAntiforgery _antiforgery;
    private readonly FormRateLimiter _limiter;
    private readonly IOptions<FormsOptions> _options;

    internal FormSubmitHandler(IFormSubmissions submissions, IAntiforgery antiforgery, FormRateLimiter limiter, IOptions<FormsOptions> options)
    {
        _submissions = submissions;
        _antiforgery = antiforgery;
        _limiter = limiter;
        _options = options;
    }

    public async Task<FormSubmitOutcome> HandleAsync(HttpContext http, FormDefinition form, string culture, string? pageUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(form);
        var options = _options.Value;
        var text = FormText.For(culture);
        using (var lease = _limiter.Acquire(http.Connection.RemoteIpAddress?.ToString()))
        {
            if (!lease.IsAcquired)
            {
                var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                return new FormSubmitOutcome(FormSubmitResult.TooMany, WithError(FormPost.Blank(form, culture), text.TooMany), RetryAfter: retry);
            }
        }

        var request = http.Request;
        if (!request.HasFormContentType)
        {
            return new FormSubmitOutcome(FormSubmitResult.Invalid, WithError(FormPost.Blank(form, culture), text.Expired));
        }

        if (request.ContentLength > options.MaxRequestBytes)
        {
            return new FormSubmitOutcome(FormSubmitResult.Invalid, WithError(FormPost.Blank(form, culture), text.TooLarge));
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = options.MaxRequestBytes;
        }

        IFormCollection values;
        try
        {
            values = await request.ReadFormAsync(new FormOptions
            {
                ValueCountLimit = 200,
                ValueLengthLimit = 200_000,
                KeyLengthLimit = 200,
                MultipartBodyLengthLimit = options.MaxRequestBytes,
                MultipartHeadersCountLimit = 16,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or IOException)
        {
            return new FormSubmitOutcome(FormSubmitResult.Invalid, WithError(FormPost.Blank(form, culture), text.TooLarge));
        }

        var post = FormPost.Read(form, culture, values, options);
        if (!string.Equals(values[FormPost.FormAliasName], form.Alias, StringComparison.Ordinal) || !await _antiforgery.IsRequestValidAsync(http).ConfigureAwait(false))
        {
            // What was typed is shown again: an expired token must not cost the visitor their answers.
            return new FormSubmitOutcome(FormSubmitResult.Invalid, WithError(post, text.Expired));
        }

        if (post.HoneypotFilled)
        {
            // A robot: it sees the same thank-you as a person, and nothing is stored or sent.
            return new FormSubmitOutcome(FormSubmitResult.Accepted, post);
        }

        if (!post.IsValid)
        {
            return new FormSubmitOutcome(FormSubmitResult.Invalid, post);
        }

        var id = await _submissions.StoreAsync(post, pageUrl, cancellationToken).ConfigureAwait(false);
        return new FormSubmitOutcome(FormSubmitResult.Accepted, post, id);
    }

    private static FormPost WithError(FormPost post, string message)
    {
        post.FormError = message;
        return post;
    }
}

using System.Net;
using System.Text.RegularExpressions;

namespace Isoc.Tests.Infrastructure;

/// <summary>
/// A browser-like session over HttpClient: keeps cookies, does not follow redirects, and fills in the
/// antiforgery token of the form it last loaded, as a person submitting that form would.
/// </summary>
public sealed partial class FormSession(HttpClient http) : IDisposable
{
    private string? _token;

    public HttpClient Http { get; } = http;

    /// <summary>Loads a page and remembers the antiforgery token of its forms.</summary>
    public async Task<(HttpStatusCode Status, string Html)> GetAsync(string url)
    {
        using var response = await Http.GetAsync(new Uri(url, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        var match = TokenInput().Match(html);
        if (match.Success)
        {
            _token = WebUtility.HtmlDecode(match.Groups["token"].Value);
        }

        return (response.StatusCode, html);
    }

    /// <summary>Posts a form with the remembered antiforgery token (unless told not to).</summary>
    public Task<HttpResponseMessage> PostAsync(string url, IReadOnlyDictionary<string, string> fields, bool withToken = true) =>
        PostAsync(url, (IEnumerable<KeyValuePair<string, string>>)fields, withToken);

    /// <summary>Posts form fields that may repeat a name (rows of a list), with the remembered antiforgery token.</summary>
    public async Task<HttpResponseMessage> PostAsync(string url, IEnumerable<KeyValuePair<string, string>> fields, bool withToken = true)
    {
        var values = fields.Where(f => !withToken || f.Key != "__RequestVerificationToken").ToList();
        if (withToken)
        {
            values.Add(new("__RequestVerificationToken", _token ?? throw new InvalidOperationException("No form with an antiforgery token was loaded first.")));
        }

        using var content = new FormUrlEncodedContent(values);
        return await Http.PostAsync(new Uri(url, UriKind.Relative), content);
    }

    /// <summary>The antiforgery token of the form loaded last, for requests a page's script sends (RequestVerificationToken header).</summary>
    public string Token => _token ?? throw new InvalidOperationException("No form with an antiforgery token was loaded first.");
    /// <summary>Posts a multipart form with one file, as a browser's file upload does, with the remembered antiforgery token.</summary>
    public async Task<HttpResponseMessage> PostFileAsync(string url, IReadOnlyDictionary<string, string> fields, string fileField, string fileName, byte[] bytes, string contentType)
    {
        ArgumentNullException.ThrowIfNull(fields);
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        content.Add(new StringContent(_token ?? throw new InvalidOperationException("No form with an antiforgery token was loaded first.")), "__RequestVerificationToken");
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        content.Add(file, fileField, fileName);
        return await Http.PostAsync(new Uri(url, UriKind.Relative), content);
    }

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("""name="__RequestVerificationToken" type="hidden" value="(?<token>[^"]+)"|type="hidden" name="__RequestVerificationToken" value="(?<token>[^"]+)" """)]
    private static partial Regex TokenInput();
}

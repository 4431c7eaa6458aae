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
    public async Task<HttpResponseMessage> PostAsync(string url, IReadOnlyDictionary<string, string> fields, bool withToken = true)
    {
        var values = new Dictionary<string, string>(fields);
        if (withToken)
        {
            values["__RequestVerificationToken"] = _token ?? throw new InvalidOperationException("No form with an antiforgery token was loaded first.");
        }

        using var content = new FormUrlEncodedContent(values);
        return await Http.PostAsync(new Uri(url, UriKind.Relative), content);
    }

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

using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Isoc.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Net.Http.Headers;

namespace Isoc.Tests.Consent;

/// <summary>
/// A browser as far as consent goes: it keeps its own cookies (so a test can add, tamper with and inspect
/// them), reads the banner's form, and posts it as a browser without JavaScript would (with the Origin and Sec-Fetch-Site a browser sends).
/// </summary>
public sealed class ConsentVisitor : IDisposable
{
    private readonly HttpClient _http;

    public ConsentVisitor(CmsFactory factory)
    {
        _http = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
    }

    public Dictionary<string, string> Cookies { get; } = new(StringComparer.Ordinal);

    /// <summary>Headers a browser sends with a form post from one of the site's own pages.</summary>
    public Dictionary<string, string> PostHeaders { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Origin"] = "http://localhost",
        ["Sec-Fetch-Site"] = "same-origin",
    };

    /// <summary>Headers sent with every request, e.g. Sec-GPC.</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public HttpResponseMessage? LastResponse { get; private set; }

    public async Task<IDocument> PageAsync(string url)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, url));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode}");
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Presses a banner button on <paramref name="page"/>, as the form would post it.</summary>
    public async Task<HttpResponseMessage> PressAsync(IDocument page, string action, params string[] categories)
    {
        var form = page.QuerySelector("form[data-consent-form]") ?? throw new InvalidOperationException("No consent form on the page.");
        var fields = form.QuerySelectorAll("input[type=hidden]")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""))
            .ToList();
        fields.Add(new("action", action));
        fields.AddRange(categories.Select(c => new KeyValuePair<string, string>("categories", c)));
        return await PostAsync(form.GetAttribute("action")!, fields);
    }

    public async Task<HttpResponseMessage> PostAsync(string url, IEnumerable<KeyValuePair<string, string>> fields, bool json = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
        if (json)
        {
            request.Headers.Accept.ParseAdd("application/json");
        }

        foreach (var (name, value) in PostHeaders)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await SendAsync(request);
    }

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        foreach (var (name, value) in Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var response = await _http.SendAsync(request);
        LastResponse = response;
        Absorb(response);
        return response;
    }

    /// <summary>The response's Set-Cookie headers, parsed.</summary>
    public static IList<SetCookieHeaderValue> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? SetCookieHeaderValue.ParseList(values.ToList()) : [];

    private void Absorb(HttpResponseMessage response)
    {
        foreach (var cookie in SetCookies(response))
        {
            var name = cookie.Name.ToString();
            if (cookie.Expires is { } expires && expires < DateTimeOffset.UtcNow || cookie.MaxAge is { } age && age <= TimeSpan.Zero)
            {
                Cookies.Remove(name);
            }
            else
            {
                Cookies[name] = cookie.Value.ToString();
            }
        }
    }

    public void Dispose() => _http.Dispose();
}

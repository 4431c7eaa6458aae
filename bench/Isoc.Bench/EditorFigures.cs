using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

/// <summary>
/// The backoffice figures of issue 4, taken as an editor's browser would: signed in through the sign-in form,
/// posting the editor's own form with its antiforgery token and revision.
///  1. Publishing from the editor to visible on the site: the clock runs from sending "Save and publish" until the
///     page on the site serves the new text.
///  2. Opening the editor of a node with 200 versions (GET /umbraco/content/{key}), on loopback, so the time is the
///     server's plus a local round trip.
/// </summary>
internal static partial class EditorFigures
{
    private const string HomeKey = "e0000000-0000-4000-8000-000000000001";
    private const string AboutKey = "e0000000-0000-4000-8000-000000000002";

    public static async Task RunAsync(Uri baseAddress, string email, string password, Action<string> line)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), AutomaticDecompression = DecompressionMethods.None };
        using var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(1) };

        var (_, signIn) = await GetAsync(client, "/umbraco/login");
        using (var signedIn = await PostAsync(client, "/umbraco/login", Token(signIn), new() { ["Email"] = email, ["Password"] = password }))
        {
            if (signedIn.StatusCode != HttpStatusCode.Redirect)
            {
                throw new InvalidOperationException($"Sign-in for the bench failed: {(int)signedIn.StatusCode}.");
            }
        }

        // 1. Save and publish from the editor, until the site serves the new text.
        var visible = new List<double>();
        var posts = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var text = $"Bench summary {i:D2} {Guid.NewGuid():N}";
            var (_, editor) = await GetAsync(client, $"/umbraco/content/{AboutKey}?culture=en-US");
            var watch = Stopwatch.StartNew();
            using (var published = await PostAsync(client, $"/umbraco/content/{AboutKey}", Token(editor), new()
            {
                ["Culture"] = "en-US",
                ["Revision"] = Revision(editor),
                ["Name"] = "About",
                ["values[summary]"] = text,
                ["Action"] = "publish",
            }))
            {
                if (published.StatusCode != HttpStatusCode.Redirect)
                {
                    throw new InvalidOperationException($"Publishing from the editor answered {(int)published.StatusCode}.");
                }
            }

            posts.Add(watch.Elapsed.TotalMilliseconds);
            while (!(await client.GetStringAsync("/about/")).Contains(text, StringComparison.Ordinal))
            {
                if (watch.Elapsed > TimeSpan.FromSeconds(10))
                {
                    throw new InvalidOperationException("The published text did not reach the site within 10 s.");
                }
            }

            visible.Add(watch.Elapsed.TotalMilliseconds);
        }

        line($"| publishing from the editor to visible on the site (editor form POST \"Save and publish\" → `/about/` serves the new text), seeded site, signed in, 20 tries | median {Median(visible)} ms, max {visible.Max():F1} ms | < 100 ms |");
        line($"| … of which the editor's POST (save a version, publish, refresh the snapshot, redirect) | median {Median(posts)} ms | — |");

        // 2. A page with 200 versions, made through the editor too, then its editor opened.
        var (_, create) = await GetAsync(client, $"/umbraco/content/create?parent={HomeKey}&type=contentPage");
        string key;
        using (var created = await PostAsync(client, $"/umbraco/content/create?parent={HomeKey}&type=contentPage", Token(create), new()
        {
            ["Culture"] = "en-US",
            ["Name"] = "Two hundred versions " + Guid.NewGuid().ToString("N")[..6],
            ["values[bodyText]"] = "<p>Version 1</p>",
            ["Action"] = "save",
        }))
        {
            key = KeyIn().Match(created.Headers.Location?.OriginalString ?? "").Value;
            if (key.Length == 0)
            {
                throw new InvalidOperationException($"Creating the page answered {(int)created.StatusCode}.");
            }
        }

        for (var version = 2; version <= 200; version++)
        {
            var (_, editor) = await GetAsync(client, $"/umbraco/content/{key}");
            using var saved = await PostAsync(client, $"/umbraco/content/{key}", Token(editor), new()
            {
                ["Culture"] = "en-US",
                ["Revision"] = Revision(editor),
                ["Name"] = NameIn().Match(editor).Groups[1].Value,
                ["values[bodyText]"] = $"<p>Version {version}: {string.Join(' ', Enumerable.Repeat("words that change the text", 20))}</p>",
                ["Action"] = "save",
            });
        }

        var (_, last) = await GetAsync(client, $"/umbraco/content/{key}");
        if (!last.Contains("History: 200 version(s)", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The page does not have 200 versions.");
        }

        var opens = new List<double>();
        for (var i = 0; i < 30; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await client.GetAsync(new Uri($"/umbraco/content/{key}", UriKind.Relative));
            await response.Content.ReadAsByteArrayAsync();
            opens.Add(watch.Elapsed.TotalMilliseconds);
        }

        line($"| opening the editor of a node with 200 versions (GET `/umbraco/content/{{key}}`, loopback, 30 tries) | median {Median(opens)} ms, max {opens.Max():F1} ms | < 200 ms |");
    }

    private static async Task<(HttpStatusCode Status, string Html)> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, string token, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = token;
        using var content = new FormUrlEncodedContent(fields);
        return await client.PostAsync(new Uri(url, UriKind.Relative), content);
    }

    private static string Token(string html) =>
        WebUtility.HtmlDecode(TokenIn().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("No antiforgery token in the page."));

    private static string Revision(string html) =>
        RevisionIn().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("No revision in the editor.");

    private static string Median(List<double> values) =>
        values.Order().ElementAt(values.Count / 2).ToString("F1", CultureInfo.InvariantCulture);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenIn();

    [GeneratedRegex("name=\"Revision\" value=\"(\\d+)\"")]
    private static partial Regex RevisionIn();

    [GeneratedRegex("id=\"field-name\" name=\"Name\" value=\"([^\"]*)\"")]
    private static partial Regex NameIn();

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex KeyIn();
}

using System.Net;
using System.Text;
using Isoc.Cms.Content;
using Isoc.Cms.Media;
using Isoc.Cms.Security;
using Isoc.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Isoc.Tests.Infrastructure.TestContent;

namespace Isoc.Tests.Media;

/// <summary>
/// The media library through the backoffice and /media: uploads with limits and messages beside the field, content
/// sniffing, path traversal names, resized copies in a bounded set of widths, cache headers, delete rules and roles.
/// </summary>
public sealed class MediaLibraryTests(MediaCmsFactory cms) : BackofficeTests(cms), IClassFixture<MediaCmsFactory>
{
    private MediaCmsFactory F => (MediaCmsFactory)Cms;

    private static async Task<(HttpResponseMessage Response, string Html)> UploadAsync(FormSession session, string fileName, byte[] bytes, string contentType, string? altText = null, string? name = null, Guid? folder = null)
    {
        await session.GetAsync("/umbraco/media" + (folder is null ? "" : $"?folder={folder}"));
        var fields = new Dictionary<string, string>();
        if (altText is not null)
        {
            fields["altText"] = altText;
        }

        if (name is not null)
        {
            fields["name"] = name;
        }

        var response = await session.PostFileAsync("/umbraco/media/upload" + (folder is null ? "" : $"?folder={folder}"), fields, "file", fileName, bytes, contentType);
        return (response, await response.Content.ReadAsStringAsync());
    }

    private MediaItem Newest(string name) =>
        F.Media.All.Where(i => i.Name == name).OrderByDescending(i => i.CreateDate).First();

    /// <summary>The text of the error span beside a field: &lt;span id="{id}-error"…&gt;message&lt;/span&gt;.</summary>
    private static string ErrorBeside(string html, string id)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, $"""<span id="{id}-error" class="bo-field-error">(?<m>[^<]*)</span>""");
        Assert.True(match.Success, $"No error span for {id}");
        return WebUtility.HtmlDecode(match.Groups["m"].Value);
    }

    [Fact]
    public async Task An_editor_uploads_an_image_with_alt_text_and_it_is_served_with_immutable_caching_and_an_etag()
    {
        var editor = await SignedInAsync(BackofficeRoles.Editor);
        var name = Unique("Sunrise");
        var png = TestImages.Png(800, 600);

        var (response, _) = await UploadAsync(editor, "sunrise.png", png, "image/png", altText: "The sun rising over Tallinn", name: name);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var item = Newest(name);
        Assert.Equal(("Image", "The sun rising over Tallinn", 800, 600, (long)png.Length, "image/png"), (item.MediaType, item.AltText, item.Width!.Value, item.Height!.Value, item.Bytes, item.MimeType!));
        Assert.StartsWith("editor-", item.CreatedBy, StringComparison.Ordinal);
        var (_, listing) = await editor.GetAsync("/umbraco/media");
        Assert.Contains(name, listing, StringComparison.Ordinal);

        using var site = F.CreateSiteClient();
        using var first = await site.GetAsync(new Uri(item.Url!, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("image/png", first.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", first.Headers.CacheControl?.ToString());
        Assert.Equal(png, await first.Content.ReadAsByteArrayAsync());
        var etag = first.Headers.ETag!;

        using var again = new HttpRequestMessage(HttpMethod.Get, new Uri(item.Url!, UriKind.Relative));
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await site.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        // Without the version the URL may later mean another file: cached briefly only.
        using var unversioned = await site.GetAsync(new Uri($"/media/{item.Key:N}/{item.FileName}", UriKind.Relative));
        Assert.Equal("public, max-age=300", unversioned.Headers.CacheControl?.ToString());
        using var wrongName = await site.GetAsync(new Uri($"/media/{item.Key:N}/other.png", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, wrongName.StatusCode);
    }

    [Fact]
    public async Task Resized_copies_come_only_in_the_allowed_widths_and_are_made_once()
    {
        var item = await F.UploadAsync(null, "wide.png", TestImages.Png(1000, 500));
        using var site = F.CreateSiteClient();
        var folder = Path.Combine(F.MediaRoot, item.Key.ToString("N"));

        foreach (var requested in new[] { 1, 100, 160, 161, 200, 319, 320, 321, 500, 639, 640 })
        {
            using var response = await site.GetAsync(new Uri($"{item.Url}&width={requested}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var (width, height) = TestImages.SizeOf(await response.Content.ReadAsByteArrayAsync());
            var expected = requested <= 160 ? 160 : requested <= 320 ? 320 : 640;
            Assert.Equal((expected, expected / 2), (width, height));
            Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
            Assert.Contains($"-w{expected}\"", response.Headers.ETag!.Tag, StringComparison.Ordinal);
        }

        // Eleven different requests, three copies on disk beside the original: a request cannot make a new file per width.
        Assert.Equal(4, Directory.GetFiles(folder).Length);
        var copy = Directory.GetFiles(folder, "*-w320.png").Single();
        var written = File.GetLastWriteTimeUtc(copy);
        using (await site.GetAsync(new Uri($"{item.Url}&width=300", UriKind.Relative)))
        {
            Assert.Equal(written, File.GetLastWriteTimeUtc(copy));
        }

        // Never wider than the original: 999 would be 1280 and 5000 1920, so both give the original's 1000 pixels.
        foreach (var wide in new[] { 999, 5000 })
        {
            using var huge = await site.GetAsync(new Uri($"{item.Url}&width={wide}", UriKind.Relative));
            Assert.Equal((1000, 500), TestImages.SizeOf(await huge.Content.ReadAsByteArrayAsync()));
        }

        foreach (var bad in new[] { "abc", "0", "-5", "1e3", "99999999999" })
        {
            using var refused = await site.GetAsync(new Uri($"{item.Url}&width={bad}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(4, Directory.GetFiles(folder).Length);
    }

    [Fact]
    public async Task A_file_past_the_size_limit_gets_a_message_beside_the_field_and_nothing_is_stored()
    {
        var editor = await SignedInAsync(BackofficeRoles.Editor);
        var before = F.Media.All.Count;
        var big = new byte[(int)MediaCmsFactory.MaxFileSize + 50_000];
        TestImages.Png(10, 10).CopyTo(big, 0);

        var (response, html) = await UploadAsync(editor, "big.png", big, "image/png");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("The file is 248.8 KB; the largest allowed is 200 KB.", ErrorBeside(html, "file"));
        Assert.Equal(before, F.Media.All.Count);
        Assert.Empty(Directory.GetFiles(Path.Combine(F.MediaRoot, ".tmp")));
    }

    public static TheoryData<string, string, string> Refused => new()
    {
        { "tool.exe", "MZ\u0090\u0000 this is not allowed", "Files of type .exe are not allowed" },
        { "photo.jpg", "PNG", "The file's content is not a JPEG image, though its name ends in .jpg." },
        { "report.pdf", "<html><body>hello</body></html>", "The file's content is not a PDF document, though its name ends in .pdf." },
        { "notes.txt", "<!DOCTYPE html><script>alert(1)</script>", "The file's content is not a text file, though its name ends in .txt." },
        { "letter.docx", "PK\u0003\u0004 not really a zip", "The file's content is not a Word document, though its name ends in .docx." },
        { "logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(document.cookie)</script></svg>", "The SVG drawing contains script" },
        { "icon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><rect width=\"1\" height=\"1\"/></svg>", "The SVG drawing contains script" },
        { "broken.png", "BROKEN", "cannot be read" },
        { "noextension", "plain", "Files of type (none) are not allowed" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Uploads_whose_bytes_do_not_match_their_type_are_refused_beside_the_field(string fileName, string content, string message)
    {
        var editor = await SignedInAsync(BackofficeRoles.Editor);
        var before = F.Media.All.Count;
        var bytes = content switch
        {
            "PNG" => TestImages.Png(20, 20),
            "BROKEN" => TestImages.Png(20, 20)[..40],
            _ => Encoding.UTF8.GetBytes(content),
        };

        var (response, html) = await UploadAsync(editor, fileName, bytes, "application/octet-stream");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, ErrorBeside(html, "file"), StringComparison.Ordinal);
        Assert.Equal(before, F.Media.All.Count);
        Assert.Empty(Directory.GetFiles(Path.Combine(F.MediaRoot, ".tmp")));
    }

    [Fact]
    public async Task A_plain_svg_is_accepted_but_served_only_as_a_download()
    {
        var svg = await F.UploadAsync(null, "shape.svg", Encoding.UTF8.GetBytes("""<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#1b264f"/></svg>"""));
        using var site = F.CreateSiteClient();

        using var response = await site.GetAsync(new Uri(svg.Url!, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("File", svg.MediaType);
    }

    [Theory]
    [InlineData("../../../isoc.db.png", "isoc-db.png")]
    [InlineData("..\\..\\..\\windows\\evil.png", "evil.png")]
    [InlineData("/etc/passwd/../../x.png", "x.png")]
    [InlineData("C:\\Users\\Päivi\\Résumé photo 2024.PNG", "resume-photo-2024.png")]
    [InlineData("....png", "file.png")]
    public async Task Uploaded_names_never_reach_outside_the_media_folder(string uploadedName, string servedName)
    {
        var editor = await SignedInAsync(BackofficeRoles.Editor);
        var name = Unique("Traversal");
        var filesBefore = Directory.GetFiles(Path.GetDirectoryName(F.MediaRoot)!, "*", SearchOption.TopDirectoryOnly).Order().ToList();

        var (response, html) = await UploadAsync(editor, uploadedName, TestImages.Png(16, 16), "image/png", name: name);

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, html);
        var item = Newest(name);
        Assert.Equal(servedName, item.FileName);
        Assert.Equal(filesBefore, Directory.GetFiles(Path.GetDirectoryName(F.MediaRoot)!, "*", SearchOption.TopDirectoryOnly).Order().ToList());
        var stored = Directory.GetFiles(Path.Combine(F.MediaRoot, item.Key.ToString("N")));
        Assert.Single(stored);
        Assert.StartsWith(F.MediaRoot, Path.GetFullPath(stored[0]), StringComparison.Ordinal);
        using var site = F.CreateSiteClient();
        using var served = await site.GetAsync(new Uri(item.Url!, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task Asking_for_a_file_outside_the_media_folder_by_url_finds_nothing()
    {
        var item = await F.UploadAsync(null, "inside.png", TestImages.Png(16, 16));
        using var site = F.CreateSiteClient();
        foreach (var url in new[] { $"/media/{item.Key:N}/..%2F..%2Fisoc.db", $"/media/{item.Key:N}/%2e%2e%2fisoc.db", $"/media/{Guid.NewGuid():N}/inside.png" })
        {
            using var response = await site.GetAsync(new Uri(url, UriKind.Relative));
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{url}: {(int)response.StatusCode}");
            Assert.DoesNotContain("SQLite format", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Writers_upload_but_only_editors_delete_and_visitors_are_sent_to_sign_in()
    {
        using var visitor = F.CreateSiteClient();
        using var anonymous = await visitor.GetAsync(new Uri("/umbraco/media", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/umbraco/login", anonymous.Headers.Location!.ToString(), StringComparison.Ordinal);

        var writer = await SignedInAsync(BackofficeRoles.Writer);
        var name = Unique("By writer");
        var (uploaded, _) = await UploadAsync(writer, "writer.png", TestImages.Png(32, 32), "image/png", name: name);
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        var item = Newest(name);

        var (_, page) = await writer.GetAsync($"/umbraco/media/{item.Key}");
        Assert.DoesNotContain("/delete", page, StringComparison.Ordinal);
        using var refused = await writer.PostAsync($"/umbraco/media/{item.Key}/delete", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.NotNull(F.Media.Get(item.Key));

        // Without the antiforgery token not even an editor's post counts.
        var editor = await SignedInAsync(BackofficeRoles.Editor);
        using var forged = await editor.PostAsync($"/umbraco/media/{item.Key}/delete", new Dictionary<string, string>(), withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.NotNull(F.Media.Get(item.Key));

        await editor.GetAsync($"/umbraco/media/{item.Key}");
        using var deleted = await editor.PostAsync($"/umbraco/media/{item.Key}/delete", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Null(F.Media.Get(item.Key));
        Assert.False(Directory.Exists(Path.Combine(F.MediaRoot, item.Key.ToString("N"))));
        using var gone = await visitor.GetAsync(new Uri(item.Url!, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Media_a_page_picks_cannot_be_deleted_until_the_page_lets_go()
    {
        var image = await F.UploadAsync(null, "picked.png", TestImages.Png(64, 48), "A picked picture");
        var pageName = Unique("Picks an image");
        var page = await F.CreateAsync("contentPage", F.HomeKey(), new Dictionary<string, string> { [En] = pageName }, [En]);
        var pick = MediaPickerValue.Format([new MediaPick(Guid.NewGuid(), image.Key)]);
        var saved = await F.ContentAsync(s => s.SaveAsync(page.Key, new ContentEdit().WithValue("image", pick), "test", CancellationToken.None));
        Assert.True(saved.Success, Describe(saved));
        var editor = await SignedInAsync(BackofficeRoles.Editor);

        var (_, details) = await editor.GetAsync($"/umbraco/media/{image.Key}");
        Assert.Contains(pageName, details, StringComparison.Ordinal);
        using var refused = await editor.PostAsync($"/umbraco/media/{image.Key}/delete", new Dictionary<string, string>());
        var html = await refused.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains($"Not deleted: {pageName} still uses it.", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.NotNull(F.Media.Get(image.Key));

        var cleared = await F.ContentAsync(s => s.SaveAsync(page.Key, new ContentEdit().WithValue("image", ""), "test", CancellationToken.None));
        Assert.True(cleared.Success, Describe(cleared));
        // The published version still shows it: visitors would lose the picture, so it stays until that is republished.
        var stillPublished = await F.ContentAsync(s => s.PublishAsync(page.Key, [En], "test", CancellationToken.None));
        Assert.True(stillPublished.Success, Describe(stillPublished));
        await editor.GetAsync($"/umbraco/media/{image.Key}");
        using var deleted = await editor.PostAsync($"/umbraco/media/{image.Key}/delete", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Null(F.Media.Get(image.Key));
    }

    [Fact]
    public async Task Folders_hold_media_and_items_move_between_them_but_never_into_themselves()
    {
        var editor = await SignedInAsync(BackofficeRoles.Editor);
        await editor.GetAsync("/umbraco/media");
        var folderName = Unique("Reports");
        using var created = await editor.PostAsync("/umbraco/media/folder", new Dictionary<string, string> { ["folderName"] = folderName });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var folder = Newest(folderName);
        var inner = await F.UploadAsync(folder.Key, "annual.pdf", Encoding.ASCII.GetBytes("%PDF-1.4\n%test\n"));
        Assert.Equal(folder.Key, inner.ParentKey);
        Assert.Equal($"{folder.Path}annual/", inner.Path);

        await editor.GetAsync($"/umbraco/media/{inner.Key}");
        using var moved = await editor.PostAsync($"/umbraco/media/{inner.Key}/move", new Dictionary<string, string> { ["target"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Null(F.Media.Get(inner.Key)!.ParentKey);

        var sub = await CreateFolderAsync(editor, folder.Key);
        await editor.GetAsync($"/umbraco/media/{folder.Key}");
        using var intoItself = await editor.PostAsync($"/umbraco/media/{folder.Key}/move", new Dictionary<string, string> { ["target"] = sub.Key.ToString() });
        Assert.Equal(HttpStatusCode.BadRequest, intoItself.StatusCode);
        Assert.Contains("cannot be moved into itself", await intoItself.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(F.Media.Get(folder.Key)!.ParentKey);

        using var emptyName = await editor.PostAsync("/umbraco/media/folder", new Dictionary<string, string> { ["folderName"] = " " });
        Assert.Equal("Enter a name for the folder.", ErrorBeside(await emptyName.Content.ReadAsStringAsync(), "folderName"));
    }

    private async Task<MediaItem> CreateFolderAsync(FormSession session, Guid parent)
    {
        var name = Unique("Sub");
        await session.GetAsync($"/umbraco/media?folder={parent}");
        using var response = await session.PostAsync($"/umbraco/media/folder?folder={parent}", new Dictionary<string, string> { ["folderName"] = name });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return Newest(name);
    }

    [Fact]
    public async Task The_content_editor_picks_an_image_and_the_site_shows_it_with_alt_text_and_a_srcset()
    {
        var image = await F.UploadAsync(null, "harbour.jpg", TestImages.Jpeg(1400, 700), "Boats in the harbour");
        var editor = await SignedInAsync(BackofficeRoles.Editor);
        var pageName = Unique("With picture");
        var page = await F.CreateAsync("contentPage", F.HomeKey(), new Dictionary<string, string> { [En] = pageName }, [En]);

        var (_, form) = await editor.GetAsync($"/umbraco/content/{page.Key}?culture={En}");
        var radio = System.Text.RegularExpressions.Regex.Match(form, $"""<input type="radio" name="values\[image\]" value="(?<v>[^"]*{image.Key}[^"]*)" """.TrimEnd());
        Assert.True(radio.Success, "The picker lists the image");
        var value = WebUtility.HtmlDecode(radio.Groups["v"].Value);
        Assert.Equal(image.Key, MediaPickerValue.Parse(value).Single().MediaKey);
        using var published = await editor.PostAsync($"/umbraco/content/{page.Key}", new Dictionary<string, string>
        {
            ["Culture"] = En,
            ["Revision"] = page.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Name"] = pageName,
            ["values[bodyText]"] = "<p>Text</p>",
            ["values[image]"] = value,
            ["Action"] = "publish",
        });
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);

        var (_, after) = await editor.GetAsync($"/umbraco/content/{page.Key}?culture={En}");
        Assert.Contains("Picked: <a href=\"/umbraco/media/" + image.Key, after, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(image.UrlOfWidth(160)!), after, StringComparison.Ordinal);

        using var site = F.CreateSiteClient();
        var url = F.Snapshot.SiteUrl(page.Key, En)!;
        var html = await site.GetStringAsync(new Uri(url, UriKind.Relative));
        var img = System.Text.RegularExpressions.Regex.Match(html, "<figure class=\"page-image\">\\s*<img (?<a>[^>]+)>");
        Assert.True(img.Success, html);
        var attributes = WebUtility.HtmlDecode(img.Groups["a"].Value);
        Assert.Contains("alt=\"Boats in the harbour\"", attributes, StringComparison.Ordinal);
        Assert.Contains($"{image.Url}&width=160 160w, {image.Url}&width=320 320w, {image.Url}&width=640 640w, {image.Url}&width=960 960w, {image.Url}&width=1280 1280w, {image.Url} 1400w", attributes, StringComparison.Ordinal);
        Assert.Contains("width=\"1400\" height=\"700\"", attributes, StringComparison.Ordinal);
    }
}

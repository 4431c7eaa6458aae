using System.Net;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Isoc.Cms;
using Isoc.Cms.Security;
using Isoc.Plugins.Forms;
using Isoc.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Isoc.Tests.Forms;

/// <summary>Lets a test choose the client's address (X-Test-Address), as different visitors would have.</summary>
public sealed class TestAddressStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (IPAddress.TryParse(context.Request.Headers["X-Test-Address"], out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}

/// <summary>The site with forms: loopback posts allowed (the test's own listener), quick workflow retries, a generous rate limit.</summary>
public sealed class FormsFactory() : CmsFactory(DatabaseProvider.Sqlite, Host(submissionsPerMinute: 1000))
{
    public static CmsHostOptions Host(int submissionsPerMinute, Microsoft.Extensions.Time.Testing.FakeTimeProvider? time = null) => new()
    {
        Time = time,
        Settings = new Dictionary<string, string?>
        {
            ["Isoc:Forms:SubmissionsPerMinute"] = submissionsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Isoc:Forms:PostToUrlAllowPrivateNetworks"] = "true",
            ["Isoc:Forms:WorkflowPollInterval"] = "00:00:00.100",
            ["Isoc:Forms:WorkflowRetryDelay"] = "00:00:00.200",
            ["Isoc:Forms:WorkflowMaxAttempts"] = "3",
            ["Isoc:Forms:WorkflowTimeout"] = "00:00:05",
        },
        ConfigureServices = services => services.AddTransient<IStartupFilter, TestAddressStartupFilter>(),
    };
}

/// <summary>The seeded forms through the real site, as a visitor without JavaScript sends them, and what editors see.</summary>
public sealed class FormsTests(FormsFactory cms) : BackofficeTests(cms), IClassFixture<FormsFactory>
{
    private static readonly HtmlParser Parser = new();

    private static IDocument Parse(string html) => Parser.ParseDocument(html);

    private static string Squash(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private FormSession Visitor(string? address = null)
    {
        var session = NewSession();
        session.Http.DefaultRequestHeaders.Add("X-Test-Address", address ?? $"203.0.113.{Random.Shared.Next(1, 250)}");
        return session;
    }

    private async Task<List<FormEntry>> EntriesAsync(string formAlias)
    {
        await using var db = await Cms.Services.GetRequiredService<IFormsDbContextFactory>().CreateAsync(CancellationToken.None);
        return await db.Entries.AsNoTracking().Where(e => e.FormAlias == formAlias).OrderBy(e => e.Id).ToListAsync();
    }

    private async Task<T> FormsDbAsync<T>(Func<FormsDbContext, Task<T>> action)
    {
        await using var db = await Cms.Services.GetRequiredService<IFormsDbContextFactory>().CreateAsync(CancellationToken.None);
        return await action(db);
    }

    private static Dictionary<string, string> ValidContact(string name) => new()
    {
        ["__form"] = "contact",
        ["kind"] = "comment",
        ["name"] = name,
        ["email"] = "reader@example.org",
        ["message"] = "Thank you for the clear privacy policy.",
        ["privacy"] = "true",
    };

    [Fact]
    public async Task The_contact_page_shows_its_form_in_english_and_estonian_with_a_link_to_the_privacy_policy()
    {
        using var visitor = Visitor();
        var (status, html) = await visitor.GetAsync("/contact/");
        Assert.Equal(HttpStatusCode.OK, status);
        var page = Parse(html);
        var form = page.QuerySelector("section#form-contact form")!;
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]"));
        Assert.Equal("Full name (required)", Squash(page.QuerySelector("label[for=f-contact-name]")!.TextContent));
        Assert.Equal("/privacy-policy/", page.QuerySelector(".form-policy a")!.GetAttribute("href"));
        Assert.NotNull(page.QuerySelector(".form-hp input[name=website_url][tabindex='-1']"));

        var (etStatus, etHtml) = await visitor.GetAsync("/et/kontakt/");
        Assert.Equal(HttpStatusCode.OK, etStatus);
        var estonian = Parse(etHtml);
        Assert.Equal("Täisnimi (kohustuslik)", Squash(estonian.QuerySelector("label[for=f-contact-name]")!.TextContent));
        Assert.Equal("Saada", estonian.QuerySelector("section#form-contact button[type=submit]")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_valid_contact_message_is_stored_with_the_policy_version_and_the_visitor_sees_the_thank_you()
    {
        using var visitor = Visitor();
        await visitor.GetAsync("/contact/");
        var name = $"Mari {Guid.NewGuid():N}";

        using var response = await visitor.PostAsync("/contact/", ValidContact(name));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/contact/?sent=contact#form-contact", response.Headers.Location!.OriginalString);
        var entry = Assert.Single(await EntriesAsync("contact"), e => e.ValuesJson.Contains(name, StringComparison.Ordinal));
        Assert.Equal("en-US", entry.Culture);
        Assert.Equal("2011-12-15", entry.PolicyVersion);
        Assert.Equal("/contact/", entry.PageUrl);
        var (_, thanks) = await visitor.GetAsync("/contact/?sent=contact");
        Assert.Equal("Thank you for writing. We answer inquiries within a few working days.", Parse(thanks).QuerySelector(".form-thanks[role=status]")!.TextContent.Trim());
    }

    [Fact]
    public async Task Bad_answers_come_back_beside_their_fields_with_what_was_typed_and_nothing_is_stored()
    {
        using var visitor = Visitor();
        await visitor.GetAsync("/contact/");
        var before = (await EntriesAsync("contact")).Count;
        var fields = ValidContact("<b>Jaan</b> \"Tamm\"");
        fields["email"] = "not-an-address";
        fields["message"] = new string('x', 5001);
        fields["kind"] = "complaint";
        fields.Remove("privacy");

        using var response = await visitor.PostAsync("/contact/", fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Enter an email address such as name@example.org.", page.QuerySelector("#f-contact-email-error")!.TextContent);
        Assert.Equal("true", page.QuerySelector("#f-contact-email")!.GetAttribute("aria-invalid"));
        Assert.Contains("f-contact-email-error", page.QuerySelector("#f-contact-email")!.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        Assert.Equal("Use at most 5000 characters.", page.QuerySelector("#f-contact-message-error")!.TextContent);
        Assert.Equal("Choose one of the options given.", page.QuerySelector("#f-contact-kind-error")!.TextContent);
        Assert.Equal("Please tick the box to agree.", page.QuerySelector("#f-contact-privacy-error")!.TextContent);
        Assert.Null(page.QuerySelector("#f-contact-name-error"));
        Assert.Equal("<b>Jaan</b> \"Tamm\"", page.QuerySelector("#f-contact-name")!.GetAttribute("value"));
        Assert.Equal("not-an-address", page.QuerySelector("#f-contact-email")!.GetAttribute("value"));
        Assert.NotNull(page.QuerySelector(".form-errors[role=alert]"));
        Assert.Equal(before, (await EntriesAsync("contact")).Count);
    }

    [Fact]
    public async Task A_field_hidden_by_its_condition_is_ignored_and_a_shown_one_is_required()
    {
        using var visitor = Visitor();
        await visitor.GetAsync("/contact/");
        var comment = ValidContact($"Comment {Guid.NewGuid():N}");
        comment["topic"] = "not-an-option"; // hidden for a comment: neither validated nor stored

        using (var response = await visitor.PostAsync("/contact/", comment))
        {
            Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        }

        var stored = Assert.Single(await EntriesAsync("contact"), e => e.ValuesJson.Contains(comment["name"], StringComparison.Ordinal));
        Assert.DoesNotContain("topic", stored.ValuesJson, StringComparison.Ordinal);

        var inquiry = ValidContact($"Inquiry {Guid.NewGuid():N}");
        inquiry["kind"] = "inquiry";
        using (var response = await visitor.PostAsync("/contact/", inquiry))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var page = Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("Please fill in this field.", page.QuerySelector("#f-contact-topic-error")!.TextContent);
        }

        inquiry["topic"] = "privacy";
        using (var response = await visitor.PostAsync("/contact/", inquiry))
        {
            Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        }

        Assert.Contains("\"topic\":\"privacy\"", Assert.Single(await EntriesAsync("contact"), e => e.ValuesJson.Contains(inquiry["name"], StringComparison.Ordinal)).ValuesJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_robot_that_fills_the_honeypot_is_thanked_and_nothing_is_stored()
    {
        using var visitor = Visitor();
        await visitor.GetAsync("/contact/");
        var fields = ValidContact($"Robot {Guid.NewGuid():N}");
        fields["website_url"] = "http://spam.example";

        using var response = await visitor.PostAsync("/contact/", fields);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.DoesNotContain(await EntriesAsync("contact"), e => e.ValuesJson.Contains(fields["name"], StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_keeps_the_answers_asks_again_and_stores_nothing()
    {
        using var visitor = Visitor();
        await visitor.GetAsync("/contact/");
        var fields = ValidContact($"Forged {Guid.NewGuid():N}");

        using var response = await visitor.PostAsync("/contact/", fields, withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("The form had expired. Check your answers and send it again.", page.QuerySelector(".form-errors p")!.TextContent);
        Assert.Equal(fields["name"], page.QuerySelector("#f-contact-name")!.GetAttribute("value"));
        Assert.DoesNotContain(await EntriesAsync("contact"), e => e.ValuesJson.Contains(fields["name"], StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_is_stored_with_its_entry_and_a_wrong_type_or_oversized_file_is_refused_beside_the_field()
    {
        using var visitor = Visitor();
        var (_, html) = await visitor.GetAsync("/contact/");
        var token = Parse(html).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        async Task<HttpResponseMessage> PostFileAsync(string name, string fileName, byte[] bytes)
        {
            using var content = new MultipartFormDataContent();
            foreach (var (key, value) in ValidContact(name))
            {
                content.Add(new StringContent(value), key);
            }

            content.Add(new StringContent(token), "__RequestVerificationToken");
            content.Add(new ByteArrayContent(bytes), "attachment", fileName);
            return await visitor.Http.PostAsync(new Uri("/contact/", UriKind.Relative), content);
        }

        var name = $"File {Guid.NewGuid():N}";
        using (var ok = await PostFileAsync(name, "letter.txt", Encoding.UTF8.GetBytes("Tere!")))
        {
            Assert.Equal(HttpStatusCode.SeeOther, ok.StatusCode);
        }

        var entry = Assert.Single(await EntriesAsync("contact"), e => e.ValuesJson.Contains(name, StringComparison.Ordinal));
        var file = await FormsDbAsync(db => db.Files.SingleAsync(f => f.EntryId == entry.Id));
        Assert.Equal("letter.txt", file.FileName);
        Assert.Equal("Tere!", Encoding.UTF8.GetString(file.Content));

        using (var exe = await PostFileAsync($"Exe {Guid.NewGuid():N}", "run.exe", [0x4d, 0x5a]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, exe.StatusCode);
            Assert.Equal("Files of this type are not accepted; use .pdf, .png, .jpg, .jpeg, .txt.", Parse(await exe.Content.ReadAsStringAsync()).QuerySelector("#f-contact-attachment-error")!.TextContent);
        }

        using (var big = await PostFileAsync($"Big {Guid.NewGuid():N}", "big.pdf", new byte[(5 * 1024 * 1024) + 1]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, big.StatusCode);
            Assert.Equal("The file is larger than 5 MB.", Parse(await big.Content.ReadAsStringAsync()).QuerySelector("#f-contact-attachment-error")!.TextContent);
        }
    }

    [Fact]
    public async Task Join_offers_both_forms_and_its_two_opt_ins_are_separate_and_unticked()
    {
        using var visitor = Visitor();
        var (_, join) = await visitor.GetAsync("/membership/join/");
        var links = Parse(join).QuerySelectorAll(".cards a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["/membership/join/join-as-an-individual/", "/membership/join/join-as-an-organisation/"], links);

        foreach (var (url, alias) in new[] { ("/membership/join/join-as-an-individual/", "joinIndividual"), ("/membership/join/join-as-an-organisation/", "joinOrganisation") })
        {
            var (status, html) = await visitor.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, status);
            var page = Parse(html);
            var mailings = page.QuerySelector($"#f-{alias}-periodicMailings")!;
            var offers = page.QuerySelector($"#f-{alias}-thirdPartyOffers")!;
            Assert.False(mailings.HasAttribute("checked"));
            Assert.False(offers.HasAttribute("checked"));
            Assert.Contains("periodic mailings from ISOC", page.QuerySelector($"label[for=f-{alias}-periodicMailings]")!.TextContent, StringComparison.Ordinal);
            Assert.Contains("offers from third parties on ISOC's behalf", page.QuerySelector($"label[for=f-{alias}-thirdPartyOffers]")!.TextContent, StringComparison.Ordinal);
        }

        var (etStatus, _) = await visitor.GetAsync("/et/liikmelisus/liitu/");
        Assert.Equal(HttpStatusCode.OK, etStatus);
    }

    [Fact]
    public async Task Editors_read_entries_with_search_and_a_csv_that_spreadsheets_cannot_run_but_writers_cannot()
    {
        using var visitor = Visitor();
        await visitor.GetAsync("/contact/");
        var marker = Guid.NewGuid().ToString("N");
        var fields = ValidContact($"=HYPERLINK(\"http://evil.example\",\"{marker}\")");
        using (var response = await visitor.PostAsync("/contact/", fields))
        {
            Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        }

        var editor = await SignedInAsync(BackofficeRoles.Editor);
        var (status, list) = await editor.GetAsync("/umbraco/forms");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(Parse(list).QuerySelector("a[href='/umbraco/forms/contact']"));

        var (_, found) = await editor.GetAsync($"/umbraco/forms/contact?search={marker.ToUpperInvariant()}");
        var rows = Parse(found).QuerySelectorAll("#entries tbody tr");
        Assert.Single(rows);
        Assert.Contains(marker, rows[0].TextContent, StringComparison.Ordinal);

        using var csv = await editor.Http.GetAsync(new Uri("/umbraco/forms/contact/entries.csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.StartsWith("entry_id,submitted_at_utc,culture,policy_version,kind,topic,name,email,message,attachment,privacy\r\n", text.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Contains($",comment,,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"{marker}\"\")\",reader@example.org,", text, StringComparison.Ordinal);

        var writer = await SignedInAsync(BackofficeRoles.Writer);
        using var refused = await writer.Http.GetAsync(new Uri("/umbraco/forms/contact/entries.csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/umbraco/access-denied", refused.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
        using var anonymous = Cms.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var signIn = await anonymous.GetAsync(new Uri("/umbraco/forms/contact", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    [Fact]
    public async Task Post_to_url_is_retried_after_a_failure_until_the_receiver_takes_it_and_an_editor_can_retry_a_failed_one()
    {
        using var receiver = new LoopbackReceiver(failFirst: 1);
        var sync = Cms.Services.GetRequiredService<IFormsSync>();
        var contact = Cms.Services.GetRequiredService<IFormCatalog>().Find("contact")!;
        var hooked = contact with
        {
            Key = Guid.NewGuid(),
            Alias = "hooked",
            Workflows = [new FormWorkflowSetting("postToUrl", new Dictionary<string, string> { ["url"] = receiver.Url })],
        };
        await sync.SaveAsync(hooked, CancellationToken.None);
        var post = FormPost.Read(hooked, "en-US", new Microsoft.AspNetCore.Http.FormCollection(ValidContact("Hooked").ToDictionary(p => p.Key, p => new Microsoft.Extensions.Primitives.StringValues(p.Value))), new FormsOptions());
        Assert.True(post.IsValid, string.Join("; ", post.Errors.Values));
        var entryId = await Cms.Services.GetRequiredService<IFormSubmissions>().StoreAsync(post, "/contact/", CancellationToken.None);

        var job = await WaitForJobAsync(entryId, j => j.Status == FormWorkflowStatus.Succeeded);
        Assert.Equal(2, job.Attempts);
        Assert.Equal(2, receiver.Requests.Count);
        Assert.Contains("\"name\":\"Hooked\"", receiver.Requests[^1], StringComparison.Ordinal);
        Assert.Contains($"\"entryId\":{entryId}", receiver.Requests[^1], StringComparison.Ordinal);

        // A receiver that never answers well: three attempts, then failed and shown to editors, who retry it.
        receiver.FailFirst = int.MaxValue;
        var second = await Cms.Services.GetRequiredService<IFormSubmissions>().StoreAsync(post, "/contact/", CancellationToken.None);
        var failed = await WaitForJobAsync(second, j => j.Status == FormWorkflowStatus.Failed);
        Assert.Equal(3, failed.Attempts);
        Assert.Contains("answered 500", failed.LastError, StringComparison.Ordinal);
        Assert.Single(await EntriesAsync("hooked"), e => e.Id == second); // the entry stays whatever the workflow does

        var editor = await SignedInAsync(BackofficeRoles.Editor);
        var (_, page) = await editor.GetAsync("/umbraco/forms/hooked");
        var row = Parse(page).QuerySelectorAll("#failed-jobs tbody tr").Single(r => r.Children[0].TextContent == failed.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("answered 500", row.TextContent, StringComparison.Ordinal);
        receiver.FailFirst = 0;
        using (var retry = await editor.PostAsync($"/umbraco/forms/hooked/jobs/{failed.Id}/retry", new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
        }

        Assert.Equal(FormWorkflowStatus.Succeeded, (await WaitForJobAsync(second, j => j.Status == FormWorkflowStatus.Succeeded)).Status);
    }

    private async Task<FormWorkflowJob> WaitForJobAsync(long entryId, Func<FormWorkflowJob, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var job = await FormsDbAsync(db => db.Jobs.AsNoTracking().SingleAsync(j => j.EntryId == entryId));
            if (done(job))
            {
                return job;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The job is {job.Status} after {job.Attempts} attempts: {job.LastError}");
            await Task.Delay(50);
        }
    }
}

/// <summary>A real HTTP server on loopback that answers 500 to the first posts, then 200, and keeps the bodies.</summary>
public sealed class LoopbackReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private int _seen;

    public LoopbackReceiver(int failFirst)
    {
        FailFirst = failFirst;
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}/hook/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string Url { get; }

    private volatile int _failFirst;

    public int FailFirst { get => _failFirst; set => _failFirst = value; }

    public List<string> Requests { get; } = [];

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            lock (Requests)
            {
                Requests.Add(body);
            }

            context.Response.StatusCode = Interlocked.Increment(ref _seen) <= _failFirst ? 500 : 200;
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        _stop.Dispose();
    }
}

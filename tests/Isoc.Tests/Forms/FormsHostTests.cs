using System.Data.Common;
using System.Net;
using Isoc.Cms;
using Isoc.Plugins.Forms;
using Isoc.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.Time.Testing;

namespace Isoc.Tests.Forms;

/// <summary>Forms with hosts of their own: the rate limit, retention with a moved clock, uSync round trip, all-or-nothing storage.</summary>
public sealed class FormsHostTests
{
    private static FormSession Visitor(CmsFactory host, string address)
    {
        var session = new FormSession(host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        session.Http.DefaultRequestHeaders.Add("X-Test-Address", address);
        return session;
    }

    private static FormPost ValidContact(FormDefinition form, string name) =>
        FormPost.Read(form, "en-US", new FormCollection(new Dictionary<string, StringValues>
        {
            ["kind"] = "comment",
            ["name"] = name,
            ["email"] = "reader@example.org",
            ["message"] = "Hello",
            ["privacy"] = "true",
        }), new FormsOptions());

    private static async Task<int> CountAsync(CmsFactory host, Func<FormsDbContext, Task<int>> count)
    {
        await using var db = await host.Services.GetRequiredService<IFormsDbContextFactory>().CreateAsync(CancellationToken.None);
        return await count(db);
    }

    [Fact]
    public async Task One_address_is_limited_per_minute_while_another_address_still_gets_through()
    {
        await using var host = await CmsFactory.StartNewAsync(DatabaseProvider.Sqlite, FormsFactory.Host(submissionsPerMinute: 3));
        using var busy = Visitor(host, "198.51.100.7");
        await busy.GetAsync("/contact/");
        var fields = new Dictionary<string, string> { ["__form"] = "contact", ["kind"] = "comment", ["name"] = "Busy", ["email"] = "busy@example.org", ["message"] = "Hi", ["privacy"] = "true" };
        for (var i = 0; i < 3; i++)
        {
            using var accepted = await busy.PostAsync("/contact/", fields);
            Assert.Equal(HttpStatusCode.SeeOther, accepted.StatusCode);
        }

        using var refused = await busy.PostAsync("/contact/", fields);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains("Too many forms sent from your address", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var other = Visitor(host, "198.51.100.8");
        await other.GetAsync("/contact/");
        using var fine = await other.PostAsync("/contact/", fields);
        Assert.Equal(HttpStatusCode.SeeOther, fine.StatusCode);
        Assert.Equal(4, await CountAsync(host, db => db.Entries.CountAsync()));
    }

    [Fact]
    public async Task The_retention_job_deletes_entries_older_than_their_forms_period_with_their_jobs_and_keeps_newer_ones()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var options = FormsFactory.Host(1000, time);
        await using var host = await CmsFactory.StartNewAsync(DatabaseProvider.Sqlite, options with
        {
            SchedulerEnabled = false,
            Settings = new Dictionary<string, string?>(options.Settings) { ["Isoc:Forms:RetentionInterval"] = "00:00:00.100" },
        });
        var catalog = host.Services.GetRequiredService<IFormCatalog>();
        var submissions = host.Services.GetRequiredService<IFormSubmissions>();
        var contact = catalog.Find("contact")!; // 365 days
        var conference = catalog.Find("conferenceRegistration")!; // 180 days
        Assert.Equal(365, contact.RetentionDays);
        Assert.Equal(180, conference.RetentionDays);
        var hooked = contact with { Key = Guid.NewGuid(), Alias = "hookedOld", Workflows = [new FormWorkflowSetting("postToUrl", new Dictionary<string, string> { ["url"] = "http://127.0.0.1:9/" })] };
        await host.Services.GetRequiredService<IFormsSync>().SaveAsync(hooked, CancellationToken.None);

        var old = await submissions.StoreAsync(ValidContact(contact, "Old"), null, CancellationToken.None);
        var oldWithJob = await submissions.StoreAsync(ValidContact(hooked, "Old with a job"), null, CancellationToken.None);
        time.Advance(TimeSpan.FromDays(200));
        var newer = await submissions.StoreAsync(ValidContact(contact, "Newer"), null, CancellationToken.None);
        var conferencePost = FormPost.Read(conference, "en-US", new FormCollection(new Dictionary<string, StringValues>
        {
            ["name"] = "Guest",
            ["email"] = "guest@example.org",
            ["arrival"] = "2026-07-20",
            ["sessions"] = new StringValues(["policy", "access"]),
            ["privacy"] = "true",
        }), new FormsOptions());
        Assert.True(conferencePost.IsValid, string.Join("; ", conferencePost.Errors.Values));
        var guest = await submissions.StoreAsync(conferencePost, null, CancellationToken.None);

        async Task<long[]> LeftAsync()
        {
            await using var db = await host.Services.GetRequiredService<IFormsDbContextFactory>().CreateAsync(CancellationToken.None);
            return await db.Entries.Select(e => e.Id).OrderBy(e => e).ToArrayAsync();
        }

        async Task WaitForAsync(long[] expected)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!(await LeftAsync()).SequenceEqual(expected))
            {
                Assert.True(DateTime.UtcNow < deadline, $"Entries left: {string.Join(",", await LeftAsync())}; expected {string.Join(",", expected)}");
                await Task.Delay(50);
            }
        }

        await Task.Delay(300); // a few runs of the job: nothing is old enough yet
        Assert.Equal([old, oldWithJob, newer, guest], await LeftAsync());

        time.Advance(TimeSpan.FromDays(166)); // the first two are 366 days old, the others 166
        await WaitForAsync([newer, guest]);
        Assert.Equal(0, await CountAsync(host, db => db.Jobs.CountAsync(j => j.EntryId == oldWithJob)));

        time.Advance(TimeSpan.FromDays(15)); // the conference entry passes its 180 days
        await WaitForAsync([newer]);
    }

    [Fact]
    public async Task Forms_exported_to_usync_read_back_the_same_and_an_edit_survives_the_round_trip()
    {
        await using var host = await CmsFactory.StartNewAsync(DatabaseProvider.Sqlite);
        var sync = host.Services.GetRequiredService<IFormsSync>();
        var catalog = host.Services.GetRequiredService<IFormCatalog>();
        Assert.Equal(["conferenceRegistration", "contact", "joinIndividual", "joinOrganisation", "renew"], catalog.All.Select(f => f.Alias).Order(StringComparer.Ordinal));

        var contact = catalog.Find("contact")!;
        await sync.SaveAsync(contact with { RetentionDays = 30 }, CancellationToken.None);
        var folder = Directory.CreateTempSubdirectory("isoc-forms-usync-").FullName;
        try
        {
            Assert.Equal(5, await sync.ExportAsync(folder, CancellationToken.None));
            var exported = await File.ReadAllTextAsync(Path.Combine(folder, "v17", "Forms", "contact.config"));
            var read = FormXml.Parse(exported, "contact.config");
            Assert.Equal(30, read.RetentionDays);
            Assert.Equal(FormXml.Write(contact with { RetentionDays = 30 }), FormXml.Write(read));

            // Every seeded file reads and writes back to the same definition.
            foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.USync, "v17", "Forms")))
            {
                var original = FormXml.Parse(await File.ReadAllTextAsync(file), file);
                var again = FormXml.Parse(FormXml.Write(original), file);
                Assert.Equal(FormXml.Write(original), FormXml.Write(again));
            }

            await using var fresh = await CmsFactory.StartNewAsync(DatabaseProvider.Sqlite, new CmsHostOptions { Settings = new Dictionary<string, string?> { ["Isoc:USync:RootFolder"] = folder }, ImportUSync = true });
            // The fresh host's engine has no content in that folder, but its forms come from it.
            Assert.Equal(30, fresh.Services.GetRequiredService<IFormCatalog>().Find("contact")!.RetentionDays);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_failure_while_storing_leaves_neither_the_entry_nor_its_files_nor_its_jobs()
    {
        await using var host = await CmsFactory.StartNewAsync(DatabaseProvider.Sqlite, FormsFactory.Host(1000) with
        {
            ConfigureServices = services => services.ConfigureDbContext<SqliteFormsDbContext>(o => o.AddInterceptors(new FailOnJobsInterceptor())),
        });
        var contact = host.Services.GetRequiredService<IFormCatalog>().Find("contact")!;
        var withWorkflow = contact with { Key = Guid.NewGuid(), Alias = "withWorkflow", Workflows = [new FormWorkflowSetting("postToUrl", new Dictionary<string, string> { ["url"] = "http://127.0.0.1:9/" })] };
        await host.Services.GetRequiredService<IFormsSync>().SaveAsync(withWorkflow, CancellationToken.None);

        await Assert.ThrowsAnyAsync<Exception>(() => host.Services.GetRequiredService<IFormSubmissions>().StoreAsync(ValidContact(withWorkflow, "Half"), null, CancellationToken.None));

        Assert.Equal(0, await CountAsync(host, db => db.Entries.CountAsync()));
        Assert.Equal(0, await CountAsync(host, db => db.Jobs.CountAsync()));
    }

    [Fact]
    public async Task Switched_off_the_plugin_leaves_the_contact_page_without_a_form_and_refuses_posts()
    {
        await using var host = await CmsFactory.StartNewAsync(DatabaseProvider.Sqlite, new CmsHostOptions { Settings = new Dictionary<string, string?> { ["Isoc:Plugins:Forms:Enabled"] = "false" } });
        using var client = host.CreateSiteClient();
        var html = await client.GetStringAsync(new Uri("/contact/", UriKind.Relative));
        Assert.DoesNotContain("form-contact", html, StringComparison.Ordinal);
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "x" });
        using var post = await client.PostAsync(new Uri("/contact/", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }

    /// <summary>Fails the insert of workflow jobs, which comes after the entry in the same transaction.</summary>
    private sealed class FailOnJobsInterceptor : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
            command.CommandText.Contains("INSERT INTO \"form_workflow_jobs\"", StringComparison.Ordinal)
                ? throw new InvalidOperationException("The disk is full (test).")
                : base.ReaderExecutingAsync(command, eventData, result, cancellationToken);

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            command.CommandText.Contains("INSERT INTO \"form_workflow_jobs\"", StringComparison.Ordinal)
                ? throw new InvalidOperationException("The disk is full (test).")
                : base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }
}

using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Isoc.Cms.Content;
using Isoc.Cms;
using Isoc.Cms.Data;
using Isoc.Cms.Security;
using Isoc.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Isoc.Tests.Infrastructure.TestContent;

namespace Isoc.Tests.Backoffice;

/// <summary>
/// "Send for approval": a writer's change waits, unpublished, in the editors' list; an editor looks at what changed
/// and publishes it (visitors see it) or sends it back with a comment the writer reads. Only editors decide.
/// </summary>
public abstract partial class ApprovalFlowTests(CmsFactory cms) : BackofficeTests(cms)
{
    private async Task<ContentItem> PublishedPageAsync(string summary)
    {
        var page = await Cms.CreateAsync("contentPage", Cms.HomeKey(), new Dictionary<string, string> { [En] = Unique("Approval"), [Et] = Unique("Kinnitus") }, [En, Et]);
        var saved = await Cms.ContentAsync(s => s.SaveAsync(page.Key, new ContentEdit().WithValue("summary", summary, En), User, CancellationToken.None));
        Assert.True(saved.Success, Describe(saved));
        var published = await Cms.ContentAsync(s => s.PublishAsync(page.Key, [En], User, CancellationToken.None));
        Assert.True(published.Success, Describe(published));
        return published.Content!;
    }

    /// <summary>The writer changes the summary in the editor and presses "Save and send for approval".</summary>
    private static async Task SendForApprovalAsync(FormSession writer, ContentItem page, string summary)
    {
        var (_, html) = await writer.GetAsync($"/umbraco/content/{page.Key}?culture={En}");
        Assert.Contains("Save and send for approval", html, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"publish\"", html, StringComparison.Ordinal);
        using var response = await writer.PostAsync($"/umbraco/content/{page.Key}", new Dictionary<string, string>
        {
            ["Culture"] = En,
            ["Revision"] = Revision(html),
            ["Name"] = page.GetName(En)!,
            ["values[summary]"] = summary,
            ["Action"] = "send",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (_, after) = await writer.GetAsync(response.Headers.Location!.PathAndQuery());
        Assert.Contains("sent for approval", after, StringComparison.Ordinal);
    }

    private async Task<string> LiveAsync(ContentItem page)
    {
        using var site = Cms.CreateSiteClient();
        return await site.GetStringAsync(new Uri(Cms.Snapshot.SiteUrl(page.Key, En)!, UriKind.Relative));
    }

    private static string Revision(string html) => RevisionField().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("No revision in the page.");

    [Fact]
    public async Task A_writers_change_waits_for_an_editor_who_sees_what_changed_and_publishes_it()
    {
        var page = await PublishedPageAsync("The summary visitors read.");
        var newText = "The new summary from the writer " + Guid.NewGuid().ToString("N")[..8];
        var writer = await SignedInAsync(BackofficeRoles.Writer);

        await SendForApprovalAsync(writer, page, newText);

        Assert.DoesNotContain(newText, await LiveAsync(page), StringComparison.Ordinal);
        var editor = await SignedInAsync(BackofficeRoles.Editor);
        var (_, list) = await editor.GetAsync("/umbraco/approvals");
        Assert.Contains($"/umbraco/approvals/{page.Key}?culture={En}", list, StringComparison.Ordinal);
        Assert.Matches(NavCount(), list);

        var (status, review) = await editor.GetAsync($"/umbraco/approvals/{page.Key}?culture={En}");
        Assert.Equal(HttpStatusCode.OK, status);
        var compare = CompareLink().Match(review);
        Assert.True(compare.Success, "The review has no link to the changes.");
        var (_, changes) = await editor.GetAsync(WebUtility.HtmlDecode(compare.Groups[1].Value));
        Assert.Contains(newText.Split(' ')[^1], changes, StringComparison.Ordinal);

        await editor.GetAsync($"/umbraco/approvals/{page.Key}?culture={En}");
        using var published = await editor.PostAsync($"/umbraco/approvals/{page.Key}/publish", new Dictionary<string, string> { ["culture"] = En, ["revision"] = Revision(review) });

        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        Assert.Contains(newText, await LiveAsync(page), StringComparison.Ordinal);
        var (_, after) = await editor.GetAsync("/umbraco/approvals");
        Assert.DoesNotContain($"/umbraco/approvals/{page.Key}?", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_editor_sends_a_change_back_with_a_comment_the_writer_reads_and_nothing_is_published()
    {
        var page = await PublishedPageAsync("Old words.");
        var writerSession = NewSession();
        var writerEmail = await CreateUserAsync(BackofficeRoles.Writer);
        (await SignInAsync(writerSession, writerEmail, Password)).Dispose();
        await SendForApprovalAsync(writerSession, page, "Words the editor does not like.");
        var editor = await SignedInAsync(BackofficeRoles.Editor);
        await editor.GetAsync($"/umbraco/approvals/{page.Key}?culture={En}");

        using var rejected = await editor.PostAsync($"/umbraco/approvals/{page.Key}/reject", new Dictionary<string, string> { ["culture"] = En, ["comment"] = "Please cite the policy section." });

        Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);
        Assert.DoesNotContain("Words the editor does not like.", await LiveAsync(page), StringComparison.Ordinal);
        var (_, editorPage) = await writerSession.GetAsync($"/umbraco/content/{page.Key}?culture={En}");
        Assert.Contains("Please cite the policy section.", editorPage, StringComparison.Ordinal);
        var (_, list) = await writerSession.GetAsync("/umbraco/approvals");
        Assert.Contains("Please cite the policy section.", list, StringComparison.Ordinal);
        Assert.DoesNotContain($"/umbraco/approvals/{page.Key}?", list, StringComparison.Ordinal);

        // Sending again puts it back in the editors' list.
        await SendForApprovalAsync(writerSession, page, "Words with a citation (section 3).");
        var (_, again) = await editor.GetAsync("/umbraco/approvals");
        Assert.Contains($"/umbraco/approvals/{page.Key}?culture={En}", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sending_back_without_a_comment_is_refused_beside_the_field()
    {
        var page = await PublishedPageAsync("Text.");
        await SendForApprovalAsync(await SignedInAsync(BackofficeRoles.Writer), page, "Other text.");
        var editor = await SignedInAsync(BackofficeRoles.Editor);
        await editor.GetAsync($"/umbraco/approvals/{page.Key}?culture={En}");

        using var response = await editor.PostAsync($"/umbraco/approvals/{page.Key}/reject", new Dictionary<string, string> { ["culture"] = En, ["comment"] = "  " });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("the comment is required", html, StringComparison.Ordinal);
        var (_, list) = await editor.GetAsync("/umbraco/approvals");
        Assert.Contains($"/umbraco/approvals/{page.Key}?culture={En}", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_writer_cannot_publish_or_send_back_a_pending_change_and_nothing_changes()
    {
        var page = await PublishedPageAsync("Before.");
        var writer = await SignedInAsync(BackofficeRoles.Writer);
        await SendForApprovalAsync(writer, page, "Self-approved.");
        var (_, review) = await writer.GetAsync($"/umbraco/approvals/{page.Key}?culture={En}");
        Assert.DoesNotContain("/publish\"", review, StringComparison.Ordinal);
        var audit = await Cms.DbAsync(db => Task.FromResult(db.AuditEntries.Count()));

        var revision = (await Cms.ContentAsync(s => s.GetAsync(page.Key, CancellationToken.None)))!.Revision.ToString(CultureInfo.InvariantCulture);
        using var publish = await writer.PostAsync($"/umbraco/approvals/{page.Key}/publish", new Dictionary<string, string> { ["culture"] = En, ["revision"] = revision });
        using var reject = await writer.PostAsync($"/umbraco/approvals/{page.Key}/reject", new Dictionary<string, string> { ["culture"] = En, ["comment"] = "mine" });

        Assert.Equal(HttpStatusCode.Forbidden, publish.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, reject.StatusCode);
        Assert.DoesNotContain("Self-approved.", await LiveAsync(page), StringComparison.Ordinal);
        Assert.Equal(audit, await Cms.DbAsync(db => Task.FromResult(db.AuditEntries.Count())));
    }

    [Fact]
    public async Task Publishing_a_change_that_was_edited_after_the_review_opened_is_refused()
    {
        var page = await PublishedPageAsync("Reviewed text.");
        await SendForApprovalAsync(await SignedInAsync(BackofficeRoles.Writer), page, "Sent text.");
        var editor = await SignedInAsync(BackofficeRoles.Editor);
        var (_, review) = await editor.GetAsync($"/umbraco/approvals/{page.Key}?culture={En}");
        var sneaky = await Cms.ContentAsync(s => s.SaveAsync(page.Key, new ContentEdit().WithValue("summary", "Changed after review.", En), User, CancellationToken.None));
        Assert.True(sneaky.Success, Describe(sneaky));

        using var response = await editor.PostAsync($"/umbraco/approvals/{page.Key}/publish", new Dictionary<string, string> { ["culture"] = En, ["revision"] = Revision(review) });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("changed after you opened it", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("Changed after review.", await LiveAsync(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sending_the_same_language_twice_says_it_is_already_waiting()
    {
        var page = await PublishedPageAsync("One.");
        var writer = await SignedInAsync(BackofficeRoles.Writer);
        await SendForApprovalAsync(writer, page, "Two.");

        var (_, html) = await writer.GetAsync($"/umbraco/content/{page.Key}?culture={En}");
        using var response = await writer.PostAsync($"/umbraco/content/{page.Key}", new Dictionary<string, string>
        {
            ["Culture"] = En, ["Revision"] = Revision(html), ["Name"] = page.GetName(En)!, ["values[summary]"] = "Three.", ["Action"] = "send",
        });
        var (_, after) = await writer.GetAsync(response.Headers.Location!.PathAndQuery());

        Assert.Contains("already waiting for approval", after, StringComparison.Ordinal);
        Assert.Contains("Waiting for approval in en-US", after, StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"revision\" value=\"(\\d+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex RevisionField();

    [GeneratedRegex("""href="(/umbraco/content/[0-9a-f-]+/versions/compare\?[^"]+)">See what changed""")]
    private static partial Regex CompareLink();

    [GeneratedRegex("""Approvals <span class="bo-count">[1-9]\d*</span>""")]
    private static partial Regex NavCount();
}

public sealed class SqliteApprovalFlowTests(SqliteCmsFactory f) : ApprovalFlowTests(f), IClassFixture<SqliteCmsFactory>;

public sealed class PostgresApprovalFlowTests(PostgresCmsFactory f) : ApprovalFlowTests(f), IClassFixture<PostgresCmsFactory>;

/// <summary>The pending state lives in the database: a restarted site still lists what writers sent.</summary>
public sealed class ApprovalsSurviveARestartTests
{
    private const string Password = "Backoffice-Pa55word!";

    private static async Task<FormSession> SignInNewUserAsync(CmsFactory host, string role)
    {
        var email = $"{role}-{Guid.NewGuid():N}@isoc.test";
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<BackofficeUser>>();
            var user = new BackofficeUser { Id = Guid.NewGuid(), UserName = email, Email = email, EmailConfirmed = true, DisplayName = role };
            Assert.True((await users.CreateAsync(user, Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        }

        var session = new FormSession(host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        await session.GetAsync("/umbraco/login");
        using var response = await session.PostAsync("/umbraco/login", new Dictionary<string, string> { ["Email"] = email, ["Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return session;
    }

    [Fact]
    public async Task A_pending_change_is_still_waiting_after_the_site_restarts()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        Guid key;
        await using (var first = new CmsFactory(database))
        {
            var page = await first.CreateAsync("contentPage", first.HomeKey(), new Dictionary<string, string> { [En] = Unique("Restart") }, [En]);
            key = page.Key;
            using var writer = await SignInNewUserAsync(first, BackofficeRoles.Writer);
            var (_, html) = await writer.GetAsync($"/umbraco/content/{key}?culture={En}");
            using var sent = await writer.PostAsync($"/umbraco/content/{key}", new Dictionary<string, string>
            {
                ["Culture"] = En, ["Revision"] = Regex.Match(html, """name="Revision" value="(\d+)" """.TrimEnd()).Groups[1].Value, ["Name"] = page.GetName(En)!, ["Action"] = "send",
            });
            Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        }

        await using var second = new CmsFactory(database);
        using var editor = await SignInNewUserAsync(second, BackofficeRoles.Editor);
        var (_, list) = await editor.GetAsync("/umbraco/approvals");

        Assert.Contains($"/umbraco/approvals/{key}?culture={En}", list, StringComparison.Ordinal);
    }
}

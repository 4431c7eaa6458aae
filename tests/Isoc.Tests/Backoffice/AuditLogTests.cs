using System.Net;
using Isoc.Cms.Content;
using Isoc.Cms.Security;
using Isoc.Tests.Infrastructure;
using static Isoc.Tests.Infrastructure.TestContent;

namespace Isoc.Tests.Backoffice;

/// <summary>Every write is in the audit log with who and when, and editors can filter it by page and by person.</summary>
public abstract class AuditLogTests(CmsFactory cms) : BackofficeTests(cms)
{
    [Fact]
    public async Task Saving_and_publishing_appear_in_the_log_of_the_page_with_who_did_it()
    {
        var page = await Cms.CreateAsync("contentPage", Cms.HomeKey(), new Dictionary<string, string> { [En] = Unique("Audited"), [Et] = Unique("Auditeeritud") });
        var published = await Cms.ContentAsync(s => s.PublishAsync(page.Key, [En], "editor@isoc.test", CancellationToken.None));
        Assert.True(published.Success, Describe(published));
        var session = await SignedInAsync(BackofficeRoles.Editor);

        var (status, html) = await session.GetAsync($"/umbraco/audit?node={page.Key}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("2 entries", html, StringComparison.Ordinal);
        Assert.Contains("<td>publish</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>save</td>", html, StringComparison.Ordinal);
        Assert.Contains("editor@isoc.test", html, StringComparison.Ordinal);
        Assert.Contains(page.GetName(En)!, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_log_filters_by_user()
    {
        var someone = $"someone-{Guid.NewGuid():N}@isoc.test";
        var page = await Cms.CreateAsync("contentPage", Cms.HomeKey(), new Dictionary<string, string> { [En] = Unique("By someone"), [Et] = Unique("Keegi") });
        await Cms.ContentAsync(s => s.SaveAsync(page.Key, new ContentEdit().WithValue("summary", "Changed.", En), someone, CancellationToken.None));
        var session = await SignedInAsync(BackofficeRoles.Administrator);

        var (_, html) = await session.GetAsync($"/umbraco/audit?user={Uri.EscapeDataString(someone)}");

        Assert.Contains("1 entries", html, StringComparison.Ordinal);
        Assert.Contains(someone, html, StringComparison.Ordinal);
        Assert.DoesNotContain(User + "</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writers_cannot_read_the_log()
    {
        var session = await SignedInAsync(BackofficeRoles.Writer);

        using var response = await session.Http.GetAsync(new Uri("/umbraco/audit", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/umbraco/access-denied", response.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
    }
}

public sealed class SqliteAuditLogTests(SqliteCmsFactory f) : AuditLogTests(f), IClassFixture<SqliteCmsFactory>;

public sealed class PostgresAuditLogTests(PostgresCmsFactory f) : AuditLogTests(f), IClassFixture<PostgresCmsFactory>;

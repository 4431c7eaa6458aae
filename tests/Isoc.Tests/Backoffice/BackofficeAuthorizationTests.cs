using System.Globalization;
using System.Net;
using Isoc.Cms.Content;
using Isoc.Cms.Security;
using Isoc.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static Isoc.Tests.Infrastructure.TestContent;

namespace Isoc.Tests.Backoffice;

/// <summary>Who may call an endpoint: anyone, any backoffice user, editors and administrators, or administrators.</summary>
public enum Needs
{
    Anyone,
    Access,
    Publish,
    Administer,
}

/// <summary>
/// Every backoffice endpoint, by role, from the app's own endpoint list: a new endpoint under /umbraco fails
/// <see cref="Every_backoffice_endpoint_is_in_the_table"/> until someone says here who may call it. Then each is
/// called as nobody, a writer, an editor and an administrator: the anonymous are sent to sign in (401 for posts),
/// the others are let in or refused exactly as the table says, and a refused post changes nothing.
/// </summary>
public abstract class BackofficeAuthorizationTests(CmsFactory cms) : BackofficeTests(cms)
{
    /// <summary>
    /// "METHOD route" → who may call it, and form fields that make an allowed call harmless (a stale revision,
    /// a missing field): this test is about who gets in, the other tests about what happens inside.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (Needs Needs, string? Fields)> Table = new Dictionary<string, (Needs, string?)>
    {
        ["GET umbraco/login"] = (Needs.Anyone, null),
        ["POST umbraco/login"] = (Needs.Anyone, null),
        ["GET umbraco/login/two-factor"] = (Needs.Anyone, null),
        ["POST umbraco/login/two-factor"] = (Needs.Anyone, null),
        ["GET umbraco/access-denied"] = (Needs.Anyone, null),
        ["POST umbraco/logout"] = (Needs.Access, null),
        ["GET umbraco/profile/two-factor"] = (Needs.Access, null),
        ["POST umbraco/profile/two-factor"] = (Needs.Access, "code=000000"),
        ["GET umbraco"] = (Needs.Access, null),
        ["GET umbraco/audit"] = (Needs.Publish, null),
        ["GET umbraco/content/create"] = (Needs.Access, null),
        ["POST umbraco/content/create"] = (Needs.Access, "Name=x"),
        ["GET umbraco/content/{key:guid}"] = (Needs.Access, null),
        ["POST umbraco/content/{key:guid}"] = (Needs.Access, "Name=&Action=save"),
        ["POST umbraco/content/{key:guid}/schedule"] = (Needs.Publish, "scheduleAction=none"),
        ["GET umbraco/content/{key:guid}/versions"] = (Needs.Access, null),
        ["GET umbraco/content/{key:guid}/versions/compare"] = (Needs.Access, null),
        ["POST umbraco/content/{key:guid}/versions/{versionId:long}/rollback"] = (Needs.Access, null),
        ["GET umbraco/preview/{key:guid}"] = (Needs.Access, null),
        ["GET umbraco/approvals"] = (Needs.Access, null),
        ["GET umbraco/approvals/{key:guid}"] = (Needs.Access, null),
        ["POST umbraco/approvals/{key:guid}/publish"] = (Needs.Publish, "revision=0"),
        ["POST umbraco/approvals/{key:guid}/reject"] = (Needs.Publish, "comment="),
        ["GET umbraco/content/{key:guid}/actions"] = (Needs.Access, null),
        ["POST umbraco/content/{key:guid}/move"] = (Needs.Publish, "parent=root&revision=0"),
        ["POST umbraco/content/{key:guid}/copy"] = (Needs.Access, "parent=nowhere"),
        ["POST umbraco/content/{key:guid}/trash"] = (Needs.Publish, "revision=0"),
        ["POST umbraco/content/{key:guid}/publish-descendants"] = (Needs.Publish, "revision=0"),
        ["GET umbraco/content/sort"] = (Needs.Publish, null),
        ["POST umbraco/content/sort"] = (Needs.Publish, "move=none"),
        ["GET umbraco/recycle-bin"] = (Needs.Access, null),
        ["POST umbraco/recycle-bin/{key:guid}/restore"] = (Needs.Publish, null),
        ["POST umbraco/recycle-bin/{key:guid}/delete"] = (Needs.Publish, null),
        ["POST umbraco/api/markdown/preview"] = (Needs.Access, "markdown=x"),
        ["GET umbraco/media"] = (Needs.Access, null),
        ["POST umbraco/media/upload"] = (Needs.Access, "name="),
        ["POST umbraco/media/folder"] = (Needs.Access, "folderName="),
        ["GET umbraco/media/{key:guid}"] = (Needs.Access, null),
        ["POST umbraco/media/{key:guid}"] = (Needs.Access, "name="),
        ["POST umbraco/media/{key:guid}/move"] = (Needs.Access, "target=nowhere"),
        ["POST umbraco/media/{key:guid}/delete"] = (Needs.Publish, null),
        ["GET umbraco/settings"] = (Needs.Administer, null),
        ["GET umbraco/settings/usync"] = (Needs.Administer, null),
        ["POST umbraco/settings/usync/export"] = (Needs.Administer, null),
        ["POST umbraco/settings/usync/preview"] = (Needs.Administer, null),
        ["POST umbraco/settings/usync/import"] = (Needs.Administer, null),
        ["GET umbraco/settings/document-types"] = (Needs.Administer, null),
        ["GET umbraco/settings/document-types/create"] = (Needs.Administer, null),
        ["POST umbraco/settings/document-types/create"] = (Needs.Administer, "Name="),
        ["GET umbraco/settings/document-types/{key:guid}"] = (Needs.Administer, null),
        ["POST umbraco/settings/document-types/{key:guid}"] = (Needs.Administer, "Name="),
        ["POST umbraco/settings/document-types/{key:guid}/delete"] = (Needs.Administer, "token=stale"),
        ["GET umbraco/settings/data-types"] = (Needs.Administer, null),
        ["GET umbraco/settings/data-types/create"] = (Needs.Administer, null),
        ["POST umbraco/settings/data-types/create"] = (Needs.Administer, "Name="),
        ["GET umbraco/settings/data-types/{key:guid}"] = (Needs.Administer, null),
        ["POST umbraco/settings/data-types/{key:guid}"] = (Needs.Administer, "Name="),
        ["GET umbraco/users"] = (Needs.Administer, null),
        ["GET umbraco/users/create"] = (Needs.Administer, null),
        ["POST umbraco/users/create"] = (Needs.Administer, "Email="),
        ["GET umbraco/users/{id:guid}"] = (Needs.Administer, null),
        ["POST umbraco/users/{id:guid}/role"] = (Needs.Administer, "stamp=stale"),
        ["POST umbraco/users/{id:guid}/lock"] = (Needs.Administer, "stamp=stale"),
        ["POST umbraco/users/{id:guid}/unlock"] = (Needs.Administer, "stamp=stale"),
        ["POST umbraco/users/{id:guid}/reset-two-factor"] = (Needs.Administer, "stamp=stale"),
        ["POST umbraco/users/{id:guid}/password-link"] = (Needs.Administer, "stamp=stale"),
        ["POST umbraco/users/{id:guid}/delete"] = (Needs.Administer, "stamp=stale"),
        ["GET umbraco/set-password"] = (Needs.Anyone, null),
        ["POST umbraco/set-password"] = (Needs.Anyone, null),
        ["GET umbraco/analytics"] = (Needs.Access, null),
        ["GET umbraco/mail"] = (Needs.Administer, null),
        ["POST umbraco/mail/{id:guid}/requeue"] = (Needs.Administer, null),
        ["GET umbraco/forms"] = (Needs.Publish, null),
        ["GET umbraco/forms/{alias}"] = (Needs.Publish, null),
        ["GET umbraco/forms/{alias}/entries.csv"] = (Needs.Publish, null),
        ["POST umbraco/forms/{alias}/jobs/{id:long}/retry"] = (Needs.Publish, null),
        ["GET umbraco/forms/{alias}/definition"] = (Needs.Administer, null),
        ["POST umbraco/forms/{alias}/definition"] = (Needs.Administer, "xml="),
        ["POST umbraco/forms/export"] = (Needs.Administer, null),
        ["GET umbraco/api/consent/records.csv"] = (Needs.Publish, null),
        ["GET umbraco/api/consent/records/{consentId:guid}"] = (Needs.Publish, null),
    };

    /// <summary>The Delivery API lives under /umbraco too, but is public by design (its own tests cover its API key).</summary>
    private static bool IsBackoffice(string route) =>
        route.StartsWith("umbraco", StringComparison.OrdinalIgnoreCase) && !route.StartsWith("umbraco/delivery", StringComparison.OrdinalIgnoreCase);

    private List<string> Endpoints()
    {
        _ = Cms.Server;
        return [.. Cms.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => IsBackoffice(e.RoutePattern.RawText?.Trim('/') ?? ""))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(m => $"{m} {e.RoutePattern.RawText!.Trim('/')}"))
            .Distinct()
            .Order(StringComparer.Ordinal)];
    }

    [Fact]
    public void Every_backoffice_endpoint_is_in_the_table()
    {
        var endpoints = Endpoints();

        Assert.Empty(endpoints.Except(Table.Keys)); // a new endpoint: add it to the table with who may call it
        Assert.Empty(Table.Keys.Except(endpoints)); // a row for an endpoint that no longer exists
    }

    [Theory]
    [InlineData(null)]
    [InlineData(BackofficeRoles.Writer)]
    [InlineData(BackofficeRoles.Editor)]
    [InlineData(BackofficeRoles.Administrator)]
    public async Task Every_backoffice_endpoint_lets_in_exactly_the_roles_the_table_names(string? role)
    {
        var page = await Cms.CreateAsync("contentPage", Cms.HomeKey(), new Dictionary<string, string> { [En] = Unique("Guarded") }, [En]);
        var version = (await Cms.ContentAsync(s => s.GetVersionsAsync(page.Key, CancellationToken.None)))[0].Id;
        var session = role is null ? NewSession() : await SignedInAsync(role);
        var failures = new List<string>();

        // Signing out last: it ends the session the other calls use.
        foreach (var endpoint in Endpoints().OrderBy(e => e == "POST umbraco/logout"))
        {
            var (needs, fields) = Table[endpoint];
            var method = endpoint[..endpoint.IndexOf(' ', StringComparison.Ordinal)];
            var url = "/" + endpoint[(method.Length + 1)..]
                .Replace("{key:guid}", page.Key.ToString(), StringComparison.Ordinal)
                .Replace("{versionId:long}", version.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{alias}", "contact", StringComparison.Ordinal)
                .Replace("{id:long}", "999999", StringComparison.Ordinal);
            url = System.Text.RegularExpressions.Regex.Replace(url, "\\{[a-zA-Z]+:guid\\}", Guid.NewGuid().ToString());
            var allowed = needs switch
            {
                Needs.Anyone => true,
                Needs.Access => role is not null,
                Needs.Publish => role is BackofficeRoles.Editor or BackofficeRoles.Administrator,
                _ => role is BackofficeRoles.Administrator,
            };
            var before = await StateAsync(page.Key);

            HttpStatusCode status;
            string? location;
            if (method == "GET")
            {
                using var response = await session.Http.GetAsync(new Uri(url, UriKind.Relative));
                (status, location) = (response.StatusCode, response.Headers.Location?.PathAndQuery());
            }
            else
            {
                await session.GetAsync(role is null ? "/umbraco/login" : $"/umbraco/content/{page.Key}");
                var form = (fields ?? "").Split('&', StringSplitOptions.RemoveEmptyEntries).Select(f => f.Split('=')).ToDictionary(f => f[0], f => f.Length > 1 ? f[1] : "");
                using var response = await session.PostAsync(url, form);
                (status, location) = (response.StatusCode, response.Headers.Location?.PathAndQuery());
            }

            // Two endpoints answer like a refusal when they work: the access-denied page is a 403, signing out sends you to sign in.
            if (allowed && (endpoint, status, location) is ("GET umbraco/access-denied", HttpStatusCode.Forbidden, _) or ("POST umbraco/logout", HttpStatusCode.Redirect, "/umbraco/login"))
            {
                continue;
            }

            var toSignIn = location?.StartsWith("/umbraco/login", StringComparison.Ordinal) == true && needs != Needs.Anyone;
            var toDenied = location?.StartsWith("/umbraco/access-denied", StringComparison.Ordinal) == true;
            var refused = status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden || toSignIn || toDenied;
            if ((int)status >= 500)
            {
                failures.Add($"{endpoint}: {(int)status}");
            }
            else if (allowed && refused)
            {
                failures.Add($"{endpoint}: {role ?? "anonymous"} was refused ({(int)status} {location})");
            }
            else if (!allowed)
            {
                // People are sent to a page (GET), forms and APIs get the status code.
                var expected = role is null
                    ? toSignIn || status == HttpStatusCode.Unauthorized
                    : toDenied || status == HttpStatusCode.Forbidden;
                if (!expected)
                {
                    failures.Add($"{endpoint}: {role ?? "anonymous"} got {(int)status} {location}, not {(role is null ? "sign-in" : "403")}");
                }

                if (await StateAsync(page.Key) != before)
                {
                    failures.Add($"{endpoint}: {role ?? "anonymous"} was refused but something changed");
                }
            }
        }

        Assert.Empty(failures);
    }

    /// <summary>Actions a form offers on an endpoint any user may post to, which still need the Publish policy.</summary>
    [Theory]
    [InlineData("publish")]
    [InlineData("unpublish")]
    public async Task A_writer_who_posts_a_publish_action_to_the_editor_gets_403_and_nothing_changes(string action)
    {
        var page = await Cms.CreateAsync("contentPage", Cms.HomeKey(), new Dictionary<string, string> { [En] = Unique("Writer publish") }, [En]);
        var writer = await SignedInAsync(BackofficeRoles.Writer);
        await writer.GetAsync($"/umbraco/content/{page.Key}");
        var before = await StateAsync(page.Key);

        using var response = await writer.PostAsync($"/umbraco/content/{page.Key}", new Dictionary<string, string>
        {
            ["Culture"] = En, ["Revision"] = page.Revision.ToString(CultureInfo.InvariantCulture), ["Name"] = "Renamed by a writer", ["Action"] = action,
        });
        using var create = await writer.PostAsync($"/umbraco/content/create?parent={Cms.HomeKey()}&type=contentPage", new Dictionary<string, string>
        {
            ["Culture"] = En, ["Name"] = Unique("Created by a writer"), ["Action"] = "publish",
        });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(before, await StateAsync(page.Key));
    }

    /// <summary>What a refused call must not change: the page's revision, its published cultures, and the audit log's length.</summary>
    private async Task<(int Revision, string Published, int Audit, bool Exists)> StateAsync(Guid key)
    {
        var item = await Cms.ContentAsync(s => s.GetAsync(key, CancellationToken.None));
        var audit = await Cms.DbAsync(db => Task.FromResult(db.AuditEntries.Count()));
        return (item?.Revision ?? -1, string.Join(",", item is null ? [] : item.Published.Keys.Order(StringComparer.Ordinal)), audit, item is not null);
    }
}

public sealed class SqliteBackofficeAuthorizationTests(SqliteCmsFactory f) : BackofficeAuthorizationTests(f), IClassFixture<SqliteCmsFactory>;

public sealed class PostgresBackofficeAuthorizationTests(PostgresCmsFactory f) : BackofficeAuthorizationTests(f), IClassFixture<PostgresCmsFactory>;

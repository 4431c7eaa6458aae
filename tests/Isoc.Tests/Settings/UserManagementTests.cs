using System.Net;
using System.Text.RegularExpressions;
using Isoc.Cms.Security;
using Isoc.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Isoc.Tests.Settings;

/// <summary>
/// Backoffice users managed by administrators over HTTP: invite with a set-password link that works once and
/// enforces the password rules beside the field, change role, lock, unlock, turn two-factor off, delete; never
/// oneself; stale pages refused; writers and editors refused on the server.
/// </summary>
public abstract partial class UserManagementTests(CmsFactory cms) : BackofficeTests(cms)
{
    private async Task<BackofficeUser> UserAsync(string email)
    {
        await using var scope = Cms.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<BackofficeUser>>().FindByEmailAsync(email))!;
    }

    private async Task<IList<string>> RolesAsync(string email)
    {
        await using var scope = Cms.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BackofficeUser>>();
        return await users.GetRolesAsync((await users.FindByEmailAsync(email))!);
    }

    /// <summary>Submits one of the forms of a user's page (role, lock, delete, …) as shown.</summary>
    private static async Task<HttpResponseMessage> UserActionAsync(FormSession session, Guid id, string action, Action<List<KeyValuePair<string, string>>>? change = null)
    {
        var url = $"/umbraco/users/{id}/{action}";
        var (status, html) = await session.GetAsync($"/umbraco/users/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        var fields = HtmlForm.Fields(html, url);
        change?.Invoke(fields);
        return await SettingsCmsFactory.SubmitAsync(session, url, fields);
    }

    [Fact]
    public async Task An_invited_user_sets_a_password_through_the_link_once_and_signs_in_with_their_role()
    {
        var admin = await SignedInAsync(BackofficeRoles.Administrator);
        var email = $"invited-{Guid.NewGuid():N}@isoc.test";
        await admin.GetAsync("/umbraco/users/create");

        using var created = await admin.PostAsync("/umbraco/users/create", new Dictionary<string, string> { ["Email"] = email, ["DisplayName"] = "Invited Person", ["Role"] = BackofficeRoles.Editor });
        var html = await created.Content.ReadAsStringAsync();
        var link = WebUtility.HtmlDecode(LinkInput().Match(html).Groups["link"].Value);

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.StartsWith("http://localhost/umbraco/set-password?user=", link, StringComparison.Ordinal);
        Assert.Equal([BackofficeRoles.Editor], await RolesAsync(email));
        var (_, detail) = await admin.GetAsync($"/umbraco/users/{(await UserAsync(email)).Id}");
        Assert.DoesNotContain("set-password?user=", detail, StringComparison.Ordinal); // shown once only

        var person = NewSession();
        var path = new Uri(link).PathAndQuery;
        var (_, form) = await person.GetAsync(path);
        var fields = HtmlForm.Fields(form, "/umbraco/set-password");
        using var weak = await SettingsCmsFactory.SubmitAsync(person, "/umbraco/set-password", fields.Set("Password", "short").Set("ConfirmPassword", "short"));
        var weakHtml = await weak.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Matches("""id="Password-error"[^>]*>[^<]*at least 10 characters""", weakHtml);

        const string chosen = "Chosen-Pa55word!";
        using var set = await SettingsCmsFactory.SubmitAsync(person, "/umbraco/set-password", fields.Set("Password", chosen).Set("ConfirmPassword", chosen));
        using var reused = await SettingsCmsFactory.SubmitAsync(person, "/umbraco/set-password", fields.Set("Password", "Another-Pa55word!").Set("ConfirmPassword", "Another-Pa55word!"));
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Contains("This link does not work (any more)", await reused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var signedIn = await SignInAsync(NewSession(), email, chosen);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/umbraco", signedIn.Headers.Location!.PathAndQuery());
    }

    [Fact]
    public async Task A_new_user_form_shows_each_problem_beside_its_field()
    {
        var admin = await SignedInAsync(BackofficeRoles.Administrator);
        var existing = await CreateUserAsync(BackofficeRoles.Writer);
        await admin.GetAsync("/umbraco/users/create");

        using var bad = await admin.PostAsync("/umbraco/users/create", new Dictionary<string, string> { ["Email"] = "not an address", ["DisplayName"] = "", ["Role"] = "owner" });
        using var taken = await admin.PostAsync("/umbraco/users/create", new Dictionary<string, string> { ["Email"] = existing, ["DisplayName"] = "Twin", ["Role"] = BackofficeRoles.Writer });

        var html = await bad.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Matches("""id="Email-error"[^>]*>[^<]*Enter an email address like""", html);
        Assert.Matches("""id="DisplayName-error"[^>]*>[^<]*Enter their name""", html);
        Assert.Matches("""id="Role-error"[^>]*>[^<]*Choose administrator, editor or writer""", html);
        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        Assert.Matches("""id="Email-error"[^>]*>[^<]*already exists""", await taken.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_administrator_changes_a_role_locks_unlocks_and_turns_two_factor_off()
    {
        var admin = await SignedInAsync(BackofficeRoles.Administrator);
        var email = await CreateUserAsync(BackofficeRoles.Writer);
        var id = (await UserAsync(email)).Id;

        using var role = await UserActionAsync(admin, id, "role", f => f.Set("role", BackofficeRoles.Editor));
        Assert.Equal(HttpStatusCode.Redirect, role.StatusCode);
        Assert.Equal([BackofficeRoles.Editor], await RolesAsync(email));

        using var locked = await UserActionAsync(admin, id, "lock");
        Assert.Equal(HttpStatusCode.Redirect, locked.StatusCode);
        using (var refused = await SignInAsync(NewSession(), email, Password))
        {
            Assert.NotEqual(HttpStatusCode.Redirect, refused.StatusCode);
        }

        using var unlocked = await UserActionAsync(admin, id, "unlock");
        using (var allowed = await SignInAsync(NewSession(), email, Password))
        {
            Assert.Equal(HttpStatusCode.Redirect, allowed.StatusCode);
        }

        await using (var scope = Cms.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<BackofficeUser>>();
            var user = (await users.FindByIdAsync(id.ToString()))!;
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }

        using var reset = await UserActionAsync(admin, id, "reset-two-factor");
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.False((await UserAsync(email)).TwoFactorEnabled);
    }

    [Fact]
    public async Task An_administrator_cannot_delete_demote_or_lock_themselves_and_deletes_someone_else()
    {
        var adminEmail = await CreateUserAsync(BackofficeRoles.Administrator);
        var admin = NewSession();
        using (var signIn = await SignInAsync(admin, adminEmail, Password))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }

        var self = (await UserAsync(adminEmail)).Id;
        using var deleteSelf = await UserActionAsync(admin, self, "delete");
        using var demoteSelf = await UserActionAsync(admin, self, "role", f => f.Set("role", BackofficeRoles.Writer));
        using var lockSelf = await UserActionAsync(admin, self, "lock");

        foreach (var response in new[] { deleteSelf, demoteSelf, lockSelf })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("yourself", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal([BackofficeRoles.Administrator], await RolesAsync(adminEmail));
        Assert.Null((await UserAsync(adminEmail)).LockoutEnd);

        var other = await CreateUserAsync(BackofficeRoles.Writer);
        using var deleted = await UserActionAsync(admin, (await UserAsync(other)).Id, "delete");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Null(await UserAsync(other));
    }

    [Fact]
    public async Task An_action_from_a_stale_page_is_refused_and_changes_nothing()
    {
        var admin = await SignedInAsync(BackofficeRoles.Administrator);
        var email = await CreateUserAsync(BackofficeRoles.Writer);
        var id = (await UserAsync(email)).Id;
        var (_, stalePage) = await admin.GetAsync($"/umbraco/users/{id}");
        var staleRole = HtmlForm.Fields(stalePage, $"/umbraco/users/{id}/role").Set("role", BackofficeRoles.Administrator);

        using var changed = await UserActionAsync(admin, id, "role", f => f.Set("role", BackofficeRoles.Editor));
        using var refused = await SettingsCmsFactory.SubmitAsync(admin, $"/umbraco/users/{id}/role", staleRole);

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("Someone changed this user after you opened the page", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal([BackofficeRoles.Editor], await RolesAsync(email));
    }

    [Theory]
    [InlineData(BackofficeRoles.Writer)]
    [InlineData(BackofficeRoles.Editor)]
    public async Task Writers_and_editors_are_refused_every_user_action_and_nothing_changes(string role)
    {
        var target = await CreateUserAsync(BackofficeRoles.Writer);
        var before = await UserAsync(target);
        var session = await SignedInAsync(role);
        await session.GetAsync("/umbraco");

        foreach (var page in new[] { "/umbraco/users", "/umbraco/users/create", $"/umbraco/users/{before.Id}" })
        {
            using var get = await session.Http.GetAsync(new Uri(page, UriKind.Relative));
            Assert.True(get.StatusCode == HttpStatusCode.Redirect && get.Headers.Location!.PathAndQuery().StartsWith("/umbraco/access-denied", StringComparison.Ordinal), $"{role} GET {page}: {get.StatusCode}");
        }

        var stamp = new Dictionary<string, string> { ["stamp"] = before.ConcurrencyStamp!, ["role"] = BackofficeRoles.Administrator };
        var newEmail = $"sneaky-{Guid.NewGuid():N}@isoc.test";
        foreach (var (url, fields) in new[]
        {
            ("/umbraco/users/create", new Dictionary<string, string> { ["Email"] = newEmail, ["DisplayName"] = "Sneaky", ["Role"] = BackofficeRoles.Administrator }),
            ($"/umbraco/users/{before.Id}/role", stamp),
            ($"/umbraco/users/{before.Id}/lock", stamp),
            ($"/umbraco/users/{before.Id}/unlock", stamp),
            ($"/umbraco/users/{before.Id}/reset-two-factor", stamp),
            ($"/umbraco/users/{before.Id}/password-link", stamp),
            ($"/umbraco/users/{before.Id}/delete", stamp),
        })
        {
            using var post = await session.PostAsync(url, fields);
            Assert.True(post.StatusCode == HttpStatusCode.Forbidden, $"{role} POST {url}: {post.StatusCode}");
        }

        var after = await UserAsync(target);
        Assert.Equal(before.ConcurrencyStamp, after.ConcurrencyStamp);
        Assert.Equal([BackofficeRoles.Writer], await RolesAsync(target));
        Assert.Null(await UserAsync(newEmail));
    }

    [GeneratedRegex("""id="set-password-link"[^>]*value="(?<link>[^"]+)" """)]
    private static partial Regex LinkInput();
}

public sealed class SqliteUserManagementTests(SqliteCmsFactory f) : UserManagementTests(f), IClassFixture<SqliteCmsFactory>;

public sealed class PostgresUserManagementTests(PostgresCmsFactory f) : UserManagementTests(f), IClassFixture<PostgresCmsFactory>;

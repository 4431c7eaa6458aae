using System.Net;
using System.Text.RegularExpressions;
using Isoc.Cms.Backoffice;
using Isoc.Cms.Security;
using Isoc.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Isoc.Tests.Backoffice;

/// <summary>
/// Signing in to /umbraco: the first administrator gets in, wrong passwords never say which part was wrong,
/// five failures lock the account, forms need their antiforgery token, and two-factor sign-in asks for a code.
/// </summary>
public abstract partial class BackofficeSignInTests(CmsFactory cms) : BackofficeTests(cms)
{
    [Fact]
    public async Task A_visitor_who_is_not_signed_in_is_sent_to_the_sign_in_page()
    {
        var session = NewSession();

        using var response = await session.Http.GetAsync(new Uri("/umbraco", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/umbraco/login", response.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_first_administrator_signs_in_and_sees_the_content_tree()
    {
        var session = NewSession();

        using var signedIn = await SignInAsync(session, CmsFactory.AdminEmail, CmsFactory.AdminPassword);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/umbraco", signedIn.Headers.Location!.OriginalString);
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(BackofficeAuthentication.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("path=/umbraco", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        var (status, html) = await session.GetAsync("/umbraco");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Internet Society", html, StringComparison.Ordinal);
        Assert.Contains("administrator", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_email_get_the_same_message()
    {
        var email = await CreateUserAsync(BackofficeRoles.Editor);
        var session = NewSession();

        using var wrongPassword = await SignInAsync(session, email, "Not-the-Pa55word!");
        using var unknownEmail = await SignInAsync(session, "nobody-" + email, Password);

        Assert.Equal(HttpStatusCode.OK, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknownEmail.StatusCode);
        Assert.Contains("The email address or the password is not right.", await wrongPassword.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("The email address or the password is not right.", await unknownEmail.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(wrongPassword.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(BackofficeAuthentication.CookieName, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Empty_fields_get_a_message_beside_each_field()
    {
        var session = NewSession();

        await session.GetAsync("/umbraco/login");
        using var response = await session.PostAsync("/umbraco/login", new Dictionary<string, string> { ["Email"] = "not an address", ["Password"] = "" });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches(EmailError(), html);
        Assert.Matches(PasswordError(), html);
    }

    [Fact]
    public async Task Five_failed_sign_ins_lock_the_account_even_against_the_right_password()
    {
        var email = await CreateUserAsync(BackofficeRoles.Writer);
        var session = NewSession();
        for (var i = 0; i < 5; i++)
        {
            using var failed = await SignInAsync(session, email, "Wrong-Pa55word-" + i);
        }

        using var locked = await SignInAsync(session, email, Password);

        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Contains("locked", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var dashboard = await session.Http.GetAsync(new Uri("/umbraco", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, dashboard.StatusCode);
    }

    [Fact]
    public async Task A_sign_in_without_the_antiforgery_token_is_refused()
    {
        var session = NewSession();

        using var response = await session.PostAsync("/umbraco/login", new Dictionary<string, string> { ["Email"] = CmsFactory.AdminEmail, ["Password"] = CmsFactory.AdminPassword }, withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example/umbraco")]
    [InlineData("//evil.example/umbraco")]
    [InlineData("/not-the-backoffice/")]
    public async Task After_sign_in_a_foreign_return_address_leads_to_the_backoffice_instead(string returnUrl)
    {
        var email = await CreateUserAsync(BackofficeRoles.Editor);
        var session = NewSession();

        using var response = await SignInAsync(session, email, Password, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/umbraco", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var email = await CreateUserAsync(BackofficeRoles.Editor);
        var session = NewSession();
        using (await SignInAsync(session, email, Password))
        {
        }

        await session.GetAsync("/umbraco");
        using var signedOut = await session.PostAsync("/umbraco/logout", new Dictionary<string, string>());
        using var after = await session.Http.GetAsync(new Uri("/umbraco", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/umbraco/login", after.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_two_factor_sign_in_on_the_password_alone_is_not_enough()
    {
        var email = await CreateUserAsync(BackofficeRoles.Administrator);
        var session = NewSession();
        using (await SignInAsync(session, email, Password))
        {
        }

        var (_, setup) = await session.GetAsync("/umbraco/profile/two-factor");
        var key = SharedKey().Match(setup).Groups["key"].Value;
        Assert.False(string.IsNullOrEmpty(key), "The setup page shows no key.");
        using (var wrong = await session.PostAsync("/umbraco/profile/two-factor", new Dictionary<string, string> { ["code"] = "000000" }))
        {
            Assert.Contains("That code is not right", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var on = await session.PostAsync("/umbraco/profile/two-factor", new Dictionary<string, string> { ["code"] = Totp.Code(key, DateTimeOffset.UtcNow) }))
        {
            Assert.Contains("Two-factor sign-in is on", await on.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var next = NewSession();
        using var passwordOnly = await SignInAsync(next, email, Password);
        Assert.Equal(HttpStatusCode.Redirect, passwordOnly.StatusCode);
        Assert.StartsWith("/umbraco/login/two-factor", passwordOnly.Headers.Location!.OriginalString, StringComparison.Ordinal);
        using (var stillOut = await next.Http.GetAsync(new Uri("/umbraco", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Redirect, stillOut.StatusCode);
        }

        await next.GetAsync(passwordOnly.Headers.Location!.OriginalString);
        using var withCode = await next.PostAsync("/umbraco/login/two-factor", new Dictionary<string, string> { ["Code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
        Assert.Equal(HttpStatusCode.Redirect, withCode.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await next.GetAsync("/umbraco")).Status);
    }

    [Theory]
    [InlineData(BackofficeRoles.Writer, true, false, false)]
    [InlineData(BackofficeRoles.Editor, true, true, false)]
    [InlineData(BackofficeRoles.Administrator, true, true, true)]
    public async Task Each_role_holds_exactly_its_backoffice_permissions(string role, bool access, bool publish, bool administer)
    {
        var email = await CreateUserAsync(role);
        await using var scope = Cms.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BackofficeUser>>();
        var principals = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<BackofficeUser>>();
        var authorization = scope.ServiceProvider.GetRequiredService<IAuthorizationService>();
        var principal = await principals.CreateAsync((await users.FindByEmailAsync(email))!);

        Assert.Equal(access, (await authorization.AuthorizeAsync(principal, BackofficePolicies.Access)).Succeeded);
        Assert.Equal(publish, (await authorization.AuthorizeAsync(principal, BackofficePolicies.Publish)).Succeeded);
        Assert.Equal(administer, (await authorization.AuthorizeAsync(principal, BackofficePolicies.Administer)).Succeeded);
    }

    [GeneratedRegex("""id="Email-error"[^>]*>[^<]*Enter an email address""")]
    private static partial Regex EmailError();

    [GeneratedRegex("""id="Password-error"[^>]*>[^<]*Enter your password""")]
    private static partial Regex PasswordError();

    [GeneratedRegex("""<code>(?<key>[A-Z2-7 ]+)</code>""")]
    private static partial Regex SharedKey();
}

public sealed class SqliteBackofficeSignInTests(SqliteCmsFactory f) : BackofficeSignInTests(f), IClassFixture<SqliteCmsFactory>;

public sealed class PostgresBackofficeSignInTests(PostgresCmsFactory f) : BackofficeSignInTests(f), IClassFixture<PostgresCmsFactory>;

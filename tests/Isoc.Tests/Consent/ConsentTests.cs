using System.Net;
using AngleSharp.Dom;
using Isoc.Cms;
using Isoc.Cms.Security;
using Isoc.Plugins.Consent;
using Isoc.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Isoc.Tests.Consent;

/// <summary>The consent banner, cookie, records and gating, through the real site, as a browser without JavaScript uses them.</summary>
public abstract class ConsentTests : IDisposable
{
    /// <summary>The fixtures run at revision 2, so a cookie of revision 1 is one from before a material change.</summary>
    public const int Revision = 2;

    private const string CookieName = "isoc_consent";
    private readonly CmsFactory f;
    private readonly ConsentVisitor _visitor;

    protected ConsentTests(CmsFactory factory)
    {
        f = factory;
        _visitor = new ConsentVisitor(f);
    }

    public void Dispose()
    {
        _visitor.Dispose();
        GC.SuppressFinalize(this);
    }

    private static IElement? Banner(IDocument page) => page.QuerySelector("section#consent");

    private ConsentChoice StoredChoice() => ConsentCookie.Parse(_visitor.Cookies.GetValueOrDefault(CookieName)) ?? throw new InvalidOperationException("No consent cookie.");

    private async Task<ConsentRecord> SingleRecordAsync(Guid consentId) =>
        Assert.Single(await f.Services.GetRequiredService<IConsentRecords>().FindAsync(consentId, CancellationToken.None));

    private async Task<IReadOnlyList<ConsentRecord>> RecordsAsync(Guid consentId) =>
        await f.Services.GetRequiredService<IConsentRecords>().FindAsync(consentId, CancellationToken.None);

    [Fact]
    public async Task Before_a_choice_every_page_shows_the_banner_with_three_equal_buttons_and_nothing_ticked()
    {
        var page = await _visitor.PageAsync("/");

        var banner = Banner(page)!;
        Assert.Equal("region", banner.GetAttribute("role"));
        Assert.Equal("Cookies on this site", page.GetElementById(banner.GetAttribute("aria-labelledby")!)!.TextContent);
        var form = banner.QuerySelector("form")!;
        Assert.Equal("post", form.GetAttribute("method"));
        // No per-visitor token: the banner is the same for everyone who has not chosen, so the page can be cached.
        Assert.Null(form.QuerySelector("input[name=__RequestVerificationToken]"));
        var buttons = form.QuerySelectorAll("button:not([hidden])").ToList();
        Assert.Equal(["Accept all", "Reject all", "Choose"], buttons.Select(b => b.TextContent));
        Assert.Single(buttons.Select(b => b.GetAttribute("class")).Distinct());
        Assert.All(form.QuerySelectorAll("input[type=checkbox][name=categories]"), c => Assert.False(c.HasAttribute("checked")));
        Assert.Equal("/?cookie-settings#consent", page.QuerySelector("footer a[data-consent-settings-link]")!.GetAttribute("href"));
        Assert.NotNull(page.QuerySelector($"script[src^='/js/consent.js'][nonce]"));

        var estonian = await _visitor.PageAsync("/et/");
        Assert.Equal(["Nõustu kõigiga", "Keeldu kõigist", "Vali"], Banner(estonian)!.QuerySelectorAll("button:not([hidden])").Select(b => b.TextContent));
        Assert.Equal("Küpsiste seaded", estonian.QuerySelector("footer a[data-consent-settings-link]")!.TextContent);
    }

    [Fact]
    public async Task Reject_all_sets_the_cookie_records_the_choice_and_the_banner_stays_away()
    {
        var page = await _visitor.PageAsync("/privacy-policy/");

        using var response = await _visitor.PressAsync(page, "reject-all");

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/privacy-policy/", response.Headers.Location!.OriginalString);
        var cookie = Assert.Single(ConsentVisitor.SetCookies(response), c => c.Name == CookieName);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Lax, cookie.SameSite);
        Assert.Equal("/", cookie.Path.ToString());
        Assert.InRange(cookie.MaxAge!.Value.TotalDays, 180, 184);
        var choice = StoredChoice();
        Assert.Empty(choice.Granted);
        Assert.Equal(Revision, choice.Revision);
        Assert.Null(Banner(await _visitor.PageAsync("/privacy-policy/")));
        Assert.Null(Banner(await _visitor.PageAsync("/et/")));

        var record = await SingleRecordAsync(choice.ConsentId);
        Assert.Equal("necessary", record.Granted);
        Assert.Equal("preferences,analytics", record.Denied);
        Assert.Equal(Revision, record.Revision);
        Assert.Equal(ConsentSource.Banner, record.Source);
        Assert.Equal("2011-12-15", record.PolicyVersion);
        Assert.Equal("en-US", record.Culture);
    }

    [Fact]
    public async Task Accept_all_grants_every_category()
    {
        using var response = await _visitor.PressAsync(await _visitor.PageAsync("/et/"), "accept-all");

        Assert.Equal("/et/", response.Headers.Location!.OriginalString);
        var choice = StoredChoice();
        Assert.Equal(ConsentCategories.Optional.ToHashSet(), choice.Granted.ToHashSet());
        var record = await SingleRecordAsync(choice.ConsentId);
        Assert.Equal("necessary,preferences,analytics", record.Granted);
        Assert.Equal("", record.Denied);
        Assert.Equal("et-EE", record.Culture);
    }

    [Fact]
    public async Task Choose_without_javascript_opens_the_categories_and_saves_analytics_only()
    {
        using var choose = await _visitor.PressAsync(await _visitor.PageAsync("/"), "choose");
        Assert.Equal(HttpStatusCode.SeeOther, choose.StatusCode);
        Assert.Equal("/?cookie-settings#consent", choose.Headers.Location!.OriginalString);
        Assert.False(_visitor.Cookies.ContainsKey(CookieName));

        var settings = await _visitor.PageAsync("/?cookie-settings");
        var choices = Banner(settings)!.QuerySelector("fieldset#consent-choices")!;
        Assert.False(choices.HasAttribute("hidden"));
        Assert.Equal(["necessary", "preferences", "analytics"], choices.QuerySelectorAll("input[type=checkbox]").Select(c => c.GetAttribute("value")));
        using var saved = await _visitor.PressAsync(settings, "save", "analytics");

        Assert.Equal("/", saved.Headers.Location!.OriginalString);
        var choice = StoredChoice();
        Assert.Equal([ConsentCategory.Analytics], choice.Granted);
        var record = await SingleRecordAsync(choice.ConsentId);
        Assert.Equal("necessary,analytics", record.Granted);
        Assert.Equal("preferences", record.Denied);
        Assert.Equal(ConsentSource.Settings, record.Source);
    }

    [Fact]
    public async Task Withdrawing_from_the_footer_settings_takes_one_click_and_deletes_analytics_cookies()
    {
        (await _visitor.PressAsync(await _visitor.PageAsync("/"), "accept-all")).Dispose();
        var consentId = StoredChoice().ConsentId;
        _visitor.Cookies["_ga"] = "GA1.1.123.456";
        _visitor.Cookies["_ga_ABC123"] = "GS1.1.789";
        var home = await _visitor.PageAsync("/");
        Assert.Null(Banner(home));
        Assert.True(_visitor.Cookies.ContainsKey("_ga"), "Analytics cookies stay while analytics is allowed.");

        var settings = await _visitor.PageAsync(home.QuerySelector("footer a[data-consent-settings-link]")!.GetAttribute("href")!);
        Assert.Equal("Cookie settings", Banner(settings)!.QuerySelector("h2")!.TextContent);
        Assert.True(settings.QuerySelector("input#consent-analytics")!.HasAttribute("checked"));
        using var withdrawn = await _visitor.PressAsync(settings, "reject-all");

        var deleted = ConsentVisitor.SetCookies(withdrawn).Where(c => c.Expires < DateTimeOffset.UtcNow).Select(c => c.Name.ToString()).ToHashSet();
        Assert.Contains("_ga", deleted);
        Assert.Contains("_ga_ABC123", deleted);
        Assert.DoesNotContain(CookieName, deleted);
        Assert.Equal(consentId, StoredChoice().ConsentId);
        var records = await RecordsAsync(consentId);
        Assert.Equal([ConsentSource.Banner, ConsentSource.Withdrawal], records.Select(r => r.Source));
        Assert.Equal("preferences,analytics", records[1].Denied);
    }

    [Fact]
    public async Task A_choice_under_an_older_revision_shows_the_banner_again_with_everything_optional_off()
    {
        var old = new ConsentChoice(ConsentCategories.Optional.ToHashSet(), Revision - 1, Guid.NewGuid(), DateTimeOffset.UtcNow.AddDays(-10));
        _visitor.Cookies[CookieName] = ConsentCookie.Serialize(old);
        _visitor.Cookies["_ga"] = "GA1.1.123.456";

        var page = await _visitor.PageAsync("/");

        Assert.Contains("changed since you last chose", Banner(page)!.TextContent, StringComparison.Ordinal);
        Assert.All(page.QuerySelectorAll("input[name=categories]"), c => Assert.False(c.HasAttribute("checked")));
        Assert.Contains(ConsentVisitor.SetCookies(_visitor.LastResponse!), c => c.Name == "_ga" && c.Expires < DateTimeOffset.UtcNow);
        using var again = await _visitor.PressAsync(page, "accept-all");
        Assert.Equal(old.ConsentId, StoredChoice().ConsentId);
        Assert.Equal(Revision, StoredChoice().Revision);
        Assert.Null(Banner(await _visitor.PageAsync("/")));
    }

    [Fact]
    public async Task Global_privacy_control_keeps_analytics_off_and_the_banner_says_why()
    {
        _visitor.Headers["Sec-GPC"] = "1";
        var page = await _visitor.PageAsync("/");

        Assert.Contains("Global Privacy Control", Banner(page)!.QuerySelector("[data-consent-gpc]")!.TextContent, StringComparison.Ordinal);
        using var response = await _visitor.PressAsync(page, "accept-all");

        var choice = StoredChoice();
        Assert.Equal([ConsentCategory.Preferences], choice.Granted);
        var record = await SingleRecordAsync(choice.ConsentId);
        Assert.Equal(ConsentSource.Gpc, record.Source);
        Assert.Contains("analytics", record.Denied, StringComparison.Ordinal);

        // Even a cookie that allows analytics does not, while the browser sends GPC.
        _visitor.Cookies[CookieName] = ConsentCookie.Serialize(choice with { Granted = ConsentCategories.Optional.ToHashSet() });
        _visitor.Cookies["_ga"] = "GA1.1.1.1";
        await _visitor.PageAsync("/");
        Assert.False(_visitor.Cookies.ContainsKey("_ga"));
    }

    [Theory]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    [InlineData("Origin", "https://evil.example")]
    [InlineData("Origin", "null")]
    public async Task A_choice_posted_from_another_site_is_refused(string header, string value)
    {
        var page = await _visitor.PageAsync("/");
        _visitor.PostHeaders.Remove("Sec-Fetch-Site");
        _visitor.PostHeaders.Remove("Origin");
        _visitor.PostHeaders[header] = value;

        using var response = await _visitor.PressAsync(page, "accept-all");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(_visitor.Cookies.ContainsKey(CookieName));
    }

    [Fact]
    public async Task A_return_address_off_the_site_goes_home_instead()
    {
        var page = await _visitor.PageAsync("/");
        var payloads = XssPayloads.All.Where((_, i) => i % 40 == 0).Select(p => p.Payload)
            .Concat(["https://evil.example", "//evil.example/", "/\\evil.example", "javascript:alert(1)"]);

        foreach (var returnUrl in payloads)
        {
            using var response = await _visitor.PostAsync(ConsentOptions.ChoicePath, [new("action", "reject-all"), new("returnUrl", returnUrl)]);

            Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
            var location = response.Headers.Location!.OriginalString;
            Assert.StartsWith("/", location, StringComparison.Ordinal);
            Assert.False(location.StartsWith("//", StringComparison.Ordinal) || location.StartsWith("/\\", StringComparison.Ordinal), location);
            Assert.DoesNotContain(location, c => c is '<' or '>' or '"' || c > 0x7E);
        }

        using var evil = await _visitor.PostAsync(ConsentOptions.ChoicePath, [new("action", "reject-all"), new("returnUrl", "https://evil.example")]);
        Assert.Equal("/", evil.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("1.2.analytics.zzzz.1")]
    [InlineData("1.2.analytics_preferences_marketing.5f0c6c1e2b7a4d3e9a1b0c2d3e4f5a6b.1767225600")]
    [InlineData("%3Cscript%3Ealert(1)%3C%2Fscript%3E")]
    [InlineData("1.2.analytics.5f0c6c1e2b7a4d3e9a1b0c2d3e4f5a6b.1767225600.0")]
    public async Task A_tampered_cookie_counts_as_no_choice(string value)
    {
        _visitor.Cookies[CookieName] = value;
        _visitor.Cookies["_ga"] = "GA1.1.1.1";

        var page = await _visitor.PageAsync("/");

        Assert.NotNull(Banner(page));
        Assert.False(_visitor.Cookies.ContainsKey("_ga"));
        using var response = await _visitor.PressAsync(page, "reject-all");
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.NotNull(ConsentCookie.Parse(_visitor.Cookies[CookieName]));
    }

    [Fact]
    public async Task The_script_enhanced_post_answers_with_json_instead_of_a_redirect()
    {
        var page = await _visitor.PageAsync("/");
        var fields = page.QuerySelectorAll("form[data-consent-form] input[type=hidden]")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value")!))
            .Append(new("action", "reject-all"));

        using var response = await _visitor.PostAsync(ConsentOptions.ChoicePath, fields, json: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("\"granted\":[]", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(StoredChoice().Granted);

        using var script = await _visitor.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/js/consent.js"));
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [Fact]
    public async Task Records_are_append_only_in_code_and_in_the_database()
    {
        (await _visitor.PressAsync(await _visitor.PageAsync("/"), "accept-all")).Dispose();
        var consentId = StoredChoice().ConsentId;
        var factory = f.Services.GetRequiredService<IConsentDbContextFactory>();

        await using (var db = await factory.CreateAsync(CancellationToken.None))
        {
            var record = await db.Records.SingleAsync(r => r.ConsentId == consentId);
            record.Granted = "necessary";
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }

        await using (var db = await factory.CreateAsync(CancellationToken.None))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("UPDATE consent_records SET \"Granted\" = 'necessary'"));
            await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM consent_records"));
        }

        Assert.Equal("necessary,preferences,analytics", (await SingleRecordAsync(consentId)).Granted);
    }

    [Fact]
    public async Task The_records_api_refuses_anonymous_callers_and_leaks_nothing()
    {
        (await _visitor.PressAsync(await _visitor.PageAsync("/"), "accept-all")).Dispose();
        var consentId = StoredChoice().ConsentId;

        foreach (var url in new[] { "/umbraco/api/consent/records.csv", $"/umbraco/api/consent/records/{consentId}" })
        {
            using var response = await _visitor.SendAsync(new HttpRequestMessage(HttpMethod.Get, url));

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(consentId.ToString(), body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("consent_id", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_administrator_signed_in_with_the_backoffice_cookie_exports_csv_and_looks_a_consent_id_up()
    {
        (await _visitor.PressAsync(await _visitor.PageAsync("/"), "reject-all")).Dispose();
        var consentId = StoredChoice().ConsentId;
        using var admin = new ConsentVisitor(f);
        admin.Cookies[Isoc.Cms.Backoffice.BackofficeAuthentication.CookieName] = await BackofficeCookieAsync(CmsFactory.AdminEmail);

        using var csv = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/umbraco/api/consent/records.csv"));
        using var lookup = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/umbraco/api/consent/records/{consentId}"));

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n");
        Assert.Equal(string.Join(',', ConsentCsv.Header), lines[0]);
        Assert.Contains(lines, l => l.Contains(consentId.ToString(), StringComparison.Ordinal) && l.Contains("\"preferences,analytics\"", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, lookup.StatusCode);
        Assert.Contains(consentId.ToString(), await lookup.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_writer_is_signed_in_but_may_not_read_the_records()
    {
        var email = $"writer-{Guid.NewGuid():N}@isoc.test";
        await using (var scope = f.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<BackofficeUser>>();
            var writer = new BackofficeUser { Id = Guid.NewGuid(), UserName = email, Email = email, DisplayName = "Writer" };
            Assert.True((await users.CreateAsync(writer, "Writer-Pa55word!x")).Succeeded);
            Assert.True((await users.AddToRoleAsync(writer, BackofficeRoles.Writer)).Succeeded);
        }

        using var visitor = new ConsentVisitor(f);
        visitor.Cookies[Isoc.Cms.Backoffice.BackofficeAuthentication.CookieName] = await BackofficeCookieAsync(email);
        using var response = await visitor.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/umbraco/api/consent/records.csv"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Reading_pages_with_a_consent_cookie_never_touches_the_database()
    {
        (await _visitor.PressAsync(await _visitor.PageAsync("/"), "accept-all")).Dispose();
        await Task.Delay(100);
        var before = f.Commands.DuringRequests;

        for (var i = 0; i < 20; i++)
        {
            await _visitor.PageAsync(i % 2 == 0 ? "/" : "/?cookie-settings");
        }

        Assert.Equal(before, f.Commands.DuringRequests);
        Assert.Contains("Cookie", _visitor.LastResponse!.Headers.Vary);
        Assert.Contains("Sec-GPC", _visitor.LastResponse!.Headers.Vary);
    }

    /// <summary>
    /// The Identity application cookie the backoffice sign-in will issue, made by the host's own cookie handler
    /// settings (its data protection, its claims factory with roles), so the real authentication reads it.
    /// </summary>
    private async Task<string> BackofficeCookieAsync(string email)
    {
        await using var scope = f.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BackofficeUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No user {email}.");
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<BackofficeUser>>().CreateAsync(user);
        var options = f.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var now = DateTimeOffset.UtcNow;
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now.AddHours(1) }, IdentityConstants.ApplicationScheme);
        return options.TicketDataFormat.Protect(ticket);
    }
}

/// <summary>A host at consent revision <see cref="ConsentTests.Revision"/>.</summary>
public static class ConsentHost
{
    public static CmsHostOptions Options => new() { ConfigureServices = s => s.PostConfigure<ConsentOptions>(o => o.Revision = ConsentTests.Revision) };
}

public sealed class SqliteConsentCmsFactory() : CmsFactory(DatabaseProvider.Sqlite, ConsentHost.Options);

public sealed class PostgresConsentCmsFactory() : CmsFactory(DatabaseProvider.Postgres, ConsentHost.Options);

public sealed class SqliteConsentTests(SqliteConsentCmsFactory f) : ConsentTests(f), IClassFixture<SqliteConsentCmsFactory>;

public sealed class PostgresConsentTests(PostgresConsentCmsFactory f) : ConsentTests(f), IClassFixture<PostgresConsentCmsFactory>;

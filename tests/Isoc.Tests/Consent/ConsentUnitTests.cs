using Isoc.Plugins.Consent;
using Microsoft.AspNetCore.Http;

namespace Isoc.Tests.Consent;

public class ConsentCookieTests
{
    private static readonly Guid Id = Guid.Parse("5f0c6c1e-2b7a-4d3e-9a1b-0c2d3e4f5a6b");

    [Fact]
    public void A_choice_survives_the_round_trip_through_its_cookie()
    {
        var choice = new ConsentChoice(new HashSet<ConsentCategory> { ConsentCategory.Analytics }, 3, Id, DateTimeOffset.FromUnixTimeSeconds(1767225600));

        var value = ConsentCookie.Serialize(choice);
        var parsed = ConsentCookie.Parse(value)!;

        Assert.Equal("1.3.analytics.5f0c6c1e2b7a4d3e9a1b0c2d3e4f5a6b.1767225600", value);
        Assert.Equal(choice.Revision, parsed.Revision);
        Assert.Equal(choice.ConsentId, parsed.ConsentId);
        Assert.Equal(choice.ChosenAt, parsed.ChosenAt);
        Assert.True(parsed.IsGranted(ConsentCategory.Analytics));
        Assert.False(parsed.IsGranted(ConsentCategory.Preferences));
        Assert.True(parsed.IsGranted(ConsentCategory.Necessary));
    }

    [Fact]
    public void Rejecting_everything_is_written_as_none()
    {
        var value = ConsentCookie.Serialize(new ConsentChoice(new HashSet<ConsentCategory>(), 1, Id, DateTimeOffset.UnixEpoch));

        Assert.Equal("1.1.none.5f0c6c1e2b7a4d3e9a1b0c2d3e4f5a6b.0", value);
        Assert.Empty(ConsentCookie.Parse(value)!.Granted);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("2.1.none.5f0c6c1e2b7a4d3e9a1b0c2d3e4f5a6b.0")]
    [InlineData("1.0.none.5f0c6c1e2b7a4d3e9a1b0c2d3e4f5a6b.0")]
    [InlineData("1.-1.none.5f0c6c1e2b7a4d3e9a1b0c2d3e4f5a6b.0")]
    [InlineData("1.99999999999.none.5f0c6c1e2b7a4d3e9a1b0c2d3e4f5a6b.0")]
    [InlineData("1.1.everything.5f0c6c1e2b7a4d3e9a1b0c2d3e4f5a6b.0")]
    [InlineData("1.1.necessary.5f0c6c1e2b7a4d3e9a1b0c2d3e4f5a6b.0")]
    [InlineData("1.1.analytics_analytics.5f0c6c1e2b7a4d3e9a1b0c2d3e4f5a6b.0")]
    [InlineData("1.1.Analytics.5f0c6c1e2b7a4d3e9a1b0c2d3e4f5a6b.0")]
    [InlineData("1.1.none.not-a-guid.0")]
    [InlineData("1.1.none.00000000000000000000000000000000.0")]
    [InlineData("1.1.none.5f0c6c1e-2b7a-4d3e-9a1b-0c2d3e4f5a6b.0")]
    [InlineData("1.1.none.5f0c6c1e2b7a4d3e9a1b0c2d3e4f5a6b.-5")]
    [InlineData("1.1.none.5f0c6c1e2b7a4d3e9a1b0c2d3e4f5a6b.99999999999999999999")]
    [InlineData("1.1.none.5f0c6c1e2b7a4d3e9a1b0c2d3e4f5a6b.0.extra")]
    [InlineData("1.1.none.5f0c6c1e2b7a4d3e9a1b0c2d3e4f5a6b")]
    [InlineData("1.\u0661.none.5f0c6c1e2b7a4d3e9a1b0c2d3e4f5a6b.0")]
    [InlineData("<script>alert(1)</script>")]
    public void A_malformed_or_tampered_cookie_is_no_choice(string? value) =>
        Assert.Null(ConsentCookie.Parse(value));

    [Fact]
    public void An_overlong_cookie_is_no_choice() =>
        Assert.Null(ConsentCookie.Parse("1.1." + string.Join('_', Enumerable.Repeat("analytics", 30)) + ".5f0c6c1e2b7a4d3e9a1b0c2d3e4f5a6b.0"));
}

public class ConsentRulesTests
{
    private static ConsentChoice Choice(int revision, params ConsentCategory[] granted) =>
        new(granted.ToHashSet(), revision, Guid.NewGuid(), DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_choice_under_an_older_revision_is_not_in_effect()
    {
        var old = Choice(1, ConsentCategory.Analytics, ConsentCategory.Preferences);

        Assert.Null(ConsentState.Effective(old, currentRevision: 2));
        Assert.Same(old, ConsentState.Effective(old, currentRevision: 1));
        Assert.False(ConsentState.Evaluate(ConsentState.Effective(old, 2), gpc: false, ConsentCategory.Analytics));
        Assert.False(ConsentState.Evaluate(ConsentState.Effective(old, 2), gpc: false, ConsentCategory.Preferences));
        Assert.True(ConsentState.Evaluate(ConsentState.Effective(old, 2), gpc: false, ConsentCategory.Necessary));
    }

    [Fact]
    public void Without_a_choice_only_necessary_is_allowed()
    {
        Assert.True(ConsentState.Evaluate(null, false, ConsentCategory.Necessary));
        Assert.False(ConsentState.Evaluate(null, false, ConsentCategory.Preferences));
        Assert.False(ConsentState.Evaluate(null, false, ConsentCategory.Analytics));
    }

    [Fact]
    public void Global_privacy_control_keeps_analytics_off_whatever_the_cookie_says()
    {
        var all = Choice(1, ConsentCategory.Analytics, ConsentCategory.Preferences);

        Assert.False(ConsentState.Evaluate(all, gpc: true, ConsentCategory.Analytics));
        Assert.True(ConsentState.Evaluate(all, gpc: true, ConsentCategory.Preferences));
        Assert.DoesNotContain(ConsentCategory.Analytics, ConsentDecision.Granted(ConsentAction.AcceptAll, [], gpc: true));
        Assert.DoesNotContain(ConsentCategory.Analytics, ConsentDecision.Granted(ConsentAction.Save, ["analytics"], gpc: true));
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData(" 1 ", true)]
    [InlineData("0", false)]
    [InlineData("true", false)]
    [InlineData("", false)]
    public void Only_sec_gpc_1_is_a_signal(string value, bool expected)
    {
        var headers = new HeaderDictionary { ["Sec-GPC"] = value };
        Assert.Equal(expected, ConsentState.HasGpcSignal(headers));
        Assert.False(ConsentState.HasGpcSignal(new HeaderDictionary()));
    }

    [Fact]
    public void Save_grants_only_known_optional_categories_that_were_ticked()
    {
        var granted = ConsentDecision.Granted(ConsentAction.Save, ["analytics", "necessary", "marketing", "<b>"], gpc: false);

        Assert.Equal([ConsentCategory.Analytics], granted);
        Assert.Empty(ConsentDecision.Granted(ConsentAction.RejectAll, ["analytics"], gpc: false));
        Assert.Equal(ConsentCategories.Optional.ToHashSet(), ConsentDecision.Granted(ConsentAction.AcceptAll, [], gpc: false));
    }

    [Fact]
    public void Taking_back_a_category_is_a_withdrawal_and_gpc_is_noted()
    {
        var previous = Choice(1, ConsentCategory.Analytics);

        Assert.Equal(ConsentSource.Withdrawal, ConsentDecision.Source(true, false, previous, new HashSet<ConsentCategory>()));
        Assert.Equal(ConsentSource.Settings, ConsentDecision.Source(true, false, previous, new HashSet<ConsentCategory> { ConsentCategory.Analytics, ConsentCategory.Preferences }));
        Assert.Equal(ConsentSource.Banner, ConsentDecision.Source(false, false, null, new HashSet<ConsentCategory>()));
        Assert.Equal(ConsentSource.Gpc, ConsentDecision.Source(false, true, null, new HashSet<ConsentCategory>()));
    }

    [Theory]
    [InlineData("/about/", "/about/")]
    [InlineData("/et/meist/?x=1", "/et/meist/?x=1")]
    [InlineData("https://evil.example", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("/a\\b", "/")]
    [InlineData("javascript:alert(1)", "/")]
    [InlineData("/\r\nSet-Cookie: x=1", "/")]
    [InlineData("", "/")]
    [InlineData(null, "/")]
    [InlineData("/\"><script>alert(1)</script>", "/%22%3E%3Cscript%3Ealert(1)%3C/script%3E")]
    [InlineData("/põhja/", "/p%C3%B5hja/")]
    public void The_return_address_stays_on_the_site(string? returnUrl, string expected) =>
        Assert.Equal(expected, ConsentDecision.LocalReturnUrl(returnUrl));

    [Fact]
    public void Xss_payloads_as_return_addresses_become_harmless_local_paths()
    {
        foreach (var (_, payload) in Infrastructure.XssPayloads.All)
        {
            var local = ConsentDecision.LocalReturnUrl("/" + payload);
            Assert.StartsWith("/", local, StringComparison.Ordinal);
            Assert.False(local.Length > 1 && local[1] is '/' or '\\', local);
            Assert.DoesNotContain(local, c => c is '<' or '>' or '"' or ' ' || c > 0x7E || char.IsControl(c));
        }
    }

    [Theory]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0", "Edge")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36", "Chrome")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15", "Safari")]
    [InlineData("curl/8.0", "Other")]
    [InlineData(null, "Unknown")]
    public void Records_keep_the_browser_family_only(string? userAgent, string family) =>
        Assert.Equal(family, UserAgentFamily.Of(userAgent));

    [Fact]
    public void The_cookie_registry_matches_names_and_prefixes_of_refused_categories()
    {
        var registry = new ConsentCookieRegistry(
        [
            new ConsentCookieRegistration(ConsentCategory.Analytics, "_ga"),
            new ConsentCookieRegistration(ConsentCategory.Analytics, "_ga_*"),
            new ConsentCookieRegistration(ConsentCategory.Preferences, "isoc_preferences"),
        ]);

        var refused = registry.Refused(["_ga", "_ga_ABC123", "_gax", "isoc_preferences", "isoc_consent"], c => c == ConsentCategory.Preferences).ToList();

        Assert.Equal(["_ga", "_ga_ABC123"], refused);
    }
}

public class ConsentCsvTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    [InlineData(null, "")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=HYPERLINK(\"http://evil.example\")", "\"'=HYPERLINK(\"\"http://evil.example\"\")\"")]
    [InlineData("+1+2", "'+1+2")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("=1,2", "\"'=1,2\"")]
    public void Fields_are_escaped_and_formulas_neutralised(string? field, string expected) =>
        Assert.Equal(expected, ConsentCsv.Escape(field));

    [Fact]
    public void A_record_is_one_line_with_every_column()
    {
        var record = new ConsentRecord
        {
            Id = 7,
            ConsentId = Guid.Parse("5f0c6c1e-2b7a-4d3e-9a1b-0c2d3e4f5a6b"),
            Granted = "necessary,analytics",
            Denied = "preferences",
            Revision = 2,
            PolicyVersion = "2011-12-15",
            Source = ConsentSource.Banner,
            RecordedAt = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc),
            UserAgentFamily = "Firefox",
            Culture = "et-EE",
        };

        Assert.Equal(
            "7,5f0c6c1e-2b7a-4d3e-9a1b-0c2d3e4f5a6b,2026-01-02T03:04:05Z,banner,2,2011-12-15,\"necessary,analytics\",preferences,et-EE,Firefox\r\n",
            ConsentCsv.Row(record));
        Assert.Equal(10, ConsentCsv.Header.Count);
    }
}

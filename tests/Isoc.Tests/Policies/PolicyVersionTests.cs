using System.Net;
using System.Text.Json;
using Isoc.Cms;
using Isoc.Plugins;
using Isoc.Plugins.Consent;
using Isoc.Plugins.Policies;
using Isoc.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Isoc.Tests.Policies;

/// <summary>The privacy policy as versions, through the real site: recorded on publish, stable URLs, comparison, notices, time.</summary>
public sealed class PolicyVersionTests
{
    private const string OldSentence = "We make no attempt to link them with the individual visitors to the site.";
    private const string NewSentence = "We never link them with the individual visitors to the site.";
    private const string NewParagraph = "We ask before we set any cookie that is not necessary.";
    private const string Summary = "We now explain how we ask for cookie consent.";

    private static string Updated(string seed)
    {
        Assert.Contains(OldSentence, seed, StringComparison.Ordinal);
        return seed.Replace(OldSentence, NewSentence, StringComparison.Ordinal) + $"\n\n### Cookies\n\n{NewParagraph}\n";
    }

    [Fact]
    public async Task At_first_start_the_seeded_policy_is_the_first_version_at_its_stable_url()
    {
        await using var host = await PolicyHost.StartAsync();

        var version = Assert.Single(host.Versions.All(PolicyHost.PolicyKey));
        Assert.Equal("2011-12-15", version.Label);
        Assert.False(version.Material);
        Assert.Contains(OldSentence, version.Texts["en-US"].Body, StringComparison.Ordinal);

        var page = await host.PageAsync("/privacy-policy/versions/2011-12-15/");
        Assert.Equal("Version of 15 December 2011", page.QuerySelector("h1")!.TextContent);
        Assert.Contains(OldSentence, page.QuerySelector(".body-text")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("<link rel=\"canonical\" href=\"http://localhost/privacy-policy/versions/2011-12-15/\">", page.QuerySelector("link[rel=canonical]")!.OuterHtml);

        var policy = await host.PageAsync("/privacy-policy/");
        Assert.Equal("15 December 2011", policy.QuerySelector(".policy-facts time")!.TextContent);
        Assert.Contains("This is the first version of the policy.", policy.QuerySelector(".policy-versions")!.TextContent, StringComparison.Ordinal);
        Assert.Null((await host.PageAsync("/")).QuerySelector("[data-notice]"));
        Assert.Empty(host.Published.All);
    }

    [Fact]
    public async Task Publishing_a_new_version_records_it_raises_a_notification_and_keeps_the_old_one_at_its_url()
    {
        await using var host = await PolicyHost.StartAsync();
        var seed = host.SeedBody();

        await host.PublishAsync("en-US", "2026-11-20", Updated(seed), Summary);

        var versions = host.Versions.All(PolicyHost.PolicyKey);
        Assert.Equal(["2011-12-15", "2026-11-20"], versions.Select(v => v.Label));
        var latest = versions[1];
        Assert.Equal(TestContent.User, latest.PublishedBy);
        Assert.Equal(PolicyHost.Start.UtcDateTime, latest.PublishedAt);
        Assert.Equal(Summary, latest.Texts["en-US"].Summary);
        var notification = Assert.Single(host.Published.All);
        Assert.Equal(PolicyVersionChange.Created, notification.Change);
        Assert.Equal("2026-11-20", notification.Version.Label);

        var policy = await host.PageAsync("/privacy-policy/");
        Assert.Equal("20 November 2026", policy.QuerySelector(".policy-facts time")!.TextContent);
        Assert.Contains(NewParagraph, policy.QuerySelector(".body-text")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(Summary, policy.QuerySelector(".change-summary p")!.TextContent);
        var earlier = Assert.Single(policy.QuerySelectorAll(".policy-versions a"));
        Assert.Equal("/privacy-policy/versions/2011-12-15/", earlier.GetAttribute("href"));

        var old = await host.PageAsync("/privacy-policy/versions/2011-12-15/");
        Assert.Contains(OldSentence, old.QuerySelector(".body-text")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(NewParagraph, old.Body!.TextContent, StringComparison.Ordinal);
        var current = await host.PageAsync("/privacy-policy/versions/2026-11-20/");
        Assert.Contains(NewParagraph, current.QuerySelector(".body-text")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_compare_page_marks_words_added_and_removed_and_keeps_headings()
    {
        await using var host = await PolicyHost.StartAsync();
        await host.PublishAsync("en-US", "2026-11-20", Updated(host.SeedBody()), Summary);

        var page = await host.PageAsync("/privacy-policy/compare/?from=2011-12-15&to=2026-11-20");

        Assert.Equal("Changes from 15 December 2011 to 20 November 2026", page.QuerySelector("h1")!.TextContent);
        var diff = page.QuerySelector("[data-policy-diff]")!;
        var modified = Assert.Single(diff.QuerySelectorAll("p[data-change=modified]"));
        Assert.Equal("never", Assert.Single(modified.QuerySelectorAll("ins")).TextContent);
        Assert.Equal("make no attempt to", Normalize(string.Join(' ', modified.QuerySelectorAll("del").Select(d => d.TextContent))));
        Assert.Contains(diff.QuerySelectorAll("h2[data-change=inserted] ins"), h => h.TextContent == "Cookies");
        Assert.Contains(diff.QuerySelectorAll("p[data-change=inserted]"), p => p.TextContent == NewParagraph);
        // Unchanged headings stay headings, unmarked.
        Assert.Contains(diff.QuerySelectorAll("h2[data-change=unchanged]"), h => h.TextContent.Contains("What Information do we collect?", StringComparison.Ordinal));
        // Reversed, what was added is removed.
        var back = await host.PageAsync("/privacy-policy/compare/?from=2026-11-20&to=2011-12-15");
        Assert.Contains(back.QuerySelectorAll("[data-policy-diff] p del"), d => d.TextContent == NewParagraph);
    }

    [Fact]
    public async Task The_home_page_notice_shows_in_both_languages_for_the_notice_period()
    {
        await using var host = await PolicyHost.StartAsync();
        await host.PublishAsync("en-US", "2026-11-20", Updated(host.SeedBody()), Summary);
        await host.PublishAsync("et-EE", "2026-11-20", "# Privaatsuspoliitika\n\nKüsime enne, kui seame küpsise.", "Selgitame nüüd, kuidas küsime nõusolekut.", name: "Privaatsuspoliitika");

        var english = (await host.PageAsync("/")).QuerySelector("aside.site-notices [data-notice=policy-updated]")!;
        Assert.Equal($"We updated our privacy policy on 20 November 2026: {Summary} See what changed.", Normalize(english.TextContent));
        Assert.Equal("/privacy-policy/compare/?from=2011-12-15&to=2026-11-20", english.QuerySelector("a")!.GetAttribute("href"));

        var estonian = (await host.PageAsync("/et/")).QuerySelector("aside.site-notices [data-notice=policy-updated]")!;
        Assert.Equal("Uuendasime oma privaatsuspoliitikat 20. november 2026: Selgitame nüüd, kuidas küsime nõusolekut. Vaata, mis muutus.", Normalize(estonian.TextContent));
        Assert.Equal("/et/privaatsuspoliitika/compare/?from=2011-12-15&to=2026-11-20", estonian.QuerySelector("a")!.GetAttribute("href"));
        // The Estonian diff: the first version has no Estonian text, so both sides are compared in English.
        var estonianDiff = await host.PageAsync("/et/privaatsuspoliitika/compare/?from=2011-12-15&to=2026-11-20");
        Assert.Equal("en", estonianDiff.QuerySelector("[data-policy-diff]")!.GetAttribute("lang"));
        var estonianVersion = await host.PageAsync("/et/privaatsuspoliitika/versions/2026-11-20/");
        Assert.Contains("Küsime enne", estonianVersion.QuerySelector(".body-text")!.TextContent, StringComparison.Ordinal);

        // Only on the home page.
        Assert.Null((await host.PageAsync("/privacy-policy/")).QuerySelector("[data-notice]"));

        // The period counts from publishing (later than the effective date here): 30 days by default.
        host.Time.Advance(TimeSpan.FromDays(29));
        Assert.NotNull((await host.PageAsync("/")).QuerySelector("[data-notice=policy-updated]"));
        host.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        Assert.Null((await host.PageAsync("/")).QuerySelector("[data-notice]"));
        Assert.Null((await host.PageAsync("/et/")).QuerySelector("[data-notice]"));
    }

    [Fact]
    public async Task A_future_dated_version_is_announced_and_becomes_current_on_its_date_by_itself()
    {
        await using var host = await PolicyHost.StartAsync();
        await host.PublishAsync("en-US", "2026-12-10", Updated(host.SeedBody()), Summary);

        var announcement = (await host.PageAsync("/")).QuerySelector("[data-notice=policy-upcoming]")!;
        Assert.Equal($"Our privacy policy changes; the new version takes effect on 10 December 2026: {Summary} See what changes.", Normalize(announcement.TextContent));
        Assert.Equal("/privacy-policy/compare/?from=2011-12-15&to=2026-12-10", announcement.QuerySelector("a")!.GetAttribute("href"));
        var before = await host.PageAsync("/privacy-policy/");
        Assert.Equal("15 December 2011", before.QuerySelector(".policy-facts time")!.TextContent);
        Assert.DoesNotContain(NewParagraph, before.QuerySelector(".body-text")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("takes effect on 10 December 2026", before.QuerySelector("[data-policy-upcoming]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("2011-12-15", host.Cms.Services.GetRequiredService<IConsentPolicyVersion>().Current("en-US"));

        host.Time.SetUtcNow(new DateTimeOffset(2026, 12, 10, 0, 0, 1, TimeSpan.Zero));

        var after = await host.PageAsync("/privacy-policy/");
        Assert.Equal("10 December 2026", after.QuerySelector(".policy-facts time")!.TextContent);
        Assert.Contains(NewParagraph, after.QuerySelector(".body-text")!.TextContent, StringComparison.Ordinal);
        Assert.Null(after.QuerySelector("[data-policy-upcoming]"));
        var home = await host.PageAsync("/");
        Assert.Null(home.QuerySelector("[data-notice=policy-upcoming]"));
        Assert.StartsWith("We updated our privacy policy on 10 December 2026", Normalize(home.QuerySelector("[data-notice=policy-updated]")!.TextContent), StringComparison.Ordinal);
        Assert.Equal("2026-12-10", host.Cms.Services.GetRequiredService<IConsentPolicyVersion>().Current("en-US"));
    }

    [Fact]
    public async Task A_material_change_raises_the_consent_revision_on_its_effective_date_and_visitors_are_asked_again()
    {
        await using var host = await PolicyHost.StartAsync();
        var revision = host.Cms.Services.GetRequiredService<IConsentRevision>();
        Assert.Equal(1, revision.Current);
        var chosen = ConsentCookie.Serialize(new ConsentChoice(new HashSet<ConsentCategory> { ConsentCategory.Analytics }, 1, Guid.NewGuid(), PolicyHost.Start));

        await host.PublishAsync("en-US", "2026-12-01", Updated(host.SeedBody()), Summary, material: true);
        Assert.Equal(1, revision.Current);
        Assert.DoesNotContain("id=\"consent\"", await BodyAsync(host, chosen), StringComparison.Ordinal);

        host.Time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 0, 0, 1, TimeSpan.Zero));
        Assert.Equal(2, revision.Current);
        var page = await BodyAsync(host, chosen);
        Assert.Contains("id=\"consent\"", page, StringComparison.Ordinal);
        Assert.Contains("Our use of cookies has changed since you last chose", page, StringComparison.Ordinal);

        // A later version that is not material asks nobody again.
        await host.PublishAsync("en-US", "2026-12-02", Updated(host.SeedBody()) + "\n\nA typo fixed.", "Wording.");
        host.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(2, revision.Current);
    }

    private static async Task<string> BodyAsync(PolicyHost host, string consentCookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", $"isoc_consent={consentCookie}");
        using var response = await host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Republishing_with_the_same_effective_date_corrects_that_version_at_the_same_url()
    {
        await using var host = await PolicyHost.StartAsync();
        var body = Updated(host.SeedBody());
        await host.PublishAsync("en-US", "2026-11-20", body, "First wording.");
        host.Time.Advance(TimeSpan.FromHours(2));

        await host.PublishAsync("en-US", "2026-11-20", body.Replace(NewParagraph, "We ask before any cookie that is not necessary.", StringComparison.Ordinal), Summary);
        // The same text again changes nothing and tells nobody.
        await host.PublishAsync("en-US", "2026-11-20", body.Replace(NewParagraph, "We ask before any cookie that is not necessary.", StringComparison.Ordinal), Summary);

        var versions = host.Versions.All(PolicyHost.PolicyKey);
        Assert.Equal(["2011-12-15", "2026-11-20"], versions.Select(v => v.Label));
        Assert.Equal(Summary, versions[1].Texts["en-US"].Summary);
        Assert.Equal(1, versions[1].Corrections);
        Assert.Equal(PolicyHost.Start.UtcDateTime, versions[1].PublishedAt);
        Assert.Equal([PolicyVersionChange.Created, PolicyVersionChange.Corrected], host.Published.All.Select(n => n.Change));
        var page = await host.PageAsync("/privacy-policy/versions/2026-11-20/");
        Assert.Contains("We ask before any cookie that is not necessary.", page.QuerySelector(".body-text")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Corrected on 25 November 2026", page.QuerySelector(".policy-facts")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/privacy-policy/versions/2011-13-45/", HttpStatusCode.BadRequest)]
    [InlineData("/privacy-policy/versions/not-a-date/", HttpStatusCode.BadRequest)]
    [InlineData("/privacy-policy/versions/2011-12-15T00:00/", HttpStatusCode.BadRequest)]
    [InlineData("/privacy-policy/versions/2011-12-16/", HttpStatusCode.NotFound)]
    [InlineData("/privacy-policy/versions/", HttpStatusCode.NotFound)]
    [InlineData("/privacy-policy/versions/2011-12-15/extra/", HttpStatusCode.NotFound)]
    [InlineData("/privacy-policy/elsewhere/", HttpStatusCode.NotFound)]
    [InlineData("/privacy-policy/compare/", HttpStatusCode.BadRequest)]
    [InlineData("/privacy-policy/compare/?from=2011-12-15", HttpStatusCode.BadRequest)]
    [InlineData("/privacy-policy/compare/?from=yesterday&to=2011-12-15", HttpStatusCode.BadRequest)]
    [InlineData("/privacy-policy/compare/?from=2011-12-15&from=2011-12-15&to=2011-12-15", HttpStatusCode.BadRequest)]
    [InlineData("/privacy-policy/compare/?from=2011-12-15&to=2030-01-01", HttpStatusCode.NotFound)]
    [InlineData("/privacy-policy/compare/?from=2011-12-15&to=2011-12-15", HttpStatusCode.OK)]
    [InlineData("/privacy-policy/versions/2011-12-15", HttpStatusCode.MovedPermanently)]
    [InlineData("/et/privaatsuspoliitika/versions/2011-12-15/", HttpStatusCode.NotFound)]
    public async Task Version_addresses_answer_400_for_malformed_dates_and_404_for_unknown_ones_never_500(string url, HttpStatusCode expected)
    {
        await using var host = await PolicyHost.StartAsync();

        using var response = await host.Http.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.BadRequest)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        else if (expected == HttpStatusCode.MovedPermanently)
        {
            Assert.Equal("/privacy-policy/versions/2011-12-15/", response.Headers.Location!.OriginalString);
        }
    }

    [Fact]
    public async Task The_delivery_api_lists_the_versions_on_the_policy_item()
    {
        await using var host = await PolicyHost.StartAsync();
        await host.PublishAsync("en-US", "2026-11-20", Updated(host.SeedBody()), Summary, material: true);

        using var json = JsonDocument.Parse(await host.Http.GetStringAsync(new Uri("/umbraco/delivery/api/v2/content/item/privacy-policy/", UriKind.Relative)));

        var versions = json.RootElement.GetProperty("properties").GetProperty("policyVersions").EnumerateArray().ToList();
        Assert.Equal(["2011-12-15", "2026-11-20"], versions.Select(v => v.GetProperty("effectiveDate").GetString()));
        Assert.Equal(Summary, versions[1].GetProperty("changeSummary").GetString());
        Assert.True(versions[1].GetProperty("materialChange").GetBoolean());
        Assert.Contains(NewParagraph, versions[1].GetProperty("bodyText").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(NewParagraph, versions[0].GetProperty("bodyText").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_plugin_switched_off_the_policy_page_shows_the_published_text_and_there_are_no_version_pages()
    {
        await using var host = await PolicyHost.StartAsync(settings: new Dictionary<string, string?> { ["Isoc:Plugins:Policies:Enabled"] = "false" });

        Assert.Null(host.Cms.Services.GetService<IPolicyVersions>());
        Assert.Empty(host.Cms.Services.GetServices<ISiteNoticeProvider>());
        var policy = await host.PageAsync("/privacy-policy/");
        Assert.Contains(OldSentence, policy.QuerySelector(".body-text")!.TextContent, StringComparison.Ordinal);
        Assert.Null(policy.QuerySelector(".policy-versions"));
        Assert.Equal(HttpStatusCode.NotFound, await host.StatusAsync("/privacy-policy/versions/2011-12-15/"));
        // Consent falls back to its own answers.
        Assert.Equal(1, host.Cms.Services.GetRequiredService<IConsentRevision>().Current);
        Assert.Equal("2011-12-15", host.Cms.Services.GetRequiredService<IConsentPolicyVersion>().Current("en-US"));
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("400.00:00:00")]
    public async Task A_notice_period_out_of_range_stops_the_start(string period)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            PolicyHost.StartAsync(settings: new Dictionary<string, string?> { ["Isoc:Policies:NoticePeriod"] = period }));

        Assert.Contains("Isoc:Policies:NoticePeriod", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configured_notice_period_is_used()
    {
        await using var host = await PolicyHost.StartAsync(settings: new Dictionary<string, string?> { ["Isoc:Policies:NoticePeriod"] = "2.00:00:00" });
        Assert.Equal(TimeSpan.FromDays(2), host.Cms.Services.GetRequiredService<IOptions<PoliciesOptions>>().Value.NoticePeriod);
        await host.PublishAsync("en-US", "2026-11-25", Updated(host.SeedBody()), Summary);

        host.Time.Advance(TimeSpan.FromDays(1));
        Assert.NotNull((await host.PageAsync("/")).QuerySelector("[data-notice=policy-updated]"));
        host.Time.Advance(TimeSpan.FromDays(1));
        Assert.Null((await host.PageAsync("/")).QuerySelector("[data-notice]"));
    }

    private static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}

using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Isoc.Cms.Content;
using Isoc.Cms.Publishing;
using Isoc.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Isoc.Tests.Infrastructure.TestContent;

namespace Isoc.Tests.Delivery;

/// <summary>
/// The Content Delivery API v2 contract over HTTP on the seeded site, in both cultures: items by id and route, queries,
/// headers, preview, errors, the OpenAPI document, and that reads never touch the database. Runs on SQLite and PostgreSQL.
/// </summary>
public abstract class DeliveryApiTests : IAsyncLifetime
{
    private const string Api = "/umbraco/delivery/api/v2/";
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly Guid AboutKey = Guid.Parse("e0000000-0000-4000-8000-000000000002");
    private static readonly Guid PolicyKey = Guid.Parse("e0000000-0000-4000-8000-000000000005");
    private readonly DeliveryCmsFactory f;
    private readonly HttpClient _http;

    protected DeliveryApiTests(DeliveryCmsFactory factory)
    {
        f = factory;
        _http = f.CreateSiteClient();
    }

    public Task InitializeAsync() => f.EnsureDeliveryTypesAsync();

    public Task DisposeAsync()
    {
        _http.Dispose();
        return Task.CompletedTask;
    }

    private Guid Home => f.HomeKey();

    private string HomeSegment(string culture) => f.Snapshot.Get(Home)!.ForCulture(culture)!.UrlSegment;

    private sealed record Answer(HttpStatusCode Status, string Body, string? ContentType, string Vary, TimeSpan? Age = null)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;

        public JsonNode Node => JsonNode.Parse(Body)!;
    }

    private async Task<Answer> GetAsync(string relative, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Api + relative, UriKind.Relative));
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await _http.SendAsync(request);
        return new Answer(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType, string.Join(", ", response.Headers.Vary), response.Headers.Age);
    }

    private static void AssertStatus(HttpStatusCode expected, Answer answer) =>
        Assert.True(answer.Status == expected, $"Expected {(int)expected}, got {(int)answer.Status}: {answer.Body}");

    private static void AssertProblem(HttpStatusCode status, Answer answer, string named)
    {
        AssertStatus(status, answer);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal((int)status, answer.Json.GetProperty("status").GetInt32());
        Assert.Contains(named, answer.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static string[] Names(Answer answer) =>
        answer.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToArray();

    /// <summary>A seed content page under home (or under <paramref name="parent"/>), published in both cultures; Estonian name is "{name} et".</summary>
    private async Task<ContentItem> PageAsync(string name, Guid? parent = null) =>
        await f.CreateAsync("contentPage", parent ?? Home, new Dictionary<string, string> { [En] = name, [Et] = name + " et" }, [En, Et]);

    private async Task<ContentItem> RichAsync(Guid parent, string name, Action<ContentEdit>? values = null, bool publish = true, string type = DeliveryCmsFactory.RichType)
    {
        var edit = new ContentEdit().WithName(En, name).WithName(Et, name + " et")
            .WithValue("bodyText", "<p>Body en</p>", En).WithValue("bodyText", "<p>Sisu et</p>", Et);
        values?.Invoke(edit);
        var created = await f.ContentAsync(s => s.CreateAsync(type, parent, edit, User, None));
        Assert.True(created.Success, Describe(created));
        if (!publish)
        {
            return created.Content!;
        }

        var published = await f.ContentAsync(s => s.PublishAsync(created.Content!.Key, [En, Et], User, None));
        Assert.True(published.Success, Describe(published));
        return published.Content!;
    }

    private static string Segment(string name) => UrlSegments.FromName(name);

    [Fact]
    public async Task Item_by_id_answers_the_exact_umbraco_json_shape()
    {
        var answer = await GetAsync($"content/item/{AboutKey}");

        AssertStatus(HttpStatusCode.OK, answer);
        Assert.Equal("application/json", answer.ContentType);
        var node = f.Snapshot.Get(AboutKey)!;
        var en = node.ForCulture(En)!;
        var et = node.ForCulture(Et)!;
        var startItem = new JsonObject { ["id"] = Home.ToString(), ["path"] = HomeSegment(En) };
        var expected = new JsonObject
        {
            ["contentType"] = "contentPage",
            ["name"] = "About",
            ["createDate"] = "2011-12-15T00:00:00.0000000Z",
            ["updateDate"] = DateTime.SpecifyKind(en.UpdateDate, DateTimeKind.Utc).ToString("O"),
            ["route"] = new JsonObject { ["path"] = "/about/", ["startItem"] = startItem.DeepClone() },
            ["id"] = AboutKey.ToString(),
            ["properties"] = new JsonObject
            {
                ["metaDescription"] = en.Value("metaDescription"),
                ["heading"] = null,
                ["summary"] = "What the Internet Society is, what it stands for and who its members are.",
                ["bodyText"] = new JsonObject { ["markup"] = en.Value("bodyText"), ["blocks"] = new JsonArray() },
                ["image"] = new JsonArray(),
                ["form"] = null,
            },
            ["cultures"] = new JsonObject
            {
                ["en-us"] = new JsonObject { ["path"] = "/about/", ["startItem"] = startItem.DeepClone() },
                ["et-ee"] = new JsonObject { ["path"] = "/meist/", ["startItem"] = new JsonObject { ["id"] = Home.ToString(), ["path"] = HomeSegment(Et) } },
            },
        };
        Assert.True(JsonNode.DeepEquals(expected, answer.Node), $"Expected {expected.ToJsonString()}\nGot {answer.Body}");
        Assert.Equal(["contentType", "name", "createDate", "updateDate", "route", "id", "properties", "cultures"], answer.Json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Meist", et.Name);
    }

    [Fact]
    public async Task Query_in_estonian_answers_the_exact_json()
    {
        var answer = await GetAsync("content?fetch=ancestors:meist/&fields=properties[heading]", ("Accept-Language", "et-EE"));

        AssertStatus(HttpStatusCode.OK, answer);
        var home = f.Snapshot.Get(Home)!;
        var et = home.ForCulture(Et)!;
        JsonObject Route(string culture, string path) => new() { ["path"] = path, ["startItem"] = new JsonObject { ["id"] = Home.ToString(), ["path"] = HomeSegment(culture) } };
        var expected = new JsonObject
        {
            ["total"] = 1,
            ["items"] = new JsonArray(new JsonObject
            {
                ["contentType"] = "home",
                ["name"] = "Internetiühing",
                ["createDate"] = "2011-12-15T00:00:00.0000000Z",
                ["updateDate"] = DateTime.SpecifyKind(et.UpdateDate, DateTimeKind.Utc).ToString("O"),
                ["route"] = Route(Et, "/"),
                ["id"] = Home.ToString(),
                ["properties"] = new JsonObject { ["heading"] = et.Value("heading") },
                ["cultures"] = new JsonObject { ["en-us"] = Route(En, "/"), ["et-ee"] = Route(Et, "/") },
            }),
        };
        Assert.True(JsonNode.DeepEquals(expected, answer.Node), $"Expected {expected.ToJsonString()}\nGot {answer.Body}");
        Assert.Equal("internetiuhing", HomeSegment(Et));
    }

    [Fact]
    public async Task Item_by_route_path_answers_with_or_without_slashes()
    {
        foreach (var path in new[] { "about/", "about", "About/" })
        {
            var answer = await GetAsync($"content/item/{path}");
            AssertStatus(HttpStatusCode.OK, answer);
            Assert.Equal(AboutKey, answer.Json.GetProperty("id").GetGuid());
        }

        var home = await GetAsync("content/item/");
        AssertStatus(HttpStatusCode.OK, home);
        Assert.Equal(Home, home.Json.GetProperty("id").GetGuid());
        Assert.Equal("/", home.Json.GetProperty("route").GetProperty("path").GetString());
    }

    [Fact]
    public async Task Accept_language_gives_the_estonian_name_path_and_values()
    {
        var byId = await GetAsync($"content/item/{AboutKey}", ("Accept-Language", "et-EE"));
        AssertStatus(HttpStatusCode.OK, byId);
        Assert.Equal("Meist", byId.Json.GetProperty("name").GetString());
        Assert.Equal("/meist/", byId.Json.GetProperty("route").GetProperty("path").GetString());
        Assert.StartsWith("Mis on Internetiühing", byId.Json.GetProperty("properties").GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Contains("Internetiühing", byId.Body, StringComparison.Ordinal); // non-ASCII letters are not escaped

        var byPath = await GetAsync("content/item/meist/", ("Accept-Language", "et"));
        AssertStatus(HttpStatusCode.OK, byPath);
        Assert.Equal(AboutKey, byPath.Json.GetProperty("id").GetGuid());

        var weighted = await GetAsync($"content/item/{AboutKey}", ("Accept-Language", "fr-FR, et;q=0.9, en;q=0.8"));
        Assert.Equal("Meist", weighted.Json.GetProperty("name").GetString());

        var unknown = await GetAsync($"content/item/{AboutKey}", ("Accept-Language", "xx-YY"));
        Assert.Equal("About", unknown.Json.GetProperty("name").GetString());

        var english = await GetAsync("content/item/meist/");
        AssertStatus(HttpStatusCode.NotFound, english);
    }

    [Fact]
    public async Task Children_of_slash_are_the_roots_with_home_first()
    {
        var answer = await GetAsync("content?fetch=children:/");

        AssertStatus(HttpStatusCode.OK, answer);
        var items = answer.Json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(Home, items[0].GetProperty("id").GetGuid());
        Assert.Equal("Internet Society", items[0].GetProperty("name").GetString());
        Assert.All(items, i => Assert.Equal("/", i.GetProperty("route").GetProperty("path").GetString()));
        Assert.Equal(f.Snapshot.Roots.Count, answer.Json.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Children_by_id_or_path_come_in_sort_order_with_total()
    {
        var parent = await PageAsync(Unique("Parent"));
        var a = await PageAsync("Charlie " + Unique(""), parent.Key);
        var b = await PageAsync("Alpha " + Unique(""), parent.Key);
        var c = await PageAsync("Bravo " + Unique(""), parent.Key);
        var parentPath = Segment(parent.GetName(En)!) + "/";

        var byId = await GetAsync($"content?fetch=children:{parent.Key}");
        var byPath = await GetAsync($"content?fetch=children:{parentPath}");

        AssertStatus(HttpStatusCode.OK, byId);
        Assert.Equal(3, byId.Json.GetProperty("total").GetInt32());
        Assert.Equal([a.GetName(En)!, b.GetName(En)!, c.GetName(En)!], Names(byId));
        Assert.Equal(byId.Body, byPath.Body);
        Assert.Equal($"/{parentPath}{Segment(a.GetName(En)!)}/", byId.Json.GetProperty("items")[0].GetProperty("route").GetProperty("path").GetString());
    }

    [Fact]
    public async Task Descendants_and_ancestors_follow_the_tree()
    {
        var parent = await PageAsync(Unique("Tree"));
        var child = await PageAsync(Unique("Child"), parent.Key);
        var grandchild = await PageAsync(Unique("Grandchild"), child.Key);

        var descendants = await GetAsync($"content?fetch=descendants:{parent.Key}");
        Assert.Equal([child.GetName(En)!, grandchild.GetName(En)!], Names(descendants));

        var ancestors = await GetAsync($"content?fetch=ancestors:{grandchild.Key}");
        Assert.Equal(["Internet Society", parent.GetName(En)!, child.GetName(En)!], Names(ancestors));

        var levels = await GetAsync($"content?fetch=descendants:{parent.Key}&sort=level:desc");
        Assert.Equal([grandchild.GetName(En)!, child.GetName(En)!], Names(levels));
    }

    [Fact]
    public async Task Filters_by_content_type_and_name_negate_and_combine_with_and()
    {
        var parent = await PageAsync(Unique("Filters"));
        var page = await PageAsync("Apple " + Unique(""), parent.Key);
        var rich = await RichAsync(parent.Key, "Apricot " + Unique(""));
        var other = await RichAsync(parent.Key, "Banana " + Unique(""));
        var fetch = $"fetch=children:{parent.Key}";

        Assert.Equal([rich.GetName(En)!, other.GetName(En)!], Names(await GetAsync($"content?{fetch}&filter=contentType:{DeliveryCmsFactory.RichType}")));
        Assert.Equal([page.GetName(En)!], Names(await GetAsync($"content?{fetch}&filter=contentType:!{DeliveryCmsFactory.RichType}")));
        Assert.Equal([page.GetName(En)!, rich.GetName(En)!], Names(await GetAsync($"content?{fetch}&filter=name:ap")));
        Assert.Equal([other.GetName(En)!], Names(await GetAsync($"content?{fetch}&filter=name:!ap")));
        Assert.Equal([rich.GetName(En)!], Names(await GetAsync($"content?{fetch}&filter=name:ap&filter=contentType:{DeliveryCmsFactory.RichType}")));
        Assert.Equal(["Privacy Policy"], Names(await GetAsync("content?filter=contentType:privacyPolicy")));
        Assert.Equal(["Liikmelisus"], Names(await GetAsync("content?filter=name:LIIKME", ("Accept-Language", "et-EE"))));
        Assert.Empty(Names(await GetAsync("content?filter=name:poliitika", ("Accept-Language", "et-EE")))); // the policy is not published in Estonian
    }

    [Fact]
    public async Task Date_filters_compare_create_and_update_dates()
    {
        var parent = await PageAsync(Unique("Dates"));
        await PageAsync(Unique("New"), parent.Key);
        var seedOnly = await GetAsync("content?filter=createDate<2012-01-01&filter=contentType:contentPage&take=6");
        Assert.Equal(["About", "Membership", "Contact"], Names(seedOnly));
        var onTheDay = await GetAsync("content?filter=createDate>:2011-12-15&filter=createDate<:2011-12-15T00:00:00Z&filter=contentType:home");
        Assert.Equal(["Internet Society"], Names(onTheDay));
        var recent = await GetAsync($"content?fetch=children:{parent.Key}&filter=updateDate>{DateTime.UtcNow.AddHours(-1):yyyy-MM-ddTHH:mm:ssZ}");
        Assert.Equal(1, recent.Json.GetProperty("total").GetInt32());
        var future = await GetAsync($"content?fetch=children:{parent.Key}&filter=createDate>{DateTime.UtcNow.AddDays(1):yyyy-MM-dd}");
        Assert.Equal(0, future.Json.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Sorts_by_name_sort_order_and_several_keys()
    {
        var parent = await PageAsync(Unique("Sorts"));
        var b = await PageAsync("Beta " + Unique(""), parent.Key);
        var a = await PageAsync("Alpha " + Unique(""), parent.Key);
        var c = await PageAsync("Gamma " + Unique(""), parent.Key);
        var fetch = $"fetch=children:{parent.Key}";
        string N(ContentItem i) => i.GetName(En)!;

        Assert.Equal([N(a), N(b), N(c)], Names(await GetAsync($"content?{fetch}&sort=name:asc")));
        Assert.Equal([N(c), N(b), N(a)], Names(await GetAsync($"content?{fetch}&sort=name:desc")));
        Assert.Equal([N(c), N(a), N(b)], Names(await GetAsync($"content?{fetch}&sort=sortOrder:desc")));
        Assert.Equal([N(a), N(b), N(c)], Names(await GetAsync($"content?{fetch}&sort=level:asc&sort=name:asc")));
        Assert.Equal([N(b), N(a), N(c)], Names(await GetAsync($"content?{fetch}&sort=createDate:asc")));
        Assert.Equal([N(c), N(a), N(b)], Names(await GetAsync($"content?{fetch}&sort=updateDate:desc")));
    }

    [Fact]
    public async Task Skip_and_take_page_the_results_and_a_large_take_is_capped()
    {
        var parent = await PageAsync(Unique("Paging"));
        var names = new List<string>();
        for (var i = 0; i < DeliveryCmsFactory.MaxTake + 1; i++)
        {
            names.Add((await PageAsync($"P{i} " + Unique(""), parent.Key)).GetName(En)!);
        }

        var fetch = $"fetch=children:{parent.Key}";
        var page = await GetAsync($"content?{fetch}&skip=2&take=3");
        Assert.Equal(names.Count, page.Json.GetProperty("total").GetInt32());
        Assert.Equal(names.Skip(2).Take(3), Names(page));

        var capped = await GetAsync($"content?{fetch}&take=1000");
        AssertStatus(HttpStatusCode.OK, capped);
        Assert.Equal(DeliveryCmsFactory.MaxTake, Names(capped).Length);
        Assert.Equal(names.Count, capped.Json.GetProperty("total").GetInt32());

        var beyond = await GetAsync($"content?{fetch}&skip=100");
        Assert.Empty(Names(beyond));
    }

    [Fact]
    public async Task Items_by_ids_keep_the_requested_order_and_leave_out_unknown_ids()
    {
        var answer = await GetAsync($"content/items?id={PolicyKey}&id={Guid.NewGuid()}&id={AboutKey}");

        AssertStatus(HttpStatusCode.OK, answer);
        Assert.Equal([PolicyKey, AboutKey], answer.Json.EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task Editors_convert_rich_text_markdown_dates_booleans_and_tags()
    {
        var policy = await GetAsync($"content/item/{PolicyKey}");
        var properties = policy.Json.GetProperty("properties");
        Assert.Equal(JsonValueKind.String, properties.GetProperty("bodyText").ValueKind); // Markdown is rendered to an HTML string
        Assert.StartsWith("<", properties.GetProperty("bodyText").GetString(), StringComparison.Ordinal);
        Assert.Equal("2011-12-15T00:00:00.0000000Z", properties.GetProperty("effectiveDate").GetString());
        Assert.DoesNotContain("<p>", policy.Body, StringComparison.Ordinal); // markup is escaped as \u003C in the JSON text

        var parent = await PageAsync(Unique("Editors"));
        var rich = await RichAsync(parent.Key, Unique("Rich"), e => e
            .WithValue("notes", "# Title\n\nSome *emphasis*.")
            .WithValue("eventDate", "2024-05-01T10:30:00")
            .WithValue("featured", "1")
            .WithValue("keywords", "[\"privacy\",\"members\"]"));
        var item = (await GetAsync($"content/item/{rich.Key}")).Json.GetProperty("properties");
        Assert.Equal("<p>Body en</p>", item.GetProperty("bodyText").GetProperty("markup").GetString());
        Assert.Equal(0, item.GetProperty("bodyText").GetProperty("blocks").GetArrayLength());
        Assert.Contains("<em>emphasis</em>", item.GetProperty("notes").GetString(), StringComparison.Ordinal);
        Assert.Equal("2024-05-01T10:30:00.0000000Z", item.GetProperty("eventDate").GetString());
        Assert.True(item.GetProperty("featured").GetBoolean());
        Assert.Equal(["privacy", "members"], item.GetProperty("keywords").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(JsonValueKind.Null, item.GetProperty("related").ValueKind);
        Assert.Equal(0, item.GetProperty("image").GetArrayLength());
    }

    [Fact]
    public async Task Content_pickers_are_shallow_unless_expanded_and_fields_limit_the_output()
    {
        var parent = await PageAsync(Unique("Pickers"));
        var target = await RichAsync(parent.Key, Unique("Target"), e => e.WithValue("featured", "1"));
        var source = await RichAsync(parent.Key, Unique("Source"), e => e.WithValue("related", $"umb://document/{target.Key:N}"));

        var shallow = (await GetAsync($"content/item/{source.Key}")).Json.GetProperty("properties").GetProperty("related");
        Assert.Equal(target.Key, shallow.GetProperty("id").GetGuid());
        Assert.Equal(target.GetName(En), shallow.GetProperty("name").GetString());
        Assert.Empty(shallow.GetProperty("properties").EnumerateObject());
        Assert.False(shallow.TryGetProperty("cultures", out _));

        foreach (var expand in new[] { "properties[related]", "properties[$all]" })
        {
            var expanded = (await GetAsync($"content/item/{source.Key}?expand={expand}")).Json.GetProperty("properties").GetProperty("related");
            Assert.True(expanded.GetProperty("properties").GetProperty("featured").GetBoolean());
            Assert.Equal("<p>Body en</p>", expanded.GetProperty("properties").GetProperty("bodyText").GetProperty("markup").GetString());
        }

        var limited = await GetAsync($"content/item/{source.Key}?expand=properties[related]&fields=properties[related[properties[featured]]]");
        var limitedProperties = limited.Json.GetProperty("properties");
        Assert.Equal(["related"], limitedProperties.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["featured"], limitedProperties.GetProperty("related").GetProperty("properties").EnumerateObject().Select(p => p.Name));

        var none = await GetAsync($"content?fetch=children:{parent.Key}&fields=properties[]");
        Assert.All(none.Json.GetProperty("items").EnumerateArray(), i => Assert.Empty(i.GetProperty("properties").EnumerateObject()));
    }

    [Fact]
    public async Task Start_item_header_roots_paths_at_another_site()
    {
        var rootName = Unique("Second Site");
        var root = await f.CreateAsync("home", null, new Dictionary<string, string> { [En] = rootName, [Et] = rootName + " et" }, [En, Et]);
        var child = await PageAsync(Unique("Local"), root.Key);
        var rootSegment = Segment(rootName);
        var childPath = Segment(child.GetName(En)!) + "/";

        foreach (var startItem in new[] { rootSegment, root.Key.ToString() })
        {
            var answer = await GetAsync($"content/item/{childPath}", ("Start-Item", startItem));
            AssertStatus(HttpStatusCode.OK, answer);
            Assert.Equal(child.Key, answer.Json.GetProperty("id").GetGuid());
            var route = answer.Json.GetProperty("route");
            Assert.Equal("/" + childPath, route.GetProperty("path").GetString());
            Assert.Equal(root.Key, route.GetProperty("startItem").GetProperty("id").GetGuid());
            Assert.Equal(rootSegment, route.GetProperty("startItem").GetProperty("path").GetString());
        }

        AssertStatus(HttpStatusCode.NotFound, await GetAsync($"content/item/{childPath}"));
        var children = await GetAsync("content?fetch=children:/", ("Start-Item", rootSegment));
        Assert.Equal([child.GetName(En)!], Names(children));
        var aboutUnderHome = await GetAsync("content/item/about/", ("Start-Item", HomeSegment(En)));
        Assert.Equal(AboutKey, aboutUnderHome.Json.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Preview_with_the_key_returns_drafts_and_without_it_is_401()
    {
        var parent = await PageAsync(Unique("Preview"));
        var draft = await RichAsync(parent.Key, Unique("Draft"), publish: false);
        var key = ("Api-Key", DeliveryCmsFactory.ApiKey);
        var preview = ("Preview", "true");

        AssertProblem(HttpStatusCode.NotFound, await GetAsync($"content/item/{draft.Key}"), draft.Key.ToString());
        AssertStatus(HttpStatusCode.Unauthorized, await GetAsync($"content/item/{draft.Key}", preview));
        AssertStatus(HttpStatusCode.Unauthorized, await GetAsync($"content/item/{draft.Key}", preview, ("Api-Key", "wrong-key-0123456789abcdef")));
        AssertStatus(HttpStatusCode.Unauthorized, await GetAsync($"content/item/{draft.Key}", preview, ("Api-Key", DeliveryCmsFactory.ApiKey[..^1])));

        var byId = await GetAsync($"content/item/{draft.Key}", preview, key);
        AssertStatus(HttpStatusCode.OK, byId);
        Assert.Equal(draft.GetName(En), byId.Json.GetProperty("name").GetString());
        Assert.Equal($"/preview-{draft.Key}/", byId.Json.GetProperty("route").GetProperty("path").GetString());

        var byPreviewPath = await GetAsync($"content/item/preview-{draft.Key}", preview, key);
        Assert.Equal(draft.Key, byPreviewPath.Json.GetProperty("id").GetGuid());
        AssertStatus(HttpStatusCode.NotFound, await GetAsync($"content/item/preview-{draft.Key}"));

        // A saved, unpublished change shows in preview only.
        var published = await PageAsync(Unique("Edited"), parent.Key);
        var edit = ValidEdit(f.ContentTypes.Get("contentPage")!, new Dictionary<string, string> { [En] = "Renamed in draft", [Et] = "Mustand" });
        var saved = await f.ContentAsync(s => s.SaveAsync(published.Key, edit, User, None));
        Assert.True(saved.Success, Describe(saved));
        Assert.Equal(published.GetName(En), (await GetAsync($"content/item/{published.Key}")).Json.GetProperty("name").GetString());
        Assert.Equal("Renamed in draft", (await GetAsync($"content/item/{published.Key}", preview, key)).Json.GetProperty("name").GetString());
        Assert.Equal("Mustand", (await GetAsync($"content/items?id={published.Key}", preview, key, ("Accept-Language", "et-EE"))).Json[0].GetProperty("name").GetString());
        var query = await GetAsync($"content?fetch=children:{parent.Key}&sort=name:asc", preview, key);
        Assert.Contains("Renamed in draft", Names(query));
        Assert.DoesNotContain("Renamed in draft", Names(await GetAsync($"content?fetch=children:{parent.Key}&sort=name:asc")));
    }

    [Fact]
    public async Task A_publish_is_visible_through_the_api_at_once()
    {
        var page = await RichAsync(Home, Unique("Fresh"), publish: false);
        AssertStatus(HttpStatusCode.NotFound, await GetAsync($"content/item/{page.Key}"));

        var published = await f.ContentAsync(s => s.PublishAsync(page.Key, [En, Et], User, None));
        Assert.True(published.Success, Describe(published));

        AssertStatus(HttpStatusCode.OK, await GetAsync($"content/item/{page.Key}"));
        var unpublished = await f.ContentAsync(s => s.UnpublishAsync(page.Key, null, User, None));
        Assert.True(unpublished.Success, Describe(unpublished));
        AssertStatus(HttpStatusCode.NotFound, await GetAsync($"content/item/{page.Key}"));
    }

    [Fact]
    public async Task Answers_are_cached_until_the_next_publish_and_preview_is_never_cached()
    {
        var page = await RichAsync(Home, Unique("Cached"));
        var url = $"content/item/{page.Key}";
        Assert.Null((await GetAsync(url)).Age);
        var second = await GetAsync(url);
        Assert.NotNull(second.Age); // served from the output cache
        Assert.Equal(page.GetName(En), second.Json.GetProperty("name").GetString());

        var renamed = Unique("Renamed");
        var edit = new ContentEdit().WithName(En, renamed).WithName(Et, renamed + " et").WithValue("bodyText", "<p>New</p>", En).WithValue("bodyText", "<p>Uus</p>", Et);
        Assert.True((await f.ContentAsync(s => s.SaveAsync(page.Key, edit, User, None))).Success);
        Assert.Equal(page.GetName(En), (await GetAsync(url)).Json.GetProperty("name").GetString()); // saved, not published

        var preview = await GetAsync(url, ("Preview", "true"), ("Api-Key", DeliveryCmsFactory.ApiKey));
        Assert.Equal(renamed, preview.Json.GetProperty("name").GetString());
        Assert.Null((await GetAsync(url, ("Preview", "true"), ("Api-Key", DeliveryCmsFactory.ApiKey))).Age);

        Assert.True((await f.ContentAsync(s => s.PublishAsync(page.Key, [En, Et], User, None))).Success);
        var after = await GetAsync(url);
        Assert.Equal(renamed, after.Json.GetProperty("name").GetString());
        Assert.Equal("Uus", JsonDocument.Parse((await GetAsync(url, ("Accept-Language", "et-EE"))).Body).RootElement
            .GetProperty("properties").GetProperty("bodyText").GetProperty("markup").GetString()![3..6]);
    }

    [Fact]
    public async Task Disallowed_content_types_are_never_exposed()
    {
        var parent = await PageAsync(Unique("Hidden"));
        var hidden = await RichAsync(parent.Key, Unique("Secret"), type: DeliveryCmsFactory.HiddenType);
        Assert.NotNull(f.Snapshot.Get(hidden.Key));

        AssertStatus(HttpStatusCode.NotFound, await GetAsync($"content/item/{hidden.Key}"));
        Assert.Equal(0, (await GetAsync($"content?fetch=children:{parent.Key}")).Json.GetProperty("total").GetInt32());
        Assert.Empty((await GetAsync($"content/items?id={hidden.Key}")).Json.EnumerateArray());
    }

    [Theory]
    [InlineData("content?fetch=siblings:/", "siblings")]
    [InlineData("content?filter=colour:red", "colour")]
    [InlineData("content?sort=size:asc", "size")]
    [InlineData("content?sort=name:sideways", "sideways")]
    [InlineData("content?filter=createDate>someday", "ISO 8601")]
    [InlineData("content?take=ten", "ten")]
    [InlineData("content?skip=-1", "-1")]
    [InlineData("content?expand=props[a]", "expand")]
    [InlineData("content/item/e0000000-0000-4000-8000-000000000002?fields=properties[", "fields")]
    [InlineData("content/items?id=not-a-guid", "not-a-guid")]
    [InlineData("media?fetch=descendants:/", "descendants")]
    [InlineData("media?fetch=children:/&sort=level:asc", "level")]
    [InlineData("media", "fetch")]
    [InlineData("media/items?id=123", "123")]
    public async Task Unknown_or_malformed_options_are_400_problem_details_naming_them(string url, string named)
    {
        var answer = await GetAsync(url);
        AssertProblem(HttpStatusCode.BadRequest, answer, named);
        Assert.Equal(DeliveryApiVary, answer.Vary);
    }

    private const string DeliveryApiVary = "Accept-Language, Preview, Start-Item";

    [Theory]
    [InlineData("content/item/00000000-0000-4000-8000-00000000dead")]
    [InlineData("content/item/no-such-page/")]
    [InlineData("content/item/not-a-guid-1234")]
    [InlineData("content?fetch=children:no-such-page")]
    [InlineData("media/item/e0000000-0000-4000-8000-000000000002")]
    [InlineData("media/item/images/logo.png")]
    public async Task Unknown_items_are_404_problem_details(string url)
    {
        var answer = await GetAsync(url);
        AssertStatus(HttpStatusCode.NotFound, answer);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal(DeliveryApiVary, answer.Vary);
    }

    [Theory]
    [InlineData("content/item/../../appsettings.json", "")]
    [InlineData("content/item/about/../../x", "")]
    [InlineData("content/item/ab\u0000out", "")]
    [InlineData("content/item/ab\nout", "")]
    [InlineData("content", "?fetch=children:../about")]
    [InlineData("content", "?fetch=children:ab%07c")]
    [InlineData("media/item/a/../b", "")]
    public async Task Dot_dot_and_control_characters_in_paths_are_400_never_500(string path, string query)
    {
        // Straight to the server: an HttpClient would already have removed the dot segments from the URL.
        var context = await f.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = new Microsoft.AspNetCore.Http.PathString(Api + System.Text.RegularExpressions.Regex.Unescape(path));
            c.Request.QueryString = new Microsoft.AspNetCore.Http.QueryString(query.Length == 0 ? null : query);
        });
        Assert.Equal(400, context.Response.StatusCode);
        Assert.Equal("application/problem+json", context.Response.ContentType);
        Assert.Equal(DeliveryApiVary, context.Response.Headers.Vary.ToString());
    }

    [Theory]
    [InlineData("content/item/ab%0Aout")]
    [InlineData("content/item/ab%1Bout")]
    public async Task Encoded_control_characters_through_http_are_400(string url)
    {
        var answer = await GetAsync(url);
        AssertStatus(HttpStatusCode.BadRequest, answer);
    }

    [Fact]
    public async Task Encoded_dot_dot_never_reaches_outside_the_api()
    {
        // The URL parser resolves the dot segments before routing: what is left is a path the API does not answer.
        var answer = await GetAsync("content/item/%2e%2e/%2E%2E/%2E%2E/appsettings.json");
        Assert.True(answer.Status is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{(int)answer.Status}: {answer.Body}");
        Assert.DoesNotContain("DeliveryApi", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_string_over_the_limit_is_400()
    {
        var answer = await GetAsync("content?filter=name:" + new string('a', 5000));
        AssertProblem(HttpStatusCode.BadRequest, answer, "4096");
    }

    private async Task<Isoc.Cms.Media.MediaItem> MediaAsync(Func<Isoc.Cms.Media.MediaService, Task<Isoc.Cms.Media.MediaResult>> write)
    {
        await using var scope = f.Services.CreateAsyncScope();
        var result = await write(scope.ServiceProvider.GetRequiredService<Isoc.Cms.Media.MediaService>());
        Assert.True(result.Success, result.Error);
        return result.Item!;
    }

    private Task<Isoc.Cms.Media.MediaItem> UploadAsync(Guid? folder, string fileName, byte[] bytes, string? name = null, string? altText = null) =>
        MediaAsync(m => m.UploadAsync(folder, new Isoc.Cms.Media.MediaUpload(fileName, bytes.Length, new MemoryStream(bytes)), name, altText, "api-test", None));

    private static string MediaJson(Isoc.Cms.Media.MediaItem item, bool full = true)
    {
        var head = full
            ? $"\"path\":\"{item.Path}\",\"createDate\":\"{Iso(item.CreateDate)}\",\"updateDate\":\"{Iso(item.UpdateDate)}\","
            : "";
        var properties = item.IsImage ? $$"""{"altText":{{(item.AltText is null ? "null" : $"\"{item.AltText}\"")}}}""" : "{}";
        string Number(long? n) => n?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null";
        return $$"""{{{head}}"id":"{{item.Key}}","name":"{{item.Name}}","mediaType":"{{item.MediaType}}","url":"{{item.Url ?? ""}}","extension":{{(item.Extension is null ? "null" : $"\"{item.Extension}\"")}},"width":{{Number(item.Width)}},"height":{{Number(item.Height)}},"bytes":{{(item.IsFolder ? "null" : Number(item.Bytes))}},"properties":{{properties}},"crops":[],"focalPoint":null}""";
    }

    private static string Iso(DateTime value) => Isoc.Cms.Delivery.DeliveryJsonWriter.FormatDate(value);

    [Fact]
    public async Task Media_items_answer_by_id_by_path_and_by_query_in_umbracos_shape()
    {
        var folderName = Unique("Pictures");
        var folder = await MediaAsync(m => m.CreateFolderAsync(null, folderName, "api-test", None));
        var image = await UploadAsync(folder.Key, "b-harbour.png", Infrastructure.TestImages.Png(64, 32), "Harbour", "Boats & sea");
        var document = await UploadAsync(folder.Key, "a-report.pdf", System.Text.Encoding.ASCII.GetBytes("%PDF-1.7\n%test\n"), "Annual report");

        var byId = await GetAsync($"media/item/{image.Key}");
        AssertStatus(HttpStatusCode.OK, byId);
        Assert.Equal(MediaJson(image), byId.Body.Replace("\\u0026", "&", StringComparison.Ordinal));
        Assert.Equal($"/{UrlSegments.FromName(folderName)}/harbour/", image.Path);
        Assert.StartsWith($"/media/{image.Key:N}/b-harbour.png?v=", image.Url, StringComparison.Ordinal);

        var byPath = await GetAsync($"media/item{image.Path}");
        Assert.Equal(byId.Body, byPath.Body);
        var folderItem = await GetAsync($"media/item/{folder.Key}");
        Assert.Equal(MediaJson(folder), folderItem.Body);

        var items = await GetAsync($"media/items?id={document.Key}&id={Guid.NewGuid()}&id={image.Key}");
        Assert.Equal($"[{MediaJson(document)},{byId.Body}]", items.Body);

        var children = await GetAsync($"media?fetch=children:{folder.Path}&sort=name:asc");
        AssertStatus(HttpStatusCode.OK, children);
        Assert.Equal($$"""{"total":2,"items":[{{MediaJson(document)}},{{byId.Body}}]}""", children.Body);
        var images = await GetAsync($"media?fetch=children:{folder.Key}&filter=mediaType:Image");
        Assert.Equal($$"""{"total":1,"items":[{{byId.Body}}]}""", images.Body);
        var notImages = await GetAsync($"media?fetch=children:{folder.Key}&filter=mediaType:!Image&sort=name:desc&take=1");
        Assert.Equal($$"""{"total":1,"items":[{{MediaJson(document)}}]}""", notImages.Body);
        var paged = await GetAsync($"media?fetch=children:{folder.Key}&sort=name:desc&skip=1&take=1");
        Assert.Equal($$"""{"total":2,"items":[{{MediaJson(document)}}]}""", paged.Body);
        var roots = await GetAsync("media?fetch=children:/&filter=name:" + Uri.EscapeDataString(folderName));
        Assert.Equal($$"""{"total":1,"items":[{{MediaJson(folder)}}]}""", roots.Body);

        AssertProblem(HttpStatusCode.NotFound, await GetAsync("media?fetch=children:/no-such-folder/"), "no-such-folder");
    }

    [Fact]
    public async Task A_media_picker_delivers_the_picked_media_and_leaves_out_what_is_gone()
    {
        var image = await UploadAsync(null, "picked.jpg", Infrastructure.TestImages.Jpeg(40, 20), Unique("Picked"), "A small picture");
        var gone = Guid.NewGuid();
        var value = Isoc.Cms.Media.MediaPickerValue.Format([new(Guid.NewGuid(), image.Key), new(Guid.NewGuid(), gone)]);
        var page = await RichAsync(Home, Unique("With media"), e => e.WithValue("image", value));

        var answer = await GetAsync($"content/item/{page.Key}?fields=properties[image]");

        AssertStatus(HttpStatusCode.OK, answer);
        Assert.Equal($"[{MediaJson(image, full: false)}]", answer.Json.GetProperty("properties").GetProperty("image").GetRawText());
    }

    [Fact]
    public async Task A_media_change_is_visible_through_the_api_at_once()
    {
        var image = await UploadAsync(null, "renamed.png", Infrastructure.TestImages.Png(8, 8), Unique("Before"));
        var before = await GetAsync($"media/item/{image.Key}");
        Assert.Equal(image.Name, before.Json.GetProperty("name").GetString());

        var renamed = await MediaAsync(m => m.UpdateAsync(image.Key, "After rename", "new alt", "api-test", None));

        var after = await GetAsync($"media/item/{image.Key}");
        Assert.Equal(MediaJson(renamed), after.Body);
    }

    [Fact]
    public async Task Every_answer_varies_by_language_preview_and_start_item()
    {
        foreach (var url in new[] { $"content/item/{AboutKey}", "content?fetch=children:/", "content/items?id=" + AboutKey, "media?fetch=children:/", "content?sort=bogus" })
        {
            Assert.Equal(DeliveryApiVary, (await GetAsync(url)).Vary);
        }

        Assert.Equal(DeliveryApiVary, (await GetAsync($"content/item/{AboutKey}", ("Preview", "true"))).Vary);
    }

    [Fact]
    public async Task Script_payloads_as_names_and_filters_come_back_escaped_and_never_500()
    {
        var payloads = XssPayloads.All.Select(p => p.Payload).ToList();
        Assert.Equal(482, payloads.Count);

        foreach (var payload in payloads)
        {
            var answer = await GetAsync("content?filter=name:" + Uri.EscapeDataString(payload) + "&sort=name:asc");
            Assert.True(answer.Status is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)answer.Status} for {payload}: {answer.Body}");
        }

        var parent = await PageAsync(Unique("Xss"));
        foreach (var payload in payloads.Where(p => p.Length <= 200).Take(15))
        {
            var name = Unique(payload);
            var created = await f.ContentAsync(s => s.CreateAsync(DeliveryCmsFactory.RichType, parent.Key,
                new ContentEdit().WithName(En, name).WithName(Et, name).WithValue("bodyText", payload, En).WithValue("bodyText", payload, Et), User, None));
            if (!created.Success)
            {
                continue; // the engine may refuse a name (e.g. a duplicate URL); what it accepts must come back safely
            }

            Assert.True((await f.ContentAsync(s => s.PublishAsync(created.Content!.Key, [En, Et], User, None))).Success);
            var answer = await GetAsync($"content/item/{created.Content!.Key}");
            AssertStatus(HttpStatusCode.OK, answer);
            Assert.Equal(name, answer.Json.GetProperty("name").GetString());
            // Rich text is sanitized when saved, so what a front end receives can hold no script (or is empty: null).
            var body = answer.Json.GetProperty("properties").GetProperty("bodyText");
            var markup = body.ValueKind == JsonValueKind.Null ? "" : body.GetProperty("markup").GetString()!;
            Assert.Empty(XssPayloads.ActiveContent(markup));
            Assert.DoesNotContain('<', answer.Body);
            Assert.DoesNotContain('>', answer.Body);
        }

        AssertStatus(HttpStatusCode.OK, await GetAsync($"content?fetch=children:{parent.Key}&sort=name:asc&take=6"));
    }

    [Fact]
    public async Task Reading_the_api_never_touches_the_database()
    {
        // Warm up once (first requests build endpoint metadata), then count.
        await GetAsync($"content/item/{AboutKey}");
        var before = f.Commands.DuringRequests;
        var statuses = new HashSet<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            foreach (var url in new[]
            {
                $"content/item/{AboutKey}", "content/item/about/", $"content/items?id={AboutKey}&id={PolicyKey}",
                "content?fetch=children:/", $"content?fetch=descendants:{Home}&filter=contentType:contentPage&sort=name:desc&take=3",
                "content?fetch=ancestors:about/", "content/item/no-such-page/", "media?fetch=children:/",
            })
            {
                statuses.Add((await GetAsync(url, ("Accept-Language", i % 2 == 0 ? "en-US" : "et-EE"))).Status);
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.NotFound], statuses.Order());
        var sent = f.Commands.RequestCommands.Skip((int)before).Take(5);
        Assert.True(f.Commands.DuringRequests == before, $"API reads sent {f.Commands.DuringRequests - before} SQL commands, e.g. {string.Join(" | ", sent)}");
    }

    [Fact]
    public async Task The_openapi_document_lists_every_endpoint_and_parameter()
    {
        var answer = await GetAsync("openapi.json");

        AssertStatus(HttpStatusCode.OK, answer);
        var paths = answer.Json.GetProperty("paths");
        var expected = new Dictionary<string, string[]>
        {
            ["/umbraco/delivery/api/v2/content/item/{id}"] = ["id", "expand", "fields"],
            ["/umbraco/delivery/api/v2/content/item/{path}"] = ["path", "expand", "fields"],
            ["/umbraco/delivery/api/v2/content/items"] = ["id", "expand", "fields"],
            ["/umbraco/delivery/api/v2/content"] = ["fetch", "filter", "sort", "skip", "take", "expand", "fields"],
            ["/umbraco/delivery/api/v2/media/item/{id}"] = ["id", "expand", "fields"],
            ["/umbraco/delivery/api/v2/media/item/{path}"] = ["path", "expand", "fields"],
            ["/umbraco/delivery/api/v2/media/items"] = ["id", "expand", "fields"],
            ["/umbraco/delivery/api/v2/media"] = ["fetch", "filter", "sort", "skip", "take", "expand", "fields"],
        };
        Assert.Equal(expected.Keys.Order(), paths.EnumerateObject().Select(p => p.Name).Order());
        foreach (var (path, parameters) in expected)
        {
            var names = paths.GetProperty(path).GetProperty("get").GetProperty("parameters").EnumerateArray()
                .Select(p => p.GetProperty("name").GetString()!).ToHashSet();
            foreach (var parameter in parameters.Concat(["Accept-Language", "Api-Key", "Preview", "Start-Item"]))
            {
                Assert.True(names.Contains(parameter), $"{path} does not list '{parameter}': {string.Join(", ", names)}");
            }
        }
    }
}

public sealed class SqliteDeliveryApiTests(SqliteDeliveryCmsFactory f) : DeliveryApiTests(f), IClassFixture<SqliteDeliveryCmsFactory>;

public sealed class PostgresDeliveryApiTests(PostgresDeliveryCmsFactory f) : DeliveryApiTests(f), IClassFixture<PostgresDeliveryCmsFactory>;

using System.Security.Claims;
using Isoc.Cms.Delivery;
using Isoc.Cms.Publishing;

namespace Isoc.Tests.Delivery;

/// <summary>The API's view of a snapshot without a host: routes relative to start items, cultures, sorting, access.</summary>
public sealed class DeliveryContentReaderTests
{
    private const string En = "en-US";
    private const string Et = "et-EE";
    private static readonly Guid Home = Guid.NewGuid();
    private static readonly Guid About = Guid.NewGuid();
    private static readonly Guid Second = Guid.NewGuid();
    private static readonly Guid Local = Guid.NewGuid();
    private static readonly Guid Secret = Guid.NewGuid();

    private static PublishedContent Node(Guid key, Guid? parent, int sortOrder, string type, params (string Culture, string Name)[] cultures) => new()
    {
        Key = key,
        ParentKey = parent,
        ContentTypeAlias = type,
        VariesByCulture = true,
        SortOrder = sortOrder,
        Level = parent is null ? 1 : 2,
        Cultures = cultures.ToDictionary(
            c => c.Culture,
            c => new PublishedCulture { Culture = c.Culture, Name = c.Name, UrlSegment = Isoc.Cms.Content.UrlSegments.FromName(c.Name), Values = new Dictionary<string, string?>() }),
    };

    private static readonly PublishedSnapshot Snapshot = PublishedSnapshot.Build(1, En, [En, Et],
    [
        Node(Home, null, 0, "home", (En, "Home"), (Et, "Avaleht")),
        Node(About, Home, 0, "page", (En, "Tõru"), (Et, "Tõru")),
        Node(Guid.NewGuid(), Home, 1, "page", (En, "Zebra"), (Et, "Zebra")),
        Node(Guid.NewGuid(), Home, 2, "page", (En, "Sõna"), (Et, "Sõna")),
        Node(Secret, Home, 3, "secret", (En, "Secret"), (Et, "Saladus")),
        Node(Second, null, 1, "home", (En, "Second site"), (Et, "Teine sait")),
        Node(Local, Second, 0, "page", (En, "Local news"), (Et, "Kohalikud uudised")),
    ], [], DateTime.UtcNow);

    private static DeliveryContentReader Reader(string culture = En, string? startItem = null, IDeliveryContentAccess? access = null)
    {
        var options = new DeliveryApiOptions { Enabled = true };
        options.DisallowedContentTypeAliases.Add("secret");
        return new DeliveryContentReader(Snapshot, culture, startItem, options, access ?? new PublicDeliveryContentAccess(), new ClaimsPrincipal(), new DeliveryQueryCache());
    }

    [Fact]
    public void Items_under_another_root_have_paths_relative_to_it_and_it_as_start_item()
    {
        var route = Reader().Route(Local, En)!;

        Assert.Equal("/local-news/", route.Path);
        Assert.Equal(Second, route.StartItemId);
        Assert.Equal("second-site", route.StartItemPath);
        Assert.Equal("/kohalikud-uudised/", Reader(Et).Route(Local, Et)!.Path);
        Assert.Equal("teine-sait", Reader(Et).Route(Local, Et)!.StartItemPath);
    }

    [Fact]
    public void Start_item_by_segment_or_id_resolves_paths_under_it()
    {
        Assert.Null(Reader().ResolvePath("local-news/"));
        Assert.Equal(Local, Reader(startItem: "second-site").ResolvePath("local-news/")?.Key);
        Assert.Equal(Local, Reader(startItem: Second.ToString()).ResolvePath("/local-news")?.Key);
        Assert.Equal(Second, Reader(startItem: "second-site").ResolvePath("/")?.Key);
        Assert.Equal(Local, Reader(Et, startItem: "teine-sait").ResolvePath("kohalikud-uudised")?.Key);
        Assert.Null(Reader(startItem: About.ToString()).StartItem); // only a root can be a start item
    }

    [Fact]
    public void Name_sort_follows_the_collation_of_the_culture()
    {
        var fetch = new FetchSelector(FetchKind.Children, Home.ToString());
        string[] Names(string culture) =>
            Reader(culture).Query(fetch, [], [new SortOption(SortField.Name, false)], out _).Select(n => n.ForCulture(culture)!.Name).ToArray();

        Assert.Equal(["Sõna", "Tõru", "Zebra"], Names(En));
        Assert.Equal(["Sõna", "Zebra", "Tõru"], Names(Et)); // Estonian: s, š, z, ž, t, u, v, w, õ, ä, ö, ü
    }

    [Fact]
    public void Disallowed_types_and_unreadable_items_are_left_out()
    {
        var fetch = new FetchSelector(FetchKind.Children, Home.ToString());
        Assert.DoesNotContain(Reader().Query(fetch, [], [], out _), n => n.Key == Secret);
        Assert.Null(Reader().GetVisible(Secret));

        var noAbout = new DenyAccess(About);
        Assert.DoesNotContain(Reader(access: noAbout).Query(fetch, [], [], out _), n => n.Key == About);
        Assert.Contains(Reader().Query(fetch, [], [], out _), n => n.Key == About); // the memoised result is not the filtered one
        Assert.Null(Reader(access: noAbout).GetVisible(About));
    }

    [Fact]
    public void Children_of_slash_are_the_roots_and_an_unknown_target_is_not_found()
    {
        Assert.Equal([Home, Second], Reader().Query(new FetchSelector(FetchKind.Children, "/"), [], [], out var found).Select(n => n.Key));
        Assert.True(found);
        Assert.Empty(Reader().Query(new FetchSelector(FetchKind.Children, "no-such/"), [], [], out found));
        Assert.False(found);
    }

    [Theory]
    [InlineData(null, En)]
    [InlineData("et-EE", Et)]
    [InlineData("ET-ee", Et)]
    [InlineData("et", Et)]
    [InlineData("fr-FR, et;q=0.9, en;q=0.8", Et)]
    [InlineData("et;q=0.1, en-US;q=0.9", En)]
    [InlineData("et;q=0", En)]
    [InlineData("xx-YY", En)]
    [InlineData("*", En)]
    public void Accept_language_picks_the_best_culture_the_site_has(string? header, string expected) =>
        Assert.Equal(expected, DeliveryApiService.ResolveCulture(header, Snapshot));

    private sealed class DenyAccess(Guid denied) : IDeliveryContentAccess
    {
        public bool CanRead(PublishedContent content, ClaimsPrincipal user) => content.Key != denied;
    }
}

using Isoc.Cms.Publishing;

namespace Isoc.Tests.Unit;

public class PublishedSnapshotTests
{
    private const string En = "en-US";
    private const string Et = "et-EE";
    private static readonly string[] Cultures = [En, Et];

    private static readonly Guid Home = Guid.NewGuid();
    private static readonly Guid About = Guid.NewGuid();
    private static readonly Guid Team = Guid.NewGuid();
    private static readonly Guid News = Guid.NewGuid();

    private static PublishedContent Node(Guid key, Guid? parent, int sortOrder, params (string Culture, string Name, string Segment)[] cultures) => new()
    {
        Key = key,
        ParentKey = parent,
        ContentTypeAlias = "contentPage",
        VariesByCulture = true,
        SortOrder = sortOrder,
        Cultures = cultures.ToDictionary(
            c => c.Culture,
            c => new PublishedCulture { Culture = c.Culture, Name = c.Name, UrlSegment = c.Segment, Values = new Dictionary<string, string?>() }),
    };

    private static PublishedSnapshot Build(IEnumerable<PublishedContent> nodes, params (string, string, Guid)[] redirects) =>
        PublishedSnapshot.Build(1, En, Cultures, nodes, redirects, DateTime.UtcNow);

    private static List<PublishedContent> Site() =>
    [
        Node(Home, null, 0, (En, "Home", "home"), (Et, "Avaleht", "avaleht")),
        Node(About, Home, 0, (En, "About", "about"), (Et, "Meist", "meist")),
        Node(Team, About, 0, (En, "Team", "team"), (Et, "Meeskond", "meeskond")),
        Node(News, Home, 1, (En, "News", "news")),
    ];

    [Fact]
    public void The_first_root_is_the_home_page_at_slash_in_every_culture()
    {
        var snapshot = Build(Site());

        Assert.Equal("/", snapshot.GetPath(Home, En));
        Assert.Equal("/", snapshot.GetPath(Home, Et));
        Assert.Equal(Home, snapshot.GetByPath(En, "/")?.Key);
        Assert.Equal(Home, snapshot.GetByPath(Et, "")?.Key);
    }

    [Fact]
    public void Children_of_home_hang_off_slash_and_grandchildren_off_their_parent()
    {
        var snapshot = Build(Site());

        Assert.Equal("/about/", snapshot.GetPath(About, En));
        Assert.Equal("/about/team/", snapshot.GetPath(Team, En));
        Assert.Equal("/meist/meeskond/", snapshot.GetPath(Team, Et));
        Assert.Equal(Team, snapshot.GetByPath(En, "about/TEAM")?.Key);
        Assert.Equal(Team, snapshot.GetByPath(Et, "/meist/meeskond/")?.Key);
        Assert.Null(snapshot.GetByPath(En, "/team/"));
    }

    [Fact]
    public void A_node_not_published_in_a_culture_has_no_path_there()
    {
        var snapshot = Build(Site());

        Assert.Equal("/news/", snapshot.GetPath(News, En));
        Assert.Null(snapshot.GetPath(News, Et));
        Assert.Null(snapshot.GetByPath(Et, "/news/"));
        Assert.Equal([About], snapshot.GetChildren(Home, Et).Select(c => c.Key));
        Assert.Equal([About, News], snapshot.GetChildren(Home, En).Select(c => c.Key));
    }

    [Fact]
    public void A_culture_missing_on_the_parent_hides_the_children_in_that_culture()
    {
        var nodes = Site();
        nodes[1] = Node(About, Home, 0, (En, "About", "about"));
        var snapshot = Build(nodes);

        Assert.Null(snapshot.GetPath(Team, Et));
        Assert.Equal("/about/team/", snapshot.GetPath(Team, En));
    }

    [Fact]
    public void An_unpublished_parent_hides_its_children()
    {
        var nodes = Site().Where(n => n.Key != About).ToList();
        var snapshot = Build(nodes);

        Assert.Null(snapshot.GetPath(Team, En));
        Assert.Null(snapshot.GetByPath(En, "/about/team/"));
        Assert.DoesNotContain(snapshot.GetDescendants(Home), n => n.Key == Team);
    }

    [Fact]
    public void Other_roots_get_their_own_segment()
    {
        var other = Guid.NewGuid();
        var snapshot = Build([.. Site(), Node(other, null, 1, (En, "Intranet", "intranet"))]);

        Assert.Equal("/intranet/", snapshot.GetPath(other, En));
        Assert.Equal([Home, other], snapshot.Roots.Select(r => r.Key));
    }

    [Fact]
    public void Children_follow_their_sort_order()
    {
        var nodes = Site();
        nodes[1] = Node(About, Home, 5, (En, "About", "about"), (Et, "Meist", "meist"));
        var snapshot = Build(nodes);

        Assert.Equal([News, About], snapshot.GetChildren(Home).Select(c => c.Key));
    }

    [Fact]
    public void When_two_siblings_share_a_segment_the_first_one_answers()
    {
        var twin = Guid.NewGuid();
        var snapshot = Build([.. Site(), Node(twin, Home, 9, (En, "About", "about"))]);

        Assert.Equal(About, snapshot.GetByPath(En, "/about/")?.Key);
        Assert.Null(snapshot.GetPath(twin, En));
    }

    [Fact]
    public void A_redirect_leads_from_an_old_path_to_the_node()
    {
        var snapshot = Build(Site(), (En, "/about-us/", About), (Et, "/meie/", About));

        Assert.Equal(About, snapshot.GetRedirect(En, "/About-Us")?.Key);
        Assert.Equal(About, snapshot.GetRedirect(Et, "/meie/")?.Key);
        Assert.Null(snapshot.GetRedirect(Et, "/about-us/"));
    }

    [Fact]
    public void A_redirect_never_shadows_a_live_page_nor_leads_to_an_unreachable_node()
    {
        var snapshot = Build(Site(), (En, "/news/", About), (Et, "/uudised/", News));

        Assert.Null(snapshot.GetRedirect(En, "/news/"));
        Assert.Null(snapshot.GetRedirect(Et, "/uudised/"));
    }

    [Fact]
    public void Ancestors_and_descendants_follow_the_tree()
    {
        var snapshot = Build(Site());

        Assert.Equal([About, Home], snapshot.GetAncestors(Team).Select(a => a.Key));
        Assert.Equal([About, Team, News], snapshot.GetDescendants(Home).Select(d => d.Key));
    }

    [Theory]
    [InlineData("", "/")]
    [InlineData("/", "/")]
    [InlineData("About", "/about/")]
    [InlineData("/About/Team/", "/about/team/")]
    public void Paths_are_normalised_to_lower_case_with_slashes(string path, string expected) =>
        Assert.Equal(expected, PublishedSnapshot.NormalizePath(path));

    [Fact]
    public void An_invariant_node_answers_for_every_culture()
    {
        var invariant = new PublishedContent
        {
            Key = Guid.NewGuid(),
            ParentKey = Home,
            ContentTypeAlias = "folder",
            VariesByCulture = false,
            SortOrder = 3,
            Cultures = new Dictionary<string, PublishedCulture>
            {
                [En] = new() { Culture = En, Name = "Files", UrlSegment = "files", Values = new Dictionary<string, string?>() },
            },
        };
        var snapshot = Build([.. Site(), invariant]);

        Assert.Equal("/files/", snapshot.GetPath(invariant.Key, En));
        Assert.Equal("/files/", snapshot.GetPath(invariant.Key, Et));
    }
}

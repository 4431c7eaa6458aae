using Isoc.Cms.Publishing;
using Isoc.Web.Site;

namespace Isoc.Tests.Unit;

public class SiteUrlsTests
{
    private static readonly PublishedSnapshot Snapshot =
        PublishedSnapshot.Build(1, "en-US", ["en-US", "et-EE"], [], [], DateTime.UnixEpoch);

    [Theory]
    [InlineData("/", "en-US", "/")]
    [InlineData("/about/", "en-US", "/about/")]
    [InlineData("/et", "et-EE", "/")]
    [InlineData("/et/", "et-EE", "/")]
    [InlineData("/et/meist/", "et-EE", "/meist/")]
    [InlineData("/ET/Meist", "et-EE", "/Meist")]
    [InlineData("/etc/", "en-US", "/etc/")]
    [InlineData("/estonia/", "en-US", "/estonia/")]
    [InlineData("/en/about/", "en-US", "/en/about/")]
    public void A_request_path_names_its_culture_by_its_first_segment_and_the_default_culture_has_none(string path, string culture, string rest)
    {
        Assert.Equal((culture, rest), SiteUrls.Resolve(Snapshot, path));
    }

    [Fact]
    public void Homes_are_the_root_and_the_language_folder()
    {
        Assert.Equal("/", SiteUrls.Home(Snapshot, "en-US"));
        Assert.Equal("/et/", SiteUrls.Home(Snapshot, "et-EE"));
    }

    [Theory]
    [InlineData("/a/../b/")]
    [InlineData("/./")]
    [InlineData("/a\u0001b/")]
    [InlineData("/a\nb/")]
    public void Traversal_and_control_characters_are_refused(string path) =>
        Assert.NotNull(SiteController.Refusal(path, null));

    [Fact]
    public void Overlong_addresses_are_refused_and_ordinary_ones_pass()
    {
        Assert.NotNull(SiteController.Refusal("/" + new string('a', SiteController.MaxUrlLength), null));
        Assert.NotNull(SiteController.Refusal("/a/", "?" + new string('q', SiteController.MaxUrlLength)));
        Assert.Null(SiteController.Refusal("/et/pohja-ameerika/", "?utm=1"));
    }

    [Theory]
    [InlineData("2011-12-15", "en-US", "15 December 2011")]
    [InlineData("2011-12-15", "et-EE", "15. detsember 2011")]
    public void Dates_are_written_as_each_language_writes_them(string iso, string culture, string expected) =>
        Assert.Equal(expected, SiteText.FormatDate(DateTime.Parse(iso, System.Globalization.CultureInfo.InvariantCulture), culture));
}

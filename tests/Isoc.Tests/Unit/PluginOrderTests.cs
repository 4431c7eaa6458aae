using Isoc.Plugins;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Isoc.Tests.Unit;

public class PluginOrderTests
{
    private sealed class FakePlugin(string id, List<string> log, params string[] dependencies) : IIsocPlugin
    {
        public string Id => id;

        public IReadOnlyList<string> Dependencies => dependencies;

        public void AddServices(IHostApplicationBuilder builder) => log.Add(id);

        public void MapEndpoints(IEndpointRouteBuilder endpoints)
        {
        }
    }

    private static HostApplicationBuilder Builder(params (string Key, string? Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }

        return builder;
    }

    [Fact]
    public void Dependencies_are_added_before_the_plugins_that_need_them()
    {
        var log = new List<string>();
        Builder().AddIsocPlugins(
            new FakePlugin("Forums", log, "Membership", "Mailings"),
            new FakePlugin("Membership", log, "Mailings"),
            new FakePlugin("Policies", log),
            new FakePlugin("Mailings", log));

        Assert.Equal(["Mailings", "Membership", "Forums", "Policies"], log);
    }

    [Fact]
    public void Each_plugin_is_added_once_even_when_many_depend_on_it()
    {
        var log = new List<string>();
        Builder().AddIsocPlugins(
            new FakePlugin("Consent", log),
            new FakePlugin("Analytics", log, "Consent"),
            new FakePlugin("Policies", log, "Consent"));

        Assert.Equal(["Consent", "Analytics", "Policies"], log);
    }

    [Fact]
    public void A_missing_dependency_throws_naming_both_plugins()
    {
        var log = new List<string>();
        var error = Assert.Throws<InvalidOperationException>(() => Builder().AddIsocPlugins(new FakePlugin("Forums", log, "Membership")));

        Assert.Contains("'Forums'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Membership'", error.Message, StringComparison.Ordinal);
        Assert.Empty(log);
    }

    [Fact]
    public void A_dependency_switched_off_in_configuration_counts_as_missing()
    {
        var log = new List<string>();
        var builder = Builder(("Isoc:Plugins:Membership:Enabled", "false"));

        Assert.Throws<InvalidOperationException>(() => builder.AddIsocPlugins(new FakePlugin("Membership", log), new FakePlugin("Forums", log, "Membership")));
    }

    [Fact]
    public void A_plugin_switched_off_is_not_added()
    {
        var log = new List<string>();
        Builder(("Isoc:Plugins:Forums:Enabled", "false")).AddIsocPlugins(new FakePlugin("Forums", log), new FakePlugin("Policies", log));

        Assert.Equal(["Policies"], log);
    }

    [Fact]
    public void A_dependency_cycle_throws()
    {
        var log = new List<string>();
        var error = Assert.Throws<InvalidOperationException>(() => Builder().AddIsocPlugins(new FakePlugin("A", log, "B"), new FakePlugin("B", log, "A")));

        Assert.Contains("cycle", error.Message, StringComparison.Ordinal);
    }
}

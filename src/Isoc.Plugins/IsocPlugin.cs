using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Isoc.Plugins;

/// <summary>
/// A site feature (Policies, Consent, Membership, …): it says who it is and what it needs, adds its services,
/// and maps its endpoints. Like an OrchardCore manifest and an Umbraco composer in one.
/// </summary>
public interface IIsocPlugin
{
    /// <summary>Stable id, also the configuration key: "Isoc:Plugins:{Id}:Enabled" switches it off.</summary>
    string Id { get; }

    /// <summary>Ids of the plugins this one needs; they are added first.</summary>
    IReadOnlyList<string> Dependencies { get; }

    void AddServices(IHostApplicationBuilder builder);

    void MapEndpoints(IEndpointRouteBuilder endpoints);
}

public static class IsocPluginExtensions
{
    /// <summary>Adds every known plugin that configuration leaves enabled, dependencies first.</summary>
    public static IHostApplicationBuilder AddIsocPlugins(this IHostApplicationBuilder builder, params IIsocPlugin[] plugins)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var enabled = Order(plugins.Where(p => builder.Configuration.GetValue($"Isoc:Plugins:{p.Id}:Enabled", true)).ToList());
        foreach (var plugin in enabled)
        {
            plugin.AddServices(builder);
            builder.Services.AddSingleton(plugin);
        }

        return builder;
    }

    public static IEndpointRouteBuilder MapIsocPlugins(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        foreach (var plugin in endpoints.ServiceProvider.GetServices<IIsocPlugin>())
        {
            plugin.MapEndpoints(endpoints);
        }

        return endpoints;
    }

    private static List<IIsocPlugin> Order(List<IIsocPlugin> plugins)
    {
        var byId = plugins.ToDictionary(p => p.Id, StringComparer.OrdinalIgnoreCase);
        var ordered = new List<IIsocPlugin>();
        var visiting = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var plugin in plugins)
        {
            Visit(plugin);
        }

        return ordered;

        void Visit(IIsocPlugin plugin)
        {
            if (ordered.Contains(plugin))
            {
                return;
            }

            if (!visiting.Add(plugin.Id))
            {
                throw new InvalidOperationException($"Plugin dependency cycle at '{plugin.Id}'.");
            }

            foreach (var dependency in plugin.Dependencies)
            {
                if (!byId.TryGetValue(dependency, out var required))
                {
                    throw new InvalidOperationException($"Plugin '{plugin.Id}' needs '{dependency}', which is missing or switched off.");
                }

                Visit(required);
            }

            ordered.Add(plugin);
        }
    }
}

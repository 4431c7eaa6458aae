using System.Reflection;

namespace Isoc.E2E.Infrastructure;

/// <summary>Where the repository and the site's build output are, found from the test assembly's location.</summary>
public static class RepositoryLayout
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder holding Isoc.Cms.sln.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>The site's project folder, used as its content root (appsettings.json, wwwroot).</summary>
    public static string WebProject => Path.Combine(Root, "src", "Isoc.Web");

    /// <summary>The uSync folder kept in source control: the seed content the site imports at first start.</summary>
    public static string USync => Path.Combine(Root, "uSync");

    /// <summary>The configuration this test assembly was built in (Debug or Release); the site is built in the same one.</summary>
    public static string BuildConfiguration =>
        typeof(RepositoryLayout).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration is { Length: > 0 } configuration
            ? configuration
            : "Debug";

    /// <summary>Isoc.Web.dll in the site's own build output (the test project references it, so it is built first).</summary>
    public static string WebAssembly
    {
        get
        {
            var path = Path.Combine(WebProject, "bin", BuildConfiguration, "net10.0", "Isoc.Web.dll");
            return File.Exists(path)
                ? path
                : throw new FileNotFoundException($"The site is not built: {path} is missing. Build the solution ({BuildConfiguration}) first.", path);
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Isoc.Cms.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Isoc.Cms.sln at or above {AppContext.BaseDirectory}.");
    }
}

namespace Isoc.Tests.Infrastructure;

/// <summary>Folders of the repository, found from the test assembly's location.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder holding Isoc.Cms.sln.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>The uSync folder kept in source control (the importer reads its "v17/").</summary>
    public static string USync => Path.Combine(Root, "uSync");

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

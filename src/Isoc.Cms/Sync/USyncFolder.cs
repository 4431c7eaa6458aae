using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Isoc.Cms.Sync;

/// <summary>Finds the uSync folder: the configured one, or the nearest "uSync" at or above the content root.</summary>
public sealed class USyncFolder(IOptions<USyncOptions> options, IHostEnvironment environment)
{
    public string? Resolve()
    {
        if (!string.IsNullOrWhiteSpace(options.Value.RootFolder))
        {
            var configured = Path.GetFullPath(options.Value.RootFolder, environment.ContentRootPath);
            return Directory.Exists(configured) ? configured : null;
        }

        for (var dir = new DirectoryInfo(environment.ContentRootPath); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "uSync");
            if (Directory.Exists(Path.Combine(candidate, "v17")))
            {
                return candidate;
            }
        }

        return null;
    }
}

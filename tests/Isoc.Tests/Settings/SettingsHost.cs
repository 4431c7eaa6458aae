using Isoc.Cms;
using Isoc.Tests.Infrastructure;

namespace Isoc.Tests.Settings;

/// <summary>
/// A host whose uSync folder is a throwaway copy of the repository's, so the settings section's export
/// writes there and never into the files kept in source control.
/// </summary>
public abstract class SettingsCmsFactory : CmsFactory
{
    protected SettingsCmsFactory(DatabaseProvider provider, string folder)
        : base(provider, new CmsHostOptions { Settings = new Dictionary<string, string?> { ["Isoc:USync:RootFolder"] = folder } })
    {
        USyncFolder = folder;
    }

    /// <summary>The copy of uSync/ this host imports from and exports to.</summary>
    public string USyncFolder { get; }

    public static string CopyOfSeed()
    {
        var target = Path.Combine(Path.GetTempPath(), "isoc-usync-" + Guid.NewGuid().ToString("N")[..12]);
        foreach (var file in Directory.EnumerateFiles(RepoPaths.USync, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(RepoPaths.USync, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(USyncFolder))
        {
            Directory.Delete(USyncFolder, recursive: true);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Posts fields (repeated names allowed) as a browser submits a form.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(FormSession session, string url, IEnumerable<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(session);
        using var content = new FormUrlEncodedContent(fields);
        return await session.Http.PostAsync(new Uri(url, UriKind.Relative), content);
    }
}

public sealed class SqliteSettingsFactory() : SettingsCmsFactory(DatabaseProvider.Sqlite, CopyOfSeed());

public sealed class PostgresSettingsFactory() : SettingsCmsFactory(DatabaseProvider.Postgres, CopyOfSeed());

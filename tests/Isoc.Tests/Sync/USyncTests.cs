using Isoc.Cms;
using Isoc.Cms.Data;
using Isoc.Cms.Publishing;
using Isoc.Cms.Sync;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Isoc.Tests.Sync;

public sealed class USyncTests : IAsyncLifetime
{
    private static readonly Guid HomeKey = Guid.Parse("e0000000-0000-4000-8000-000000000001");
    private static readonly Guid AboutKey = Guid.Parse("e0000000-0000-4000-8000-000000000002");
    private static readonly Guid PrivacyPolicyKey = Guid.Parse("e0000000-0000-4000-8000-000000000005");

    private readonly string _temp = Path.Combine(Path.GetTempPath(), "isoc-tests", "usync-" + Guid.NewGuid().ToString("N"));
    private IHost _host = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_temp);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _temp, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Isoc:DataPath"] = Path.Combine(_temp, "data"),
            ["Isoc:Install:ImportUSync"] = "false",
            ["Isoc:Install:AdminPassword"] = "Test-password-1",
            ["Isoc:Publishing:SchedulerEnabled"] = "false",
        });
        builder.AddIsocCms();
        _host = builder.Build();
        await _host.StartAsync(); // applies migrations
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_temp, recursive: true);
        }
        catch (IOException)
        {
            // a file still held open is left for the OS to clean up
        }
    }

    [Fact]
    public async Task Importing_the_repository_seed_and_exporting_it_gives_byte_identical_files()
    {
        var result = await ImportAsync(RepoUSync);
        Assert.Equal(2, result.Languages);
        Assert.Equal(10, result.Content);

        var exportRoot = Path.Combine(_temp, "export");
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IUSyncExporter>().ExportAsync(exportRoot, CancellationToken.None);
        }

        // v17/Forms belongs to the Forms plugin, which exports it itself (FormsHostTests has its round trip).
        var expected = RelativeFiles(RepoUSync).Where(f => !f.StartsWith("v17/Forms/", StringComparison.Ordinal)).ToList();
        var actual = RelativeFiles(exportRoot);
        Assert.Equal(expected, actual);
        Assert.NotEmpty(expected);
        foreach (var file in expected)
        {
            var want = await File.ReadAllBytesAsync(Path.Combine(RepoUSync, file));
            var got = await File.ReadAllBytesAsync(Path.Combine(exportRoot, file));
            Assert.True(want.AsSpan().SequenceEqual(got), $"{file} differs after import and export.");
        }
    }

    [Fact]
    public async Task Exporting_twice_over_the_same_folder_deletes_stale_files()
    {
        await ImportAsync(RepoUSync);
        var exportRoot = Path.Combine(_temp, "export");
        var stale = Path.Combine(exportRoot, "v17", "Content", "gone.config");
        Directory.CreateDirectory(Path.GetDirectoryName(stale)!);
        await File.WriteAllTextAsync(stale, "<Content />");

        await using var scope = _host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IUSyncExporter>().ExportAsync(exportRoot, CancellationToken.None);

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(Path.Combine(exportRoot, "v17", "Content", "about.config")));
    }

    [Fact]
    public async Task A_malformed_file_stops_the_import_naming_file_and_line_and_nothing_is_written()
    {
        var copy = CopySeed();
        var broken = Path.Combine(copy, "v17", "Content", "about.config");
        var lines = await File.ReadAllLinesAsync(broken);
        var index = Array.FindIndex(lines, l => l.Contains("<Trashed>", StringComparison.Ordinal));
        lines[index] = "    <Trashed>false</Trashd>";
        await File.WriteAllLinesAsync(broken, lines);

        var ex = await Assert.ThrowsAsync<USyncImportException>(() => ImportAsync(copy));
        Assert.Contains(broken, ex.Message, StringComparison.Ordinal);
        Assert.Contains($"({index + 1})", ex.Message, StringComparison.Ordinal);
        Assert.Equal(index + 1, ex.Line);
        await AssertDatabaseEmptyAsync();
    }

    [Fact]
    public async Task An_unknown_content_type_stops_the_import_naming_the_line_and_nothing_is_written()
    {
        var copy = CopySeed();
        var broken = Path.Combine(copy, "v17", "Content", "contact.config");
        var lines = await File.ReadAllLinesAsync(broken);
        var index = Array.FindIndex(lines, l => l.Contains("<ContentType>", StringComparison.Ordinal));
        lines[index] = "    <ContentType>noSuchType</ContentType>";
        await File.WriteAllLinesAsync(broken, lines);

        var ex = await Assert.ThrowsAsync<USyncImportException>(() => ImportAsync(copy));
        Assert.Contains($"{broken}({index + 1})", ex.Message, StringComparison.Ordinal);
        Assert.Contains("noSuchType", ex.Message, StringComparison.Ordinal);
        await AssertDatabaseEmptyAsync();
    }

    [Fact]
    public async Task The_imported_snapshot_routes_home_about_and_the_privacy_policy()
    {
        await ImportAsync(RepoUSync);
        var snapshot = _host.Services.GetRequiredService<IPublishedSnapshotAccessor>().Current;

        Assert.Equal(HomeKey, snapshot.GetByPath("en-US", "/")?.Key);
        Assert.Equal(HomeKey, snapshot.GetByPath("et-EE", "/")?.Key);
        Assert.Equal("Internetiühing", snapshot.Get(HomeKey)!.ForCulture("et-EE")!.Name);

        Assert.Equal(AboutKey, snapshot.GetByPath("en-US", "/about/")?.Key);
        Assert.Equal(AboutKey, snapshot.GetByPath("et-EE", "/meist/")?.Key);
        Assert.Contains("Internet Society (ISOC) on mittetulunduslik", snapshot.Get(AboutKey)!.ForCulture("et-EE")!.Value("bodyText"), StringComparison.Ordinal);

        Assert.Equal(PrivacyPolicyKey, snapshot.GetByPath("en-US", "/privacy-policy/")?.Key);
        Assert.Null(snapshot.GetByPath("et-EE", "/privaatsuspoliitika/"));
        var policy = snapshot.Get(PrivacyPolicyKey)!.ForCulture("en-US")!;
        Assert.Equal("2011-12-15", policy.Value("effectiveDate"));
        Assert.Contains("# Internet Society Privacy Policy", policy.Value("bodyText"), StringComparison.Ordinal);
    }

    private static string RepoUSync
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Isoc.Cms.sln")))
                {
                    return Path.Combine(dir.FullName, "uSync");
                }
            }

            throw new InvalidOperationException("No Isoc.Cms.sln above " + AppContext.BaseDirectory);
        }
    }

    private async Task<USyncImportResult> ImportAsync(string folder)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IUSyncImporter>().ImportAsync(folder, CancellationToken.None);
    }

    private async Task AssertDatabaseEmptyAsync()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        Assert.False(await db.Languages.AnyAsync());
        Assert.False(await db.DocumentTypes.AnyAsync());
        Assert.False(await db.ContentNodes.AnyAsync());
    }

    private string CopySeed()
    {
        var target = Path.Combine(_temp, "seed");
        foreach (var file in RelativeFiles(RepoUSync))
        {
            var destination = Path.Combine(target, file);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(Path.Combine(RepoUSync, file), destination);
        }

        return target;
    }

    private static List<string> RelativeFiles(string root) =>
        Directory.EnumerateFiles(Path.Combine(root, "v17"), "*.config", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f))
            .Order(StringComparer.Ordinal)
            .ToList();
}
